package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func hall(t *testing.T, rig *lanRig) kiosk.QueueState {
	t.Helper()
	res, err := http.Get(rig.ts.URL + "/api/v1/queue")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st kiosk.QueueState
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// A clerk acts only at the counter assigned to them: counter 1's clerk can neither resume
// counter 2 nor call its next ticket, and the display never shows her there. An admin
// may act anywhere.
func TestClerkActsOnlyAtTheirCounter(t *testing.T) {
	rig := newLANRig(t, nil)
	postJSON(t, rig.from("window"), rig.ts.URL+"/api/v1/tickets", `{"service_id":"datdai"}`)
	lan := rig.login(t, "192.0.2.31", "canbo1", "1111")
	for _, action := range []string{"resume", "call-next", "pause", "close"} {
		status, body := postJSON(t, lan, rig.ts.URL+"/api/v1/counters/2/"+action, ``)
		if status != 403 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "quầy 1") {
			t.Fatalf("counter 1's clerk does %s at counter 2: %d %v", action, status, body)
		}
	}
	if res, _ := lan.Get(rig.ts.URL + "/api/v1/counters/2/waiting"); res.StatusCode != 403 {
		t.Fatalf("counter 1's clerk reads counter 2's list: %d", res.StatusCode)
	}
	if c2 := hall(t, rig).Counters[1]; c2.Status != kiosk.CounterClosed || c2.Staff != nil {
		t.Fatalf("counter 2 on the display: %+v", c2)
	}
	if status, _ := postJSON(t, lan, rig.ts.URL+"/api/v1/counters/1/resume", ``); status != 200 {
		t.Fatalf("her own counter: %d", status)
	}
	admin := rig.login(t, "192.0.2.32", "quantri", "9999")
	if status, body := postJSON(t, admin, rig.ts.URL+"/api/v1/counters/2/call-next", ``); status != 200 || body["code"] != "B001" {
		t.Fatalf("an admin at counter 2: %d %v", status, body)
	}
}

// Logging out closes the counter: the display no longer shows the clerk there.
func TestLogoutClosesTheCounter(t *testing.T) {
	rig := newLANRig(t, nil)
	postJSON(t, rig.from("window"), rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`)
	clerk := rig.login(t, "192.0.2.31", "canbo1", "1111")
	if status, _ := postJSON(t, clerk, rig.ts.URL+"/api/v1/counters/1/call-next", ``); status != 200 {
		t.Fatalf("call: %d", status)
	}
	if c1 := hall(t, rig).Counters[0]; c1.Status != kiosk.CounterOpen || c1.Staff == nil || c1.Staff.Name != "Nguyễn Thị Lan" {
		t.Fatalf("counter 1 while she serves: %+v", c1)
	}
	if status, _ := postJSON(t, clerk, rig.ts.URL+"/api/v1/auth/logout", ``); status != 200 {
		t.Fatalf("logout: %d", status)
	}
	if c1 := hall(t, rig).Counters[0]; c1.Status != kiosk.CounterClosed || c1.Staff != nil || c1.Current != nil {
		t.Fatalf("counter 1 after she logged out: %+v", c1)
	}
}
