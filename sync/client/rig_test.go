package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk/sqlite"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// hubProc is a real hub on a loopback port that can be stopped and started again on the
// same port with the same database (a restart).
type hubProc struct {
	t      testing.TB
	dbPath string // its SQLite file (backup and restore copy it)
	where  string // what hub.Open opens: dbPath, or a PostgreSQL URL
	// personalKey is the hub's personal data key file ("": beside dbPath); hubs over one
	// PostgreSQL share one.
	personalKey string
	addr        string
	key         ed25519.PrivateKey
	Clock       func() time.Time
	Logger      *slog.Logger

	mu    stdsync.Mutex
	store hub.Store
	srv   *http.Server
}

func startHub(t testing.TB) *hubProc {
	_, key, _ := ed25519.GenerateKey(nil)
	path := filepath.Join(t.TempDir(), "hub.db")
	h := &hubProc{t: t, dbPath: path, where: path, key: key}
	h.start()
	t.Cleanup(h.stop)
	return h
}

// startHubOn starts a hub over the database at where with the province key and personal
// data key file of another hub: one more hub process of the same province.
func startHubOn(t testing.TB, where string, key ed25519.PrivateKey, personalKey string) *hubProc {
	h := &hubProc{t: t, where: where, key: key, personalKey: personalKey}
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *hubProc) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, err := hub.Open(context.Background(), h.where, hub.WithPersonalKey(h.personalKey))
	if err != nil {
		h.t.Fatal(err)
	}
	addr := h.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	for i := 0; i < 100; i++ { // the old socket may linger a moment after Close
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	if h.addr == "" { // set once: a restart listens on the same port
		h.addr = ln.Addr().String()
	}
	s := &hub.Server{Store: st, SigningKey: h.key, Clock: h.Clock, MaxInFlight: 512, Logger: h.Logger, AdminToken: rigAdminToken}
	h.store, h.srv = st, &http.Server{Handler: s.Handler()}
	go h.srv.Serve(ln)
}

func (h *hubProc) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.srv != nil {
		h.srv.Close()
		h.store.Close()
		h.srv, h.store = nil, nil
	}
}

func (h *hubProc) restart() { h.stop(); h.start() }

// backup copies the hub's database files aside, the hub stopped for a moment.
func (h *hubProc) backup() string {
	dir := h.t.TempDir()
	h.stop()
	defer h.start()
	copyDB(h.t, h.dbPath, filepath.Join(dir, "hub.db"))
	return filepath.Join(dir, "hub.db")
}

// restore puts a backup in place of the hub's database and starts the hub on it.
func (h *hubProc) restore(backup string) {
	h.stop()
	defer h.start()
	copyDB(h.t, backup, h.dbPath)
}

