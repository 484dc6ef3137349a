package web

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// The ticket flood: one LAN client once printed 200 tickets in 3 s. Now it gets its
// burst, then 429 with Retry-After until a ticket's worth of time has passed; "what to
// bring" slips draw on the same allowance; another client and the kiosk window are not
// held back.
func TestTicketFloodIsRateLimited(t *testing.T) {
	rig := newLANRig(t, nil)
	svc := catalog.NewService(sqlite.NewCatalogStore(rig.db), rig.broker)
	if _, err := svc.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	rig.s.Catalog = svc
	rig.s.PrintChecklist = func(context.Context, *kiosk.Procedure, string, []int) (int64, error) { return 1, nil }

	flood := rig.from("192.0.2.66")
	issued, refused := 0, 0
	for range 200 {
		res, err := flood.Post(rig.ts.URL+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"hotich"}`))
		if err != nil {
			t.Fatal(err)
		}
		switch res.StatusCode {
		case 201:
			issued++
			res.Body.Close()
		case 429:
			refused++
			if b := decodeError(t, res); b.Error.Code != kiosk.ETOOMANY || res.Header.Get("Retry-After") != "6" || !strings.Contains(b.Error.Message, "6 giây") {
				t.Fatalf("refusal %v %+v", res.Header, b)
			}
		default:
			t.Fatalf("status %d", res.StatusCode)
		}
	}
	if issued != DefaultPrintLimit.Burst || refused != 200-issued {
		t.Fatalf("%d issued, %d refused; want the burst of %d", issued, refused, DefaultPrintLimit.Burst)
	}
	slip := func(c *http.Client) int {
		res, err := c.Post(rig.ts.URL+"/api/v1/catalog/procedures/1.001193/print", "application/json", strings.NewReader(`{"lang":"vi"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := slip(flood); status != 429 {
		t.Fatalf("a slip after the flood: %d", status)
	}
	if status := slip(rig.from("192.0.2.67")); status != 202 {
		t.Fatalf("a slip from another client: %d", status)
	}
	window := rig.from("window")
	for i := range 50 {
		if status, _ := postJSON(t, window, rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`); status != 201 {
			t.Fatalf("the kiosk window's ticket %d: %d", i, status)
		}
	}
	rig.advance(DefaultPrintLimit.Every)
	if status, _ := postJSON(t, flood, rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`); status != 201 {
		t.Fatalf("after %v: %d", DefaultPrintLimit.Every, status)
	}
	if status, _ := postJSON(t, flood, rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`); status != 429 {
		t.Fatalf("two after %v: %d", DefaultPrintLimit.Every, status)
	}
}

// The number of event streams is capped, per source address and in all; a refused one is
// a 503 that EventSource's page retries later, and a closed stream frees its place.
func TestEventStreamsAreCapped(t *testing.T) {
	rig := newLANRig(t, func(s *Server) { s.MaxEventStreams, s.MaxEventStreamsPerSource = 3, 2 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	open := func(remote string) (*http.Response, context.CancelFunc) {
		t.Helper()
		ctx, stop := context.WithCancel(ctx)
		req, _ := http.NewRequestWithContext(ctx, "GET", rig.ts.URL+"/api/v1/events", nil)
		res, err := rig.from(remote).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == 200 {
			<-readSSE(res.Body) // hello: the stream holds its place
		}
		return res, stop
	}
	_, stop1 := open("192.0.2.31")
	open("192.0.2.31")
	if res, _ := open("192.0.2.31"); res.StatusCode != 503 {
		t.Fatalf("a third stream from one client: %d", res.StatusCode)
	}
	open("192.0.2.32")
	if res, _ := open("192.0.2.33"); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("a fourth stream in all: %d", res.StatusCode)
	}
	stop1()
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, _ := open("192.0.2.33")
		if res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a closed stream never freed its place")
		}
		time.Sleep(10 * time.Millisecond) // the server notices the closed stream on its own time
	}
}

// The LAN server has read, write and idle timeouts; a client that never finishes its
// request headers is cut off.
func TestServerHasTimeouts(t *testing.T) {
	srv := NewHTTPServer(http.NotFoundHandler(), nil)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("timeouts %v %v %v %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.Config = NewHTTPServer(http.NotFoundHandler(), nil)
	ts.Config.ReadHeaderTimeout = 50 * time.Millisecond
	ts.Start()
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))  // a hang fails rather than blocks
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")) // and never the blank line
	if _, err := bufio.NewReader(conn).ReadString('\n'); err == nil || strings.Contains(err.Error(), "timeout") {
		t.Fatalf("a client stuck in its headers is still connected: %v", err)
	}
}

// An event stream outlives the server's write timeout: each write has its own deadline.
func TestEventStreamOutlivesTheWriteTimeout(t *testing.T) {
	s := &Server{HeartbeatEvery: 60 * time.Millisecond}
	h := s.Handler()
	ts := httptest.NewUnstartedServer(h)
	ts.Config = NewHTTPServer(h, nil)
	ts.Config.WriteTimeout = 20 * time.Millisecond
	ts.Start()
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	pings := 0
	for pings < 3 && sc.Scan() {
		if sc.Text() == ": ping" {
			pings++
		}
	}
	if pings < 3 {
		t.Fatalf("the stream ended after %d heartbeats: %v", pings, sc.Err())
	}
}

// Every answer forbids being framed by another site's page and being sniffed as another
// type.
func TestAnswersForbidFramingAndSniffing(t *testing.T) {
	ts, _, _ := newTestServer(t)
	for _, path := range []string{"/", "/api/v1/info", "/api/v1/nope"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Security-Policy") != "frame-ancestors 'none'" || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s headers %v", path, res.Header)
		}
	}
}
