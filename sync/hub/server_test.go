package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

type rig struct {
	t      *testing.T
	path   string
	store  *SQLite
	server *Server
	ts     *httptest.Server
	signer wire.Signer
	key    ed25519.PrivateKey // province
	log    *logLines
	ahead  atomic.Int64 // how far the hub's clock is ahead of the wall clock (ns)
}

const testAdminToken = "admin-token-for-the-tests-0123456789"

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "hub.db"), log: &logLines{}}
	_, r.key, _ = ed25519.GenerateKey(nil)
	r.start()
	t.Cleanup(func() { r.ts.Close(); r.store.Close() })
	r.signer = r.enrol("xa-tan-lap", "")
	return r
}

// start opens the store and serves it; after stop, it is a restarted hub on the same file.
func (r *rig) start() {
	st, err := OpenSQLite(context.Background(), r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	r.store = st
	r.server = &Server{Store: st, SigningKey: r.key, AdminToken: testAdminToken, Logger: slog.New(slog.NewJSONHandler(r.log, nil)),
		Clock: func() time.Time { return time.Now().Add(time.Duration(r.ahead.Load())) }}
	r.ts = httptest.NewServer(r.server.Handler())
}

func (r *rig) restart() {
	r.ts.Close()
	r.store.Close()
	r.start()
}

// logLines collects the hub's JSON log.
type logLines struct {
	mu  stdsync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

// entries returns the log's records with msg.
func (l *logLines) entries(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.buf.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// postEnrol posts an enrolment and returns the status and reply.
func (r *rig) postEnrol(req wire.EnrolRequest) (int, wire.EnrolReply) {
	body, _ := json.Marshal(req)
	resp, err := http.Post(r.ts.URL+wire.PathEnrol, "application/json", bytes.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var rep wire.EnrolReply
	_ = json.NewDecoder(resp.Body).Decode(&rep)
	return resp.StatusCode, rep
}

func (r *rig) token(commune, cluster string, ttl time.Duration) wire.EnrolToken {
	s, err := CreateEnrolToken(context.Background(), r.store, r.key.Public().(ed25519.PublicKey), Token{Commune: commune, Cluster: cluster, Expires: time.Now().Add(ttl)}, time.Now())
	if err != nil {
		r.t.Fatal(err)
	}
	tok, err := wire.ParseEnrolToken(s)
	if err != nil {
		r.t.Fatal(err)
	}
	return tok
}

func (r *rig) enrol(commune, cluster string) wire.Signer {
	tok := r.token(commune, cluster, time.Hour)
	if tok.ProvinceKey != wire.Fingerprint(r.key.Public().(ed25519.PublicKey)) {
		r.t.Fatal("the token does not pin the province key")
	}
	_, priv, _ := ed25519.GenerateKey(nil)
	st, rep := r.postEnrol(wire.NewEnrolRequest(tok.Secret, "epoch-1", priv))
	if st != 200 || len(rep.ProvinceKeys) != 1 || rep.Cluster != cluster {
		r.t.Fatalf("enrol: %d %+v", st, rep)
	}
	return wire.Signer{Kiosk: rep.KioskID, Epoch: "epoch-1", Key: priv}
}

// do sends a signed request and returns status and body.
func (r *rig) do(s wire.Signer, method, path string, body []byte, gz bool, at time.Time) (int, []byte, *http.Request) {
	req, _ := http.NewRequest(method, r.ts.URL+path, bytes.NewReader(body))
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	s.Sign(req, wire.BodyHash(body), at)
	return r.send(req, body)
}

func (r *rig) send(req *http.Request, body []byte) (int, []byte, *http.Request) {
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, req
}

// eventTime is when the test's events were written: one fixed instant, so a batch sent
// again carries the same content.
var eventTime = time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)

func batch(s wire.Signer, from int64, n int) []byte {
	b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: from}
	for i := 0; i < n; i++ {
		seq := from + int64(i)
		b.Events = append(b.Events, wire.Event{Seq: seq, Kind: "ticket.issued", Body: json.RawMessage(fmt.Sprintf(`{"n":%d}`, seq)), CreatedAt: eventTime})
	}
	w, _ := wire.EncodeBatch(b)
	return w
}

func problemCode(t *testing.T, body []byte) string {
	var p wire.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("not a problem: %s", body)
	}
	return p.Code
}

func (r *rig) count() int {
	evs, err := r.store.Events(context.Background(), EventQuery{Limit: 100000})
	if err != nil {
		r.t.Fatal(err)
	}
	return len(evs)
}

func TestIngestIdempotentWithGapCheck(t *testing.T) {
	r := newRig(t)
	s := r.signer
	st, body, _ := r.do(s, "POST", wire.PathEvents, batch(s, 1, 10), true, time.Now())
	var ack wire.Ack
	if st != 200 || json.Unmarshal(body, &ack) != nil || ack.AckedThrough != 10 {
		t.Fatalf("first batch: %d %s", st, body)
	}
	// The same batch again (a retry after a lost answer): same ack, nothing doubled.
	st, body, _ = r.do(s, "POST", wire.PathEvents, batch(s, 1, 10), true, time.Now())
	if st != 200 || !strings.Contains(string(body), `"acked_through":10`) || r.count() != 10 {
		t.Fatalf("retry: %d %s, %d events", st, body, r.count())
	}
	// Overlapping batch.
	if st, body, _ = r.do(s, "POST", wire.PathEvents, batch(s, 5, 10), true, time.Now()); st != 200 || !strings.Contains(string(body), `"acked_through":14`) {
		t.Fatalf("overlap: %d %s", st, body)
	}
	// A gap: 409 with the expected seq, nothing stored.
	st, body, _ = r.do(s, "POST", wire.PathEvents, batch(s, 20, 3), true, time.Now())
	var p wire.Problem
	_ = json.Unmarshal(body, &p)
	if st != 409 || p.Code != wire.CodeGap || p.ExpectedSeq != 15 || r.count() != 14 {
		t.Fatalf("gap: %d %s", st, body)
	}
	evs, _ := r.store.Events(context.Background(), EventQuery{Kiosk: s.Kiosk, Kind: "ticket.issued", AfterSeq: 12, Limit: 10})
	if len(evs) != 2 || evs[0].Seq != 13 || string(evs[1].Body) != `{"n":14}` {
		t.Fatalf("query: %+v", evs)
	}
}

func TestRefusalsChangeNothing(t *testing.T) {
	r := newRig(t)
	s := r.signer
	good := batch(s, 1, 2)
	_, priv2, _ := ed25519.GenerateKey(nil)
	over := make([]byte, wire.MaxWireBytes+10)
	revoked := r.enrol("xa-khac", "")
	if err := r.store.Revoke(context.Background(), revoked.Kiosk, time.Now()); err != nil {
		t.Fatal(err)
	}
	otherKiosk := batch(revoked, 1, 1)
	cases := []struct {
		name   string
		signer wire.Signer
		body   []byte
		at     time.Time
		status int
		code   string
	}{
		{"wrong key", wire.Signer{Kiosk: s.Kiosk, Epoch: s.Epoch, Key: priv2}, good, time.Now(), 401, wire.CodeBadSignature},
		{"unknown kiosk", wire.Signer{Kiosk: "nobody", Epoch: "e", Key: priv2}, good, time.Now(), 401, wire.CodeUnknownKiosk},
		{"revoked", revoked, otherKiosk, time.Now(), 403, wire.CodeRevoked},
		{"clock a month off", s, good, time.Now().Add(-30 * 24 * time.Hour), 401, wire.CodeClockSkew},
		{"oversize", s, over, time.Now(), 413, wire.CodeTooLarge},
		{"malformed", s, wire.Gzip([]byte(`{"kiosk":`)), time.Now(), 400, wire.CodeMalformed},
		{"another kiosk's batch", s, otherKiosk, time.Now(), 400, wire.CodeMalformed},
	}
	for _, c := range cases {
		st, body, _ := r.do(c.signer, "POST", wire.PathEvents, c.body, true, c.at)
		if st != c.status || problemCode(t, body) != c.code {
			t.Errorf("%s: %d %s", c.name, st, body)
		}
	}
	// A tampered body under a good signature.
	req, _ := http.NewRequest("POST", r.ts.URL+wire.PathEvents, nil)
	req.Header.Set("Content-Encoding", "gzip")
	s.Sign(req, wire.BodyHash(good), time.Now())
	if st, body, _ := r.send(req, batch(s, 1, 3)); st != 401 || problemCode(t, body) != wire.CodeBadSignature {
		t.Errorf("tampered: %d %s", st, body)
	}
	// A replayed request: the same headers and body again.
	st, _, sent := r.do(s, "POST", wire.PathEvents, good, true, time.Now())
	if st != 200 {
		t.Fatalf("good: %d", st)
	}
	replay, _ := http.NewRequest("POST", r.ts.URL+wire.PathEvents, nil)
	replay.Header = sent.Header.Clone()
	if st, body, _ := r.send(replay, good); st != 401 || problemCode(t, body) != wire.CodeReplay {
		t.Errorf("replay: %d %s", st, body)
	}
	if r.count() != 2 {
		t.Fatalf("%d events held, want 2", r.count())
	}
}

func TestBusinessRejection(t *testing.T) {
	r := newRig(t)
	r.server.Reject = func(e wire.Event) string {
		if e.Seq == 2 {
			return "unknown procedure"
		}
		return ""
	}
	st, body, _ := r.do(r.signer, "POST", wire.PathEvents, batch(r.signer, 1, 3), true, time.Now())
	var ack wire.Ack
	_ = json.Unmarshal(body, &ack)
	if st != 200 || ack.AckedThrough != 3 || len(ack.Rejected) != 1 || ack.Rejected[0].Seq != 2 {
		t.Fatalf("%d %s", st, body)
	}
}

func TestBundlesByScopeAndVersion(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for _, p := range []Publication{
		// As a file is written: spaces, a trailing newline, and characters JSON escapes.
		{Kind: "config", Payload: []byte("{\"v\": 1, \"note\": \"Hộ tịch & <chứng thực>\"}\n")},
		{Kind: "config", Payload: []byte(`{"v":2}`), Scope: "commune:xa-khac"},
	} {
		if _, err := Publish(ctx, r.store, r.key, p, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Publish(ctx, r.store, r.key, Publication{Kind: "config", Version: 1, Payload: []byte(`{}`)}, time.Now()); err == nil {
		t.Fatal("republished an old version")
	}
	if _, err := Publish(ctx, r.store, r.key, Publication{Kind: "firmware", Payload: []byte(`{}`)}, time.Now()); err == nil {
		t.Fatal("unknown kind published")
	}
	st, body, _ := r.do(r.signer, "GET", wire.PathBundles+"config?since=0", nil, false, time.Now())
	var b wire.Bundle
	if st != 200 || json.Unmarshal(body, &b) != nil || b.Version != 1 {
		t.Fatalf("%d %s", st, body)
	}
	if err := wire.VerifyBundle(&b, wire.Keys{r.key.Public().(ed25519.PublicKey)}); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := r.do(r.signer, "GET", wire.PathBundles+"config?since=1", nil, false, time.Now()); st != 204 {
		t.Fatalf("out-of-scope v2 served: %d", st)
	}
}

func TestHeartbeatCommandsAndSkew(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	id, err := r.store.QueueCommand(ctx, r.signer.Kiosk, wire.CommandSyncNow, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.QueueCommand(ctx, r.signer.Kiosk, wire.CommandSendLogs, time.Nanosecond, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	hb, _ := json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now().Add(-31 * 24 * time.Hour), Backlog: 5})
	st, body, _ := r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now())
	var rep wire.HeartbeatReply
	if st != 200 || json.Unmarshal(body, &rep) != nil || len(rep.Commands) != 1 || rep.Commands[0].ID != id {
		t.Fatalf("%d %s", st, body)
	}
	hb, _ = json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now(), Results: []wire.CommandResult{{ID: id, State: wire.StateDone}}})
	if st, body, _ = r.do(r.signer, "POST", wire.PathHeartbeat, hb, false, time.Now()); st != 200 || strings.Contains(string(body), "commands") {
		t.Fatalf("%d %s", st, body)
	}
	cmds, _ := r.store.Commands(ctx, r.signer.Kiosk)
	states := map[string]string{}
	for _, c := range cmds {
		states[c.Kind] = c.State
	}
	if states[wire.CommandSyncNow] != wire.StateDone || states[wire.CommandSendLogs] != wire.StateExpired {
		t.Fatalf("states %v", states)
	}
	hist, _ := r.store.Heartbeats(ctx, r.signer.Kiosk, 10)
	if len(hist) != 2 || hist[1].SkewMillis > -30*24*3600*1000 {
		t.Fatalf("history %+v", hist)
	}
	// The dashboard lists the kiosk in Vietnamese.
	req, _ := http.NewRequest("GET", r.ts.URL+"/", nil)
	req.SetBasicAuth("it", testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), r.signer.Kiosk) || !strings.Contains(string(page), "trực tuyến") {
		t.Fatalf("dashboard: %s", page)
	}
}

func TestShedsWhenOverloaded(t *testing.T) {
	r := newRig(t)
	r.server.sem <- struct{}{} // fill the bound (64 by default) but for nothing: fill it all
	for i := 1; i < cap(r.server.sem); i++ {
		r.server.sem <- struct{}{}
	}
	req, _ := http.NewRequest("POST", r.ts.URL+wire.PathEvents, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
}
