package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// lanServer serves the queue as seen from another machine on the LAN: every request
// gets a non-loopback remote address, so only a PIN session authorizes. Its print limit
// is out of the way (benchmarks issue numbers nonstop); TestTicketFlood tests it.
func lanServer(t *testing.T) (*httptest.Server, *kiosk.Broker) { return lanServerB(t) }

func lanServerB(t testing.TB) (*httptest.Server, *kiosk.Broker) {
	t.Helper()
	rig := newLANRig(t, func(s *Server) { s.PrintLimit = Rate{Burst: 1 << 30, Every: time.Second} })
	return rig.ts, rig.broker
}

// loggedInClerk returns a client holding canbo1's session.
func loggedInClerk(t testing.TB, base string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"canbo1","pin":"1111"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login: %v", err)
	}
	res.Body.Close()
	return c
}

func postJSON(t *testing.T, c *http.Client, url, body string) (int, map[string]any) {
	t.Helper()
	res, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestCounterNeedsAPINSessionFromTheLAN(t *testing.T) {
	ts, broker := lanServer(t)
	jar, _ := cookiejar.New(nil)
	clerk := &http.Client{Jar: jar}
	notices, stop := broker.Subscribe(16)
	defer stop()

	// A villager takes a number: no login needed.
	status, issued := postJSON(t, http.DefaultClient, ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`)
	if status != 201 || issued["ticket"].(map[string]any)["code"] != "A001" {
		t.Fatalf("issue: %d %v", status, issued)
	}
	if print := issued["print"].(map[string]any); print["printing"] != false || print["message"] == "" || print["message_en"] == "" {
		t.Fatalf("with no printer the kiosk must be told to show the number: %v", print)
	}

	// The counter refuses a LAN client without a session, and a wrong PIN.
	if status, body := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/call-next", ``); status != 401 || body["error"] == nil {
		t.Fatalf("call without login: %d %v", status, body)
	}
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/auth/login", `{"staff_id":"canbo1","pin":"0000"}`); status != 401 {
		t.Fatalf("wrong PIN: %d", status)
	}
	if status, body := postJSON(t, clerk, ts.URL+"/api/v1/auth/login", `{"staff_id":"canbo1","pin":"1111"}`); status != 200 {
		t.Fatalf("login: %d %v", status, body)
	}
	status, called := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/call-next", ``)
	if status != 200 || called["code"] != "A001" || called["staff_id"] != "canbo1" {
		t.Fatalf("call next: %d %v", status, called)
	}
	// The display hears of it.
	deadline := time.After(5 * time.Second)
	for {
		select {
		case n := <-notices:
			if n.Kind == "ticket.called" {
				if c := n.Data.(kiosk.Call); c.Code != "A001" || c.CounterID != 1 {
					t.Fatalf("called notice %+v", c)
				}
				goto heard
			}
		case <-deadline:
			t.Fatal("no ticket.called notice")
		}
	}
heard:
	// Invalid actions are clear errors.
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/start", ``); status != 200 {
		t.Fatalf("start: %d", status)
	}
	if status, body := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/recall", ``); status != 409 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "đã đến quầy") {
		t.Fatalf("recall a villager already served: %d %v", status, body)
	}
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/counters/abc/finish", ``); status != 400 {
		t.Fatalf("bad counter id: %d", status)
	}
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/transfer", `{"to_service":"nope"}`); status != 400 {
		t.Fatalf("transfer to an unknown service: %d", status)
	}

	// The hall's public state shows the call and the clerk's badge, nothing personal.
	res, err := http.Get(ts.URL + "/api/v1/queue")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"code":"A001"`) || !strings.Contains(string(b), "Nguyễn Thị Lan") || strings.Contains(string(b), "pin") {
		t.Fatalf("queue state: %s", b)
	}

	// Logging out ends the right to act.
	postJSON(t, clerk, ts.URL+"/api/v1/auth/logout", ``)
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/counters/1/finish", ``); status != 401 {
		t.Fatalf("after logout: %d", status)
	}
}

func TestClerkIsNotAdmin(t *testing.T) {
	ts, _ := lanServer(t)
	jar, _ := cookiejar.New(nil)
	clerk := &http.Client{Jar: jar}
	postJSON(t, clerk, ts.URL+"/api/v1/auth/login", `{"staff_id":"canbo2","pin":"2222"}`)
	if status, _ := postJSON(t, clerk, ts.URL+"/api/v1/notice", `{"text":"x"}`); status != 403 {
		t.Fatalf("a clerk set the notice: %d", status)
	}
	res, err := clerk.Get(ts.URL + "/api/v1/admin/queue")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("a clerk cannot read the queue configuration: %v", res.Status)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	put := func(c *http.Client, body string) int {
		req, _ := http.NewRequest("PUT", ts.URL+"/api/v1/admin/queue", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := put(clerk, string(body)); status != 403 {
		t.Fatalf("a clerk changed the queue configuration: %d", status)
	}
	jar2, _ := cookiejar.New(nil)
	admin := &http.Client{Jar: jar2}
	postJSON(t, admin, ts.URL+"/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`)
	if status := put(admin, strings.Replace(string(body), `"strict"`, `"fastest"`, 1)); status != 400 {
		t.Fatalf("a bad policy: %d", status)
	}
	if status := put(admin, strings.Replace(string(body), `"strict"`, `"interleave"`, 1)); status != 200 {
		t.Fatalf("an admin's change: %d", status)
	}
}

type fakeAnnouncer struct{}

func (fakeAnnouncer) AnnouncementWAV(code string, counter int, digits bool) ([]byte, error) {
	if code == "" {
		return nil, io.EOF
	}
	return []byte("RIFF" + code), nil
}

func TestVoiceAnnouncement(t *testing.T) {
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Voice: fakeAnnouncer{}}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/v1/voice/announce?code=A012&counter=2")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/wav" || res.Header.Get("Access-Control-Allow-Origin") != "*" || string(b) != "RIFFA012" {
		t.Fatalf("%d %v %q", res.StatusCode, res.Header, b)
	}
	for _, q := range []string{"code=A012&counter=x", "code=A012&counter=0", "code=&counter=1"} {
		res, _ := http.Get(ts.URL + "/api/v1/voice/announce?" + q)
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("%s: %d", q, res.StatusCode)
		}
	}
}
