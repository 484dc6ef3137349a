package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// envChildArgs makes the test binary a `motcua-hub` process with these arguments (JSON):
// the multi-hub test runs real, separate hub processes without building the binary.
const envChildArgs = "MOTCUA_HUB_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(envChildArgs); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			panic(err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := run(ctx, args, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "motcua-hub:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(pgtest.Main(m))
}

// hubProcess is one `motcua-hub serve` process on a loopback port.
type hubProcess struct {
	URL  string
	cmd  *exec.Cmd
	addr chan string
	log  bytes.Buffer // its stderr: the JSON log
	mu   stdsync.Mutex
}

// launchHubProcess starts a hub process; listening waits for its address.
func launchHubProcess(t *testing.T, args ...string) *hubProcess {
	t.Helper()
	a, _ := json.Marshal(append([]string{"serve", "-listen", "127.0.0.1:0"}, args...))
	h := &hubProcess{cmd: exec.Command(os.Args[0], "-test.run=^$")}
	h.cmd.Env = append(os.Environ(), envChildArgs+"="+string(a))
	h.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // the test died: so does the hub
	stderr, err := h.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	h.addr = addr
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			h.mu.Lock()
			h.log.Write(append(sc.Bytes(), '\n'))
			h.mu.Unlock()
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "motcua-hub listening" {
				addr <- m["addr"].(string)
			}
		}
		close(addr)
	}()
	t.Cleanup(func() {
		_ = h.cmd.Process.Signal(syscall.SIGTERM)
		if err := h.cmd.Wait(); err != nil {
			t.Errorf("hub process ended with %v; its log:\n%s", err, h.logText())
		}
	})
	return h
}

func (h *hubProcess) listening(t *testing.T) {
	t.Helper()
	select {
	case a, ok := <-h.addr:
		if !ok { // its stderr has ended: the whole log is read
			t.Fatalf("the hub process ended before it listened:\n%s", h.logText())
		}
		h.URL = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("the hub process never listened:\n%s", h.logText())
	}
}

func (h *hubProcess) logText() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.log.String()
}

