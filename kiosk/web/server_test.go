package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// newTestServer starts the real handler over a real SQLite file, as this machine's own
// tools reach it: from loopback, trusted.
func newTestServer(t *testing.T) (*httptest.Server, *Server, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	broker := kiosk.NewBroker()
	s := &Server{
		Info:   Info{Commune: kiosk.DefaultConfig().Commune, Version: "test", Language: "vi"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Broker: broker,
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Một Cửa</title>")}},
		Banner: &sqlite.BannerService{DB: db, Publisher: broker},

		TrustLoopback: true,
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, s, db
}

func decodeError(t *testing.T, res *http.Response) errorBody {
	t.Helper()
	defer res.Body.Close()
	var b errorBody
	if err := json.NewDecoder(res.Body).Decode(&b); err != nil {
		t.Fatalf("error body: %v", err)
	}
	return b
}

func TestInfo(t *testing.T) {
	ts, _, _ := newTestServer(t)
	res, err := http.Get(ts.URL + "/api/v1/info")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct {
		Commune    kiosk.Commune `json:"commune"`
		ServerTime time.Time     `json:"server_time"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Commune.Name != "Xã Đăk Hà" || got.ServerTime.IsZero() {
		t.Fatalf("info = %+v", got)
	}
}

func TestBadInputIsAClearErrorAndChangesNothing(t *testing.T) {
	ts, _, db := newTestServer(t)
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code                            string
	}{
		{"unknown route", "GET", "/api/v1/nope", "", "", 404, kiosk.ENOTFOUND},
		{"malformed json", "POST", "/api/v1/notice", "application/json", `{"text":`, 400, kiosk.EINVALID},
		{"unknown field", "POST", "/api/v1/notice", "application/json", `{"txt":"a"}`, 400, kiosk.EINVALID},
		{"wrong type", "POST", "/api/v1/notice", "application/json", `{"text":5}`, 400, kiosk.EINVALID},
		{"trailing data", "POST", "/api/v1/notice", "application/json", `{"text":"a"} {}`, 400, kiosk.EINVALID},
		{"not json", "POST", "/api/v1/notice", "text/plain", `text=a`, 400, kiosk.EINVALID},
		{"empty body", "POST", "/api/v1/notice", "application/json", ``, 400, kiosk.EINVALID},
		{"oversize", "POST", "/api/v1/notice", "application/json", `{"text":"` + strings.Repeat("a", 5000) + `"}`, 413, kiosk.ETOOLARGE},
		{"too long text", "POST", "/api/v1/notice", "application/json", `{"text":"` + strings.Repeat("ạ", 501) + `"}`, 400, kiosk.EINVALID},
		{"control chars", "POST", "/api/v1/notice", "application/json", `{"text":"a\nb"}`, 400, kiosk.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, ts.URL+c.path, strings.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
			b := decodeError(t, res)
			if b.Error.Code != c.code || b.Error.Message == "" || b.Error.MessageEN == "" {
				t.Errorf("error = %+v, want code %s with both messages", b.Error, c.code)
			}
		})
	}
	if v, _ := db.Setting(context.Background(), noticeKeyForTest, ""); v != "" {
		t.Fatalf("a refused request changed the notice to %q", v)
	}
	if ev, _ := db.Pending(context.Background(), 0, 10); len(ev) != 0 {
		t.Fatalf("refused requests wrote %d outbox events", len(ev))
	}
}

const noticeKeyForTest = "display.notice"

func TestCrossOriginPostIsRefused(t *testing.T) {
	ts, _, _ := newTestServer(t)
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/notice", strings.NewReader(`{"text":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if b := decodeError(t, res); res.StatusCode != 403 || b.Error.Code != kiosk.EFORBIDDEN {
		t.Fatalf("status %d %+v", res.StatusCode, b)
	}
}

func TestLANClientCannotActAsAdminWithoutLogin(t *testing.T) {
	r := httptest.NewRequest("POST", "/api/v1/notice", nil)
	r.RemoteAddr = "192.0.2.10:5555"
	s := &Server{TrustLoopback: true}
	if kiosk.ErrorCode(s.SessionAuthorize(r, "admin")) != kiosk.EUNAUTHORIZED {
		t.Fatal("a LAN address was admitted as admin")
	}
	r.RemoteAddr, r.Host = "127.0.0.1:5555", "127.0.0.1:8080"
	if err := s.SessionAuthorize(r, "admin"); err != nil {
		t.Fatal(err)
	}
}

func TestNoticeReachesSSEClient(t *testing.T) {
	ts, s, _ := newTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	events := readSSE(res.Body)
	if e := <-events; e.kind != "hello" {
		t.Fatalf("first event %+v, want hello", e)
	}
	// The subscription exists once hello was sent; now change the notice.
	if s.Broker.Subscribers() == 0 {
		t.Fatal("no subscriber after hello")
	}
	body := strings.NewReader(`{"text":"  Chiều nay 14 giờ tạm ngừng tiếp nhận hồ sơ đất đai "}`)
	pr, _ := http.NewRequest("POST", ts.URL+"/api/v1/notice", body)
	pr.Header.Set("Content-Type", "application/json")
	pres, err := http.DefaultClient.Do(pr)
	if err != nil || pres.StatusCode != 200 {
		t.Fatalf("post notice: %v %v", err, pres.Status)
	}
	e := <-events
	if e.kind != "notice" || !strings.Contains(e.data, `"Chiều nay 14 giờ tạm ngừng tiếp nhận hồ sơ đất đai"`) {
		t.Fatalf("event %+v", e)
	}
}

type sseEvent struct{ kind, data string }

func readSSE(r io.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 8)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.kind != "":
				out <- e
				e = sseEvent{}
			}
		}
	}()
	return out
}

func TestErrorMapping(t *testing.T) {
	want := map[string]int{
		kiosk.EINVALID: 400, kiosk.ENOTFOUND: 404, kiosk.ECONFLICT: 409, kiosk.EUNAUTHORIZED: 401,
		kiosk.EFORBIDDEN: 403, kiosk.ETOOLARGE: 413, kiosk.EUNAVAILABLE: 503, kiosk.EINTERNAL: 500, "other": 500,
	}
	for code, status := range want {
		if got := StatusOf(code); got != status {
			t.Errorf("StatusOf(%s) = %d, want %d", code, got, status)
		}
	}
}

func TestPagesAreServed(t *testing.T) {
	ts, _, _ := newTestServer(t)
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Một Cửa") {
		t.Fatalf("GET / = %d %q", res.StatusCode, b)
	}
}

func TestPanicIsAnInternalError(t *testing.T) {
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"internal"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
