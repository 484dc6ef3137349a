package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// lanRig is the LAN server over a real SQLite file with the demo staff, the kiosk's clock
// in the test's hands, and each request's source chosen by the test: header X-Test-Remote
// (default 192.0.2.20, a LAN client), or X-Test-Window to come in as the kiosk window does.
type lanRig struct {
	ts     *httptest.Server
	s      *Server
	broker *kiosk.Broker
	db     *sqlite.DB

	mu  sync.Mutex
	now time.Time
}

func newLANRig(t testing.TB, configure func(*Server)) *lanRig {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// A day far from closing time; benchmarks issue many numbers at this instant.
	rig := &lanRig{db: db, broker: kiosk.NewBroker(), now: time.Date(2026, 11, 25, 9, 0, 0, 0, kiosk.Zone)}
	db.Clock = rig.clock
	auth := &sqlite.AuthService{DB: db}
	if _, err := auth.SeedDemoStaff(context.Background()); err != nil {
		t.Fatal(err)
	}
	rig.s = &Server{
		Clock:  db.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Broker: rig.broker,
		Auth:   auth,
	}
	q := &sqlite.QueueService{DB: db, Config: kiosk.DefaultQueueConfig(), Publisher: rig.broker, Staff: auth}
	rig.s.Queue, rig.s.QueueAdmin = q, q
	rig.s.Ratings = &sqlite.RatingService{DB: db, Queue: q}
	if configure != nil {
		configure(rig.s)
	}
	h := rig.s.Handler()
	window := FromWindow(h)
	rig.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "192.0.2.20:50000"
		if remote := r.Header.Get("X-Test-Remote"); remote != "" {
			r.RemoteAddr = remote + ":50000"
		}
		if r.Header.Get("X-Test-Window") != "" {
			r.RemoteAddr = "192.0.2.1:1234" // what Wails' asset server gives every request
			window.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(rig.ts.Close)
	return rig
}

func (r *lanRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *lanRig) advance(d time.Duration) {
	r.mu.Lock()
	r.now = r.now.Add(d)
	r.mu.Unlock()
}

// from returns a client, with its own cookies, whose requests come from remote ("window"
// for the kiosk window).
func (r *lanRig) from(remote string) *http.Client {
	jar, _ := cookiejar.New(nil)
	h := http.Header{"X-Test-Remote": {remote}}
	if remote == "window" {
		h = http.Header{"X-Test-Window": {"1"}}
	}
	return &http.Client{Jar: jar, Transport: headerTransport(h)}
}

// login returns a client from remote holding staffID's session.
func (r *lanRig) login(t testing.TB, remote, staffID, pin string) *http.Client {
	t.Helper()
	c := r.from(remote)
	res, err := c.Post(r.ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"`+staffID+`","pin":"`+pin+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login %s: %d", staffID, res.StatusCode)
	}
	return c
}

type headerTransport http.Header

func (h headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range h {
		req.Header[k] = v
	}
	return http.DefaultTransport.RoundTrip(req)
}
