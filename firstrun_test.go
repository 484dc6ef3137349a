package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// call sends a JSON request to the kiosk at base as if from host: "" is this PC's
// loopback (the base's own host), another name a LAN client (the server is reached on
// loopback, but a Host that is not loopback is never trusted as this PC). It returns the
// status and the decoded answer.
func call(t *testing.T, method, base, host, path, body string, cookies ...*http.Cookie) (int, map[string]any, *http.Response) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if host != "" {
		u, _ := url.Parse(base)
		req.Host = host + ":" + u.Port()
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out, res
}

// path reads a nested value of a decoded answer: path(m, "setup", "required").
func path(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		obj, _ := v.(map[string]any)
		v = obj[k]
	}
	return v
}

const lan = "lan.test"

func setupJSON(hub, token, printer string) string {
	b, _ := json.Marshal(map[string]any{
		"commune": map[string]string{"name": "Xã Tân Lập", "code": "25261", "agency_code": "000.00.12.H62", "province": "Tỉnh Phú Thọ"},
		"admin":   map[string]string{"id": "mai", "name": "Lê Thị Mai", "pin": "482915", "pin_confirm": "482915"},
		"hub":     hub, "token": token, "printer": printer,
	})
	return string(b)
}

// A kiosk that is not in demo mode starts with no staff: the demo admin's PIN opens
// nothing from the LAN, and it waits for its first-run setup, which a LAN client may not
// do. From this PC's loopback the setup enrols with the hub, switches the printer and
// names the commune, all at once and with no restart; the admin then logs in from the
// LAN with the new PIN; setup cannot run again; and the next start keeps it all, which
// `config show` attributes to the setup.
func TestFirstRunSetup(t *testing.T) {
	r := newCLIRig(t)
	dir := t.TempDir()
	hubURL, token := startHub(t)
	base, stop := r.serve("--addr", "127.0.0.1:0", "--data", dir)

	if status, _, _ := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`); status != http.StatusUnauthorized {
		t.Fatalf("quantri/9999 from the LAN: %d", status)
	}
	_, info, _ := call(t, "GET", base, lan, "/api/v1/info", "")
	if path(info, "setup", "required") != true || path(info, "setup", "here") != false || info["demo"] != false {
		t.Fatalf("info from the LAN: %v", info)
	}
	if _, info, _ = call(t, "GET", base, "", "/api/v1/info", ""); path(info, "setup", "here") != true {
		t.Fatalf("info from loopback: %v", info)
	}
	_, found, _ := call(t, "GET", base, "", "/api/v1/setup", "")
	if printers, _ := found["printers"].([]any); len(printers) < 2 {
		t.Fatalf("printers offered: %v", found)
	}

	body := setupJSON(hubURL, token, "virtual:?paper=58")
	if status, out, _ := call(t, "POST", base, lan, "/api/v1/setup", body); status != http.StatusForbidden {
		t.Fatalf("setup from the LAN: %d %v", status, out)
	}
	if status, out, _ := call(t, "POST", base, "", "/api/v1/setup/test-print", `{"printer": "virtual:?paper=58"}`); status != 200 || out["ok"] != true || !strings.Contains(out["report"].(string), "384") {
		t.Fatalf("test page: %d %v", status, out)
	}
	short := strings.ReplaceAll(body, "482915", "48291")
	if status, out, _ := call(t, "POST", base, "", "/api/v1/setup", short); status != 400 || path(out, "error", "field") != "admin.pin" {
		t.Fatalf("a 5-digit admin PIN: %d %v", status, out)
	}
	if status, out, _ := call(t, "POST", base, "", "/api/v1/setup", body); status != 200 || path(out, "commune", "name") != "Xã Tân Lập" {
		t.Fatalf("setup from loopback: %d %v", status, out)
	}

	_, info, _ = call(t, "GET", base, lan, "/api/v1/info", "")
	if path(info, "commune", "name") != "Xã Tân Lập" || path(info, "setup", "required") != false {
		t.Fatalf("info after setup: %v", info)
	}
	status, sess, res := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"mai","pin":"482915"}`)
	if status != 200 || path(sess, "staff", "role") != "admin" {
		t.Fatalf("the new admin from the LAN: %d %v", status, sess)
	}
	_, health, _ := call(t, "GET", base, lan, "/api/v1/admin/health", "", res.Cookies()...)
	if path(health, "printer", "configured") != "virtual:?paper=58" || path(health, "sync", "hub") != hubURL {
		t.Fatalf("after setup the kiosk prints on %v and syncs with %v", path(health, "printer", "configured"), path(health, "sync", "hub"))
	}
	again := strings.Replace(setupJSON("", "", "virtual:"), `"mai"`, `"thief"`, 1)
	if status, out, _ := call(t, "POST", base, "", "/api/v1/setup", again); status != http.StatusConflict {
		t.Fatalf("a second setup: %d %v", status, out)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}

	code, out, errOut := r.run("config", "show", "--data", dir)
	if code != 0 {
		t.Fatalf("config show: %d %s", code, errOut)
	}
	for key, want := range map[string]string{"commune.name": `"Xã Tân Lập"`, "commune.agency_code": `"000.00.12.H62"`, "printer": `"virtual:?paper=58"`} {
		if line := settingLine(out, key); !strings.HasSuffix(line, " "+want) || !strings.Contains(line, "setup") {
			t.Errorf("config show %s: %q", key, line)
		}
	}
	base, _ = r.serve("--addr", "127.0.0.1:0", "--data", dir)
	if _, info, _ = call(t, "GET", base, lan, "/api/v1/info", ""); path(info, "commune", "name") != "Xã Tân Lập" || path(info, "setup", "required") != false {
		t.Fatalf("info after a restart: %v", info)
	}
}

// Demo mode seeds the demo staff and says so to every screen; the same data directory
// started out of demo mode loses the demo accounts and asks for its setup.
func TestDemoModeSeedsAndSaysSo(t *testing.T) {
	r := newCLIRig(t)
	dir := t.TempDir()
	base, stop := r.serve("--addr", "127.0.0.1:0", "--data", dir, "--demo")
	_, info, _ := call(t, "GET", base, lan, "/api/v1/info", "")
	if info["demo"] != true || path(info, "setup", "required") != false {
		t.Fatalf("info in demo mode: %v", info)
	}
	if status, _, _ := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`); status != 200 {
		t.Fatalf("the demo admin in demo mode: %d", status)
	}
	if status, _, _ := call(t, "GET", base, lan, "/api/v1/catalog/procedures/1.001193", ""); status != 200 {
		t.Fatalf("the demo catalog: %d", status)
	}
	stop()

	base, _ = r.serve("--addr", "127.0.0.1:0", "--data", dir)
	if status, _, _ := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`); status != http.StatusUnauthorized {
		t.Fatalf("the demo admin out of demo mode: %d", status)
	}
	if _, info, _ = call(t, "GET", base, lan, "/api/v1/info", ""); info["demo"] != false || path(info, "setup", "required") != true {
		t.Fatalf("info out of demo mode: %v", info)
	}
}
