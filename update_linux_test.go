// Updates apply on Linux only (the unit switches a link; a Windows kiosk updates by its
// installer), hence the file name.

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// The admin page reads what became of the last update from the health API: here an
// update refused for its signature, on a kiosk run through the update link.
func TestAdminHealthSaysTheLastUpdate(t *testing.T) {
	cfg := testConfig(t)
	inst := installer(cfg, kiosk.SystemClock, executable())
	if _, err := inst.Prepare(); err != nil { // what the unit's ExecStartPre does
		t.Fatal(err)
	}
	if err := inst.Refused("1.5.0", "bundle refused: bad signature", "chữ ký không hợp lệ"); err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + app.Addr() + "/api/v1/admin/health")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var h kiosk.Health
	if err := json.NewDecoder(res.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	if u := h.Update; u == nil || u.State != wire.UpdateRefused || u.Version != "1.5.0" || u.From != version || u.ReasonVI != "chữ ký không hợp lệ" || u.At.IsZero() {
		t.Fatalf("health's update %+v", u)
	}
}