// metric reads one sample of the hub's /metrics (0 when absent).
func (h *hubProcess) metric(t *testing.T, name string) float64 {
	t.Helper()
	req, _ := http.NewRequest("GET", h.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+adminTok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// roundRobin is a loopback balancer: request n goes to hub n mod 2, strictly in turn.
func roundRobin(t *testing.T, hubs ...*hubProcess) string {
	var n atomic.Uint64
	targets := make([]*url.URL, len(hubs))
	for i, h := range hubs {
		targets[i], _ = url.Parse(h.URL)
	}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(targets[(n.Add(1)-1)%uint64(len(targets))])
		r.Out.Host = r.In.Host
	}}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// wireKiosk is a kiosk as the hub sees it: its identity and the signed requests it sends.
type wireKiosk struct {
	signer wire.Signer
}

// send signs body afresh (a new nonce, as the kiosk's retry does) and posts it to base.
func (k wireKiosk) send(t *testing.T, base, path string, body []byte, gz bool) (int, []byte, http.Header) {
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	k.signer.Sign(req, wire.BodyHash(body), time.Now())
	sent := req.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil, sent
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, sent
}

func (k wireKiosk) batch(from int64, n int) []byte {
	b := &wire.Batch{Kiosk: k.signer.Kiosk, Epoch: k.signer.Epoch, FromSeq: from}
	for i := range n {
		seq := from + int64(i)
		b.Events = append(b.Events, wire.Event{Seq: seq, Kind: "ticket.issued",
			Body: json.RawMessage(fmt.Sprintf(`{"number":"A%03d"}`, seq)), CreatedAt: time.Date(2026, 12, 1, 8, 0, int(seq), 0, time.UTC)})
	}
	body, _ := wire.EncodeBatch(b)
	return body
}

// Two `motcua-hub serve` processes over one PostgreSQL database behind a round-robin
// balancer: kiosks enrol and push through it, every batch sent twice at once (a retry
// racing its original, the two copies on different hubs). Every (kiosk, epoch, seq) is
// stored once and every batch stored by one hub; a request one hub took is a replay at
// the other; a command queued at one hub is handed out, acknowledged and finished once.
func TestTwoHubProcessesOverOnePostgres(t *testing.T) {
	db := pgtest.DB(t)
	f := newHubFiles(t)
	args := []string{"-db", db, "-key", f.key, "-personal-key", f.personal, "-admin-token-file", f.admin, "-insecure-dev"}
	// Started together: both find the database empty and apply the migrations, once.
	hubs := []*hubProcess{launchHubProcess(t, args...), launchHubProcess(t, args...)}
	for _, h := range hubs {
		h.listening(t)
	}
	a, b := hubs[0], hubs[1]
	var wg stdsync.WaitGroup
	lb := roundRobin(t, a, b)
	ctx := context.Background()

	const kiosks, batches, per = 8, 10, 50
	ks := make([]wireKiosk, kiosks)
	for i := range ks {
		var out bytes.Buffer
		if err := run(ctx, []string{"token", "create", "-db", db, "-key", f.key, "-personal-key", f.personal, "--commune", fmt.Sprintf("Xã %d", i)}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		id, err := client.Enrol(ctx, lb, strings.TrimSpace(out.String()), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ks[i] = wireKiosk{wire.Signer{Kiosk: id.KioskID, Epoch: "epoch-1", Key: id.Key}}
	}

	for _, k := range ks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range batches {
				from := int64(n*per + 1)
				body := k.batch(from, per)
				var pair stdsync.WaitGroup
				for range 2 {
					pair.Add(1)
					go func() {
						defer pair.Done()
						st, rb, _ := k.send(t, lb, wire.PathEvents, body, true)
						var ack wire.Ack
						if st != 200 || json.Unmarshal(rb, &ack) != nil || ack.AckedThrough != from+per-1 {
							t.Errorf("kiosk %s batch from %d: %d %s", k.signer.Kiosk, from, st, rb)
						}
					}()
				}
				pair.Wait()
			}
		}()
	}
	wg.Wait()

	st, err := hub.Open(ctx, db, hub.WithPersonalKey(f.personal))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(ctx, hub.EventQuery{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range evs {
		seen[fmt.Sprintf("%s/%s/%d", e.Kiosk, e.Epoch, e.Seq)]++
		if want := fmt.Sprintf(`{"number":"A%03d"}`, e.Seq); string(e.Body) != want {
			t.Errorf("%s seq %d holds %s", e.Kiosk, e.Seq, e.Body)
		}
	}
	for _, k := range ks {
		for seq := 1; seq <= batches*per; seq++ {
			if n := seen[fmt.Sprintf("%s/epoch-1/%d", k.signer.Kiosk, seq)]; n != 1 {
				t.Fatalf("%s seq %d held %d times", k.signer.Kiosk, seq, n)
			}
		}
	}
	if len(evs) != kiosks*batches*per {
		t.Fatalf("the hubs hold %d events, want %d", len(evs), kiosks*batches*per)
	}
	// The balancer sent each hub half of the copies; between them each batch was stored
	// by one hub and answered as a duplicate by the other, and each event counted once.
	stored := a.metric(t, "motcua_hub_events_stored_total") + b.metric(t, "motcua_hub_events_stored_total")
	byStore := a.metric(t, `motcua_hub_batches_total{result="stored"}`) + b.metric(t, `motcua_hub_batches_total{result="stored"}`)
	for _, h := range hubs {
		if got := h.metric(t, `motcua_hub_batches_total{result="stored"}`) + h.metric(t, `motcua_hub_batches_total{result="duplicate"}`); got != kiosks*batches {
			t.Errorf("hub %s answered %v batches, want %d (half)", h.URL, got, kiosks*batches)
		}
	}
	if stored != kiosks*batches*per || byStore != kiosks*batches {
		t.Errorf("the hubs counted %v events and %v batches stored, want %d and %d", stored, byStore, kiosks*batches*per, kiosks*batches)
	}

	// A request hub A took is a replay at hub B: the nonce is in the database.
	k := ks[0]
	hb, _ := json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now()})
	code, _, sent := k.send(t, a.URL, wire.PathHeartbeat, hb, false)
	if code != 200 {
		t.Fatalf("heartbeat at hub A: %d", code)
	}
	replay, _ := http.NewRequest("POST", b.URL+wire.PathHeartbeat, bytes.NewReader(hb))
	replay.Header = sent
	resp, err := http.DefaultClient.Do(replay)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(rb), wire.CodeReplay) {
		t.Fatalf("hub A's request replayed at hub B: %d %s", resp.StatusCode, rb)
	}

	// A command queued through the balancer: handed out by one hub, acknowledged at the
	// other, never handed out again by either.
	req, _ := http.NewRequest("POST", lb+"/admin/v1/kiosks/"+k.signer.Kiosk+"/commands", strings.NewReader(`{"kind":"sync_now"}`))
	req.Header.Set("Authorization", "Bearer "+adminTok)
	if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != 201 {
		t.Fatalf("queue a command: %v %v", resp, err)
	}
	resp.Body.Close()
	beat := func(base string, results ...wire.CommandResult) []wire.Command {
		hb, _ := json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now(), Results: results})
		code, rb, _ := k.send(t, base, wire.PathHeartbeat, hb, false)
		var rep wire.HeartbeatReply
		if code != 200 || json.Unmarshal(rb, &rep) != nil {
			t.Fatalf("heartbeat: %d %s", code, rb)
		}
		return rep.Commands
	}
	cmds := beat(lb)
	if len(cmds) != 1 || cmds[0].Kind != wire.CommandSyncNow {
		t.Fatalf("the command was not handed out: %+v", cmds)
	}
	if again := beat(lb); len(again) != 1 || again[0].ID != cmds[0].ID { // not acknowledged yet: the other hub lists it too
		t.Fatalf("the other hub lists %+v", again)
	}
	if left := beat(lb, wire.CommandResult{ID: cmds[0].ID, State: wire.StateDone}); len(left) != 0 {
		t.Fatalf("after the acknowledgement: %+v", left)
	}
	for _, h := range hubs {
		if left := beat(h.URL, wire.CommandResult{ID: cmds[0].ID, State: wire.StateFailed, Detail: "a late copy"}); len(left) != 0 {
			t.Fatalf("hub %s hands out an acknowledged command: %+v", h.URL, left)
		}
	}
	rows, err := st.Commands(ctx, k.signer.Kiosk)
	if err != nil || len(rows) != 1 || rows[0].State != wire.StateDone || rows[0].Detail != "" {
		t.Fatalf("the command as held: %+v %v", rows, err)
	}

	// Both hubs ran on the database they were given, which has each migration once.
	for _, h := range hubs {
		if !strings.Contains(h.logText(), `"db":"postgres://`) {
			t.Errorf("hub %s log does not name its database:\n%s", h.URL, h.logText())
		}
	}
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var applied, distinct int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&applied, &distinct); err != nil || applied != distinct || applied == 0 {
		t.Errorf("schema_migrations: %d rows, %d versions (%v)", applied, distinct, err)
	}
	if slices.ContainsFunc(evs, func(e hub.StoredEvent) bool { return e.Rejected != "" }) {
		t.Error("an event was stored as rejected")
	}
}
