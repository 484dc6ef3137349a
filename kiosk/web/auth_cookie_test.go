package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// The session cookie lives as long as the session on the kiosk's own clock, whatever the
// machine's wall clock says: a kiosk offline for weeks, or a test with a fixed date, must
// not hand out a cookie that is born expired or one that outlives its session.
func TestSessionCookieLifetimeFollowsTheKioskClock(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2020, 1, 6, 9, 0, 0, 0, kiosk.Zone), // years behind the wall clock
		time.Date(2039, 6, 1, 9, 0, 0, 0, kiosk.Zone), // years ahead of it
	} {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.Clock = func() time.Time { return at }
		auth := &sqlite.AuthService{DB: db}
		if _, err := auth.SeedDemoStaff(context.Background()); err != nil {
			t.Fatal(err)
		}
		s := &Server{Clock: db.Now, Auth: auth, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		ts := httptest.NewServer(s.Handler())
		res, err := http.Post(ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"canbo1","pin":"1111"}`))
		ts.Close()
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var cookie *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == SessionCookie {
				cookie = c
			}
		}
		if cookie == nil {
			t.Fatalf("%v: no session cookie (status %d)", at, res.StatusCode)
		}
		if want := int(kiosk.SessionTTL.Seconds()); cookie.MaxAge != want {
			t.Errorf("%v: Max-Age %d, want the session's %d s", at, cookie.MaxAge, want)
		}
		if !cookie.Expires.IsZero() {
			t.Errorf("%v: cookie carries an absolute Expires %v, judged by the browser's clock", at, cookie.Expires)
		}
	}
}
