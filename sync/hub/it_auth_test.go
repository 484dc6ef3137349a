package hub

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const testPassword = "mật khẩu đủ dài 2026"

// browser is an IT user's browser: a cookie jar, redirects not followed (the test reads
// them), the hub's own Origin on every change, as a page of the hub sends it.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func (r *rig) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: r.t, base: r.ts.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (r *rig) addUser(name, role, cluster string) {
	r.t.Helper()
	if err := r.store.CreateUser(context.Background(), User{Name: name, Role: role, Cluster: cluster}, HashPassword(testPassword), time.Now()); err != nil {
		r.t.Fatal(err)
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// do sends a request; a POST carries the form with the page's CSRF token unless form
// has its own "csrf".
func (b *browser) do(method, path string, form url.Values, hdr map[string]string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		if !form.Has("csrf") && b.csrf != "" {
			form.Set("csrf", b.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	if raw, ok := hdr["X-Body"]; ok { // a body made by the caller (a multipart upload)
		body = strings.NewReader(raw)
		delete(hdr, "X-Body")
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.base)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindStringSubmatch(string(page)); m != nil && m[1] != "" {
		b.csrf = m[1]
	}
	return resp, string(page)
}

func (b *browser) get(path string) (*http.Response, string) { return b.do("GET", path, nil, nil) }

func (b *browser) login(name, pw string) *http.Response {
	b.t.Helper()
	resp, _ := b.do("POST", "/login", url.Values{"name": {name}, "password": {pw}, "next": {"/fleet"}}, nil)
	if resp.StatusCode == http.StatusSeeOther {
		b.get("/fleet") // the page carries the session's CSRF token
	}
	return resp
}

func TestLoginSessionAndLogout(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	resp, _ := b.get("/fleet")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Ffleet" {
		t.Fatalf("no session: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := b.login("tinh.it", "sai mật khẩu rồi"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	resp = b.login("Tinh.IT ", testPassword) // the name as typed: case and spaces do not matter
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/fleet" {
		t.Fatalf("login: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v", cookie)
	}
	resp, page := b.get("/fleet")
	if resp.StatusCode != 200 || !strings.Contains(page, r.signer.Kiosk) || !strings.Contains(page, "CNTT tỉnh") {
		t.Fatalf("fleet page: %d %s", resp.StatusCode, page)
	}
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("page headers %v", resp.Header)
	}
	// The cookie in the store is only a hash: the table opens nothing.
	if _, _, err := r.store.Session(context.Background(), cookie.Value, time.Now(), time.Now().Add(-time.Hour)); err != ErrNotFound {
		t.Errorf("the cookie's value itself found a session: %v", err)
	}
	if resp, _ := b.do("POST", "/logout", url.Values{}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/fleet"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}
	// The audit log has the failed login, the login and the logout.
	log, _ := r.store.AuditLog(context.Background(), AuditQuery{})
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Actor+":"+e.Action)
	}
	if got := strings.Join(actions, " "); got != "tinh.it:logout tinh.it:login anonymous:login.failed" {
		t.Errorf("audit log: %s", got)
	}
}

func TestSessionEndsWhenIdleOrPasswordChanges(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	r.ahead.Store(int64(DefaultSessionIdle - time.Minute))
	if resp, _ := b.get("/fleet"); resp.StatusCode != 200 {
		t.Fatalf("within the idle time: %d", resp.StatusCode)
	}
	// Activity was recorded: another almost-idle hour later the session still stands.
	r.ahead.Store(int64(2*DefaultSessionIdle - 2*time.Minute))
	if resp, _ := b.get("/fleet"); resp.StatusCode != 200 {
		t.Fatalf("active session refused: %d", resp.StatusCode)
	}
	r.ahead.Store(int64(3*DefaultSessionIdle + time.Minute))
	if resp, _ := b.get("/fleet"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("idle session still open: %d", resp.StatusCode)
	}
	r.ahead.Store(0)
	b = r.browser()
	b.login("tinh.it", testPassword)
	if err := r.store.SetPassword(context.Background(), "tinh.it", HashPassword("another long password"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if resp, _ := b.get("/fleet"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session survived a password change: %d", resp.StatusCode)
	}
}

func TestLoginThrottledByNameAndAddress(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	for i := 0; i < DefaultLoginLimit; i++ {
		if resp := b.login("tinh.it", "wrong password "+string(rune('a'+i))); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("try %d: %d", i, resp.StatusCode)
		}
	}
	// Now even the right password waits: a guesser cannot tell it found it.
	resp := b.login("tinh.it", testPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d", DefaultLoginLimit, resp.StatusCode)
	}
	// Another name from the same address waits too (the address's count).
	r.addUser("cum.it", RoleCluster, "Đoan Hùng")
	if resp := b.login("cum.it", testPassword); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("another name from the throttled address: %d", resp.StatusCode)
	}
	// Once the oldest failure leaves the window, the right password works.
	r.ahead.Store(int64(DefaultLoginWindow + time.Second))
	if resp := b.login("tinh.it", testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the window: %d", resp.StatusCode)
	}
	log, _ := r.store.AuditLog(context.Background(), AuditQuery{})
	throttled := 0
	for _, e := range log {
		if e.Action == "login.throttled" {
			throttled++
		}
	}
	if throttled != 2 {
		t.Errorf("%d throttled logins in the audit log, want 2", throttled)
	}
}

func TestChangesNeedTheSessionsCSRFTokenAndOrigin(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	path := "/kiosks/" + r.signer.Kiosk + "/commands"
	for name, c := range map[string]struct {
		form url.Values
		hdr  map[string]string
	}{
		"no token":            {url.Values{"kind": {"sync_now"}, "csrf": {""}}, nil},
		"wrong token":         {url.Values{"kind": {"sync_now"}, "csrf": {"x" + b.csrf}}, nil},
		"another site":        {url.Values{"kind": {"sync_now"}}, map[string]string{"Origin": "http://evil.example"}},
		"cross-site by fetch": {url.Values{"kind": {"sync_now"}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		if resp, _ := b.do("POST", path, c.form, c.hdr); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, resp.StatusCode)
		}
	}
	if cs, _ := r.store.Commands(context.Background(), r.signer.Kiosk); len(cs) != 0 {
		t.Fatalf("a refused change queued %d commands", len(cs))
	}
	resp, _ := b.do("POST", path, url.Values{"kind": {"sync_now"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the token: %d", resp.StatusCode)
	}
	if cs, _ := r.store.Commands(context.Background(), r.signer.Kiosk); len(cs) != 1 || cs[0].Kind != "sync_now" {
		t.Fatalf("commands %+v", cs)
	}
	// The admin token (a script) needs no CSRF token, but a browser's cross-site request
	// with it remembered as Basic credentials is refused all the same.
	req, _ := http.NewRequest("POST", r.ts.URL+"/admin/v1/kiosks/"+r.signer.Kiosk+"/commands", strings.NewReader(`{"kind":"send_logs"}`))
	req.SetBasicAuth("it", testAdminToken)
	if resp, _ := r.raw(req, []byte(`{"kind":"send_logs"}`)); resp.StatusCode != http.StatusCreated {
		t.Fatalf("script with the admin token: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("POST", r.ts.URL+"/admin/v1/kiosks/"+r.signer.Kiosk+"/commands", nil)
	req.SetBasicAuth("it", testAdminToken)
	req.Header.Set("Origin", "http://evil.example")
	if resp, _ := r.raw(req, []byte(`{"kind":"send_logs"}`)); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site with Basic credentials: %d", resp.StatusCode)
	}
}

// A cluster's IT sees its cluster's kiosks only, and gets 403 for another's, from the
// pages and the API alike: not just a hidden row.
func TestClusterAdminSeesOnlyItsCluster(t *testing.T) {
	r := newRig(t)
	mine := r.enrol("xa-a", "Đoan Hùng")
	other := r.enrol("xa-b", "Thanh Ba")
	r.addUser("cum.doanhung", RoleCluster, "Đoan Hùng")
	b := r.browser()
	b.login("cum.doanhung", testPassword)

	_, page := b.get("/fleet")
	if !strings.Contains(page, mine.Kiosk) || strings.Contains(page, other.Kiosk) || strings.Contains(page, r.signer.Kiosk) {
		t.Fatalf("fleet page of a cluster admin: %s", page)
	}
	for _, p := range []string{"/kiosks/" + other.Kiosk, "/admin/v1/kiosks/" + other.Kiosk, "/admin/v1/kiosks/" + other.Kiosk + "/heartbeats",
		"/admin/v1/kiosks/" + other.Kiosk + "/commands", "/admin/v1/events?kiosk=" + other.Kiosk, "/admin/v1/events", "/audit"} {
		if resp, _ := b.get(p); resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s: %d, want 403", p, resp.StatusCode)
		}
	}
	for _, p := range []string{"/kiosks/" + other.Kiosk + "/commands", "/kiosks/" + other.Kiosk + "/revoke"} {
		if resp, _ := b.do("POST", p, url.Values{"kind": {"sync_now"}}, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: %d, want 403", p, resp.StatusCode)
		}
	}
	if k, _ := r.store.Kiosk(context.Background(), other.Kiosk); !k.Revoked.IsZero() {
		t.Fatal("a cluster admin revoked another cluster's kiosk")
	}
	for _, p := range []string{"/kiosks/" + mine.Kiosk, "/admin/v1/kiosks/" + mine.Kiosk, "/admin/v1/events?kiosk=" + mine.Kiosk} {
		if resp, _ := b.get(p); resp.StatusCode != 200 {
			t.Errorf("GET %s: %d, want 200", p, resp.StatusCode)
		}
	}
	_, body := b.get("/admin/v1/kiosks")
	var ks []Kiosk
	if err := json.Unmarshal([]byte(body), &ks); err != nil || len(ks) != 1 || ks[0].ID != mine.Kiosk {
		t.Fatalf("API list of a cluster admin: %s", body)
	}
	// A token for another cluster is refused; one for its own is made.
	if resp, _ := b.do("POST", "/tokens", url.Values{"commune": {"xa-c"}, "cluster": {"Thanh Ba"}, "ttl_hours": {"24"}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("token for another cluster: %d", resp.StatusCode)
	}
	if resp, page := b.do("POST", "/tokens", url.Values{"commune": {"xa-c"}, "cluster": {"Đoan Hùng"}, "ttl_hours": {"24"}}, nil); resp.StatusCode != http.StatusCreated ||
		!strings.Contains(page, "mc2.") {
		t.Errorf("token for its cluster: %d", resp.StatusCode)
	}
	log, _ := r.store.AuditLog(context.Background(), AuditQuery{Actor: "cum.doanhung"})
	denied := 0
	for _, e := range log {
		if e.Action == "access.denied" {
			denied++
		}
	}
	if denied < 8 {
		t.Errorf("%d denials in the audit log", denied)
	}
}