// copyDB copies a closed SQLite database with its WAL files (a missing one is removed).
func copyDB(t testing.TB, from, to string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(from + suffix)
		if errors.Is(err, os.ErrNotExist) {
			_ = os.Remove(to + suffix)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func (h *hubProc) url() string { return "http://" + h.addr }

// rigAdminToken opens the rig's hubs' IT API.
const rigAdminToken = "rig-admin-token-0123456789abcdef"

// api sends a request to the hub's IT API with the admin token, as IT's scripts do.
func (h *hubProc) api(method, path, body string) (int, []byte) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.url()+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+rigAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (h *hubProc) Store() hub.Store {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.store
}

// token makes an enrolment token for commune, as `motcua-hub token create` prints it.
func (h *hubProc) token(commune string) string {
	tok, err := hub.CreateEnrolToken(context.Background(), h.Store(), h.key.Public().(ed25519.PublicKey), hub.Token{Commune: commune}, time.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// enrol makes a token and enrols a kiosk data directory with the hub directly.
func (h *hubProc) enrol(dataDir string) *client.Identity {
	id, err := client.Enrol(context.Background(), h.url(), h.token("Tân Lập"), dataDir)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// fault is what the proxy does to one request.
type fault int

const (
	pass       fault = iota
	drop             // close the connection without an answer, the hub never sees it
	lostAnswer       // the hub stores it, the answer is lost (connection closed)
	reset            // TCP reset before the hub sees it
	truncate         // the hub answers, the kiosk gets half of it
	duplicate        // the hub gets it twice
	delay            // a slow network
	status500
	status503
	status429
	restartHub // the hub is restarted while it handles the request
	hold       // the hub stores it; the answer waits until the kiosk hangs up
)

var faultNames = [...]string{"pass", "drop", "lost answer", "reset", "truncate", "duplicate", "delay", "500", "503", "429", "restart", "hold"}

func (f fault) String() string { return faultNames[f] }

// proxy forwards to its hubs in turn (one request to each; a duplicate's copy goes to the
// next), injecting faults chosen by Pick.
type proxy struct {
	hubs   []*hubProc
	turn   atomic.Uint64
	pick   atomic.Pointer[func(r *http.Request) fault]
	Mutate func(path string, body []byte) []byte // changes answers (tampering)
	// Tap sees each request and its body as they pass (a man in the middle capturing).
	Tap func(r *http.Request, body []byte)
	// Forge changes an answer's status line, headers and body, as a man in the middle would.
	Forge func(r *http.Request, status int, h http.Header, body []byte) (int, []byte)
	seen  [len(faultNames)]atomic.Int64
	URL   string
	held  chan struct{} // one value per held request, once the hub has answered
	c     *http.Client
}

func startProxy(t testing.TB, hubs ...*hubProc) *proxy {
	p := &proxy{hubs: hubs, c: &http.Client{Timeout: 10 * time.Second}, held: make(chan struct{}, 16)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	p.URL = "http://" + ln.Addr().String()
	return p
}

// randomFaults picks a fault for rate of the requests, uniformly among them.
func randomFaults(seed uint64, rate float64, faults ...fault) func(*http.Request) fault {
	var mu stdsync.Mutex
	r := rand.New(rand.NewPCG(seed, seed))
	return func(*http.Request) fault {
		mu.Lock()
		defer mu.Unlock()
		if r.Float64() >= rate {
			return pass
		}
		return faults[r.IntN(len(faults))]
	}
}

// setPick sets how the proxy chooses faults (nil: none).
func (p *proxy) setPick(f func(*http.Request) fault) {
	if f == nil {
		p.pick.Store(nil)
		return
	}
	p.pick.Store(&f)
}

func (p *proxy) forward(h *hubProc, r *http.Request, body []byte) (*http.Response, []byte, error) {
	req, _ := http.NewRequestWithContext(r.Context(), r.Method, h.url()+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := p.c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	return resp, rb, err
}

func hangUp(w http.ResponseWriter, rst bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok && rst {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if p.Tap != nil {
		p.Tap(r, body)
	}
	f := pass
	if pk := p.pick.Load(); pk != nil {
		f = (*pk)(r)
	}
	p.seen[f].Add(1)
	n := p.turn.Add(1) - 1
	h, next := p.hubs[n%uint64(len(p.hubs))], p.hubs[(n+1)%uint64(len(p.hubs))]
	switch f {
	case drop:
		hangUp(w, false)
		return
	case reset:
		hangUp(w, true)
		return
	case status500, status503, status429:
		code := map[fault]int{status500: 500, status503: 503, status429: 429}[f]
		if f != status500 {
			w.Header().Set("Retry-After", "0")
		}
		http.Error(w, "injected", code)
		return
	case delay:
		time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
	case duplicate:
		_, _, _ = p.forward(next, r, body)
	case restartHub:
		done := make(chan struct{})
		go func() { h.restart(); close(done) }()
		_, _, _ = p.forward(h, r, body)
		<-done
		hangUp(w, false)
		return
	}
	resp, rb, err := p.forward(h, r, body)
	if err != nil {
		hangUp(w, false)
		return
	}
	if f == hold {
		p.held <- struct{}{}
		<-r.Context().Done()
		return
	}
	if f == lostAnswer {
		hangUp(w, false)
		return
	}
	if p.Mutate != nil {
		rb = p.Mutate(r.URL.Path, rb)
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	if p.Forge != nil {
		resp.StatusCode, rb = p.Forge(r, resp.StatusCode, w.Header(), rb)
	}
	if f == truncate && len(rb) > 1 {
		w.Header().Set("Content-Length", fmt.Sprint(len(rb)))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(rb[:len(rb)/2])
		hangUp(w, false)
		return
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(rb)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(rb)
}

// kioskRig is a kiosk's database and worker, talking to hubURL.
type kioskRig struct {
	dir string
	db  *sqlite.DB
	id  *client.Identity
	w   *client.Worker
}

func newKiosk(t testing.TB, h *hubProc, via string, clock func() time.Time) *kioskRig {
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if clock != nil {
		db.Clock = clock
	}
	id := h.enrol(dir)
	if err := db.SetKioskID(context.Background(), id.KioskID); err != nil {
		t.Fatal(err)
	}
	id.Hub = via
	k := &kioskRig{dir: dir, db: db, id: id}
	k.w = newWorker(db, id, clock)
	return k
}

func newWorker(db *sqlite.DB, id *client.Identity, clock func() time.Time) *client.Worker {
	return &client.Worker{Outbox: db, State: db, Identity: id, Clock: clock,
		Transport: client.TransportOptions{RetryMax: 4, RetryWaitMin: time.Millisecond, RetryWaitMax: 20 * time.Millisecond, Timeout: 20 * time.Second}}
}

// emit writes n events, a few per transaction, as the kiosk's services would.
func (k *kioskRig) emit(t testing.TB, n int) {
	ctx := context.Background()
	for i := 0; i < n; {
		err := k.db.Write(ctx, func(tx *sqlite.Tx) error {
			for j := 0; j < 50 && i < n; j++ {
				kind := []string{"ticket.issued", "ticket.called", "dossier.received", "rating.given"}[i%4]
				if _, err := tx.Emit(kind, map[string]any{"i": i, "number": fmt.Sprintf("A%03d", i%1000), "text": "Đăng ký khai sinh"}); err != nil {
					return err
				}
				i++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// drain pushes until nothing is pending, as the worker's schedule would, without its waits.
func (k *kioskRig) drain(t testing.TB, tries int) int {
	failures := 0
	for i := 0; i < tries; i++ {
		err := k.w.Push(context.Background())
		if err == nil {
			return failures
		}
		failures++
		var p *wire.Problem
		if errors.As(err, &p) && p.Status < 500 && p.Status != 429 && p.Code != wire.CodeReplay && p.Code != wire.CodeMalformed {
			t.Fatalf("push refused: %v", err)
		}
	}
	t.Fatalf("not drained after %d pushes", tries)
	return failures
}

// assertSame checks that the hub holds exactly the kiosk's events: count, content (as the
// hub keeps it: a dossier event without its applicant, which it seals apart), no
// duplicate, no gap.
func assertSame(t testing.TB, h *hubProc, k *kioskRig) {
	t.Helper()
	ctx := context.Background()
	want, err := k.db.Pending(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.Store().Events(ctx, hub.EventQuery{Kiosk: k.id.KioskID, Limit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("hub holds %d events, kiosk wrote %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Epoch != k.db.Epoch() || g.Seq != w.Seq || g.Kind != w.Kind || string(g.Body) != string(hub.HeldBody(wire.Event{Kind: w.Kind, Body: w.Body})) || !g.CreatedAt.Equal(w.CreatedAt) {
			t.Fatalf("event %d differs: hub %+v, kiosk %+v", i, g, w)
		}
	}
	synced, _ := k.db.SyncedThrough(ctx)
	if len(want) > 0 && synced != want[len(want)-1].Seq {
		t.Fatalf("kiosk synced through %d, last event %d", synced, want[len(want)-1].Seq)
	}
}
