package web

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The kiosk window keeps no cookies (WebKitGTK on wails://), yet an admin who logs in there
// is logged in until logout; the window's session is never a LAN client's.
func TestWindowKeepsItsSessionWithoutCookies(t *testing.T) {
	rig := newLANRig(t, nil)
	window := &http.Client{Transport: headerTransport{"X-Test-Window": {"1"}}} // no jar, as in WebKitGTK
	lan := &http.Client{Transport: headerTransport{}}
	call := func(c *http.Client, method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, rig.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}

	if got := call(window, "GET", "/api/v1/auth/me", ""); got != http.StatusUnauthorized {
		t.Fatalf("window before login: %d, want 401", got)
	}
	if got := call(window, "POST", "/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`); got != http.StatusOK {
		t.Fatalf("login from the window: %d", got)
	}
	if got := call(window, "GET", "/api/v1/auth/me", ""); got != http.StatusOK {
		t.Errorf("window after login: %d, want 200 (the session was not kept)", got)
	}
	if got := call(window, "GET", "/api/v1/admin/logins", ""); got != http.StatusOK {
		t.Errorf("window admin read after login: %d, want 200", got)
	}
	if got := call(lan, "GET", "/api/v1/auth/me", ""); got != http.StatusUnauthorized {
		t.Errorf("a LAN client without a cookie: %d, want 401 (it got the window's session)", got)
	}
	if got := call(window, "POST", "/api/v1/auth/logout", ""); got != http.StatusOK {
		t.Fatalf("logout from the window: %d", got)
	}
	if got := call(window, "GET", "/api/v1/auth/me", ""); got != http.StatusUnauthorized {
		t.Errorf("window after logout: %d, want 401", got)
	}
}
