package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// storeSetup is the first-run setup over the rig's real store; the printer is the
// hardware edge, so test pages are only recorded. (The kiosk's own, in package main, adds
// enrolment and device discovery around the same store calls.)
type storeSetup struct {
	auth *sqlite.AuthService
	demo bool

	mu      sync.Mutex
	printed []string
}

func (s *storeSetup) Required(ctx context.Context) (bool, error) {
	n, err := s.auth.StaffCount(ctx)
	return !s.demo && n == 0, err
}

func (s *storeSetup) Printers(context.Context) []kiosk.PrinterChoice {
	return []kiosk.PrinterChoice{{URI: "usblp:///dev/usb/lp0", Kind: "usblp", Label: "Máy in USB /dev/usb/lp0"}, {URI: "virtual:", Kind: "virtual", Label: "Máy in ảo"}}
}

func (s *storeSetup) TestPrint(_ context.Context, uri string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.printed = append(s.printed, uri)
	return "Máy in sẵn sàng.", nil
}

func (s *storeSetup) Complete(ctx context.Context, setup kiosk.Setup) (kiosk.Commune, error) {
	setup.Normalize()
	if err := setup.Validate(); err != nil {
		return kiosk.Commune{}, err
	}
	return setup.Commune, s.auth.CompleteSetup(ctx, setup, "")
}

// newFreshRig is the LAN server of a kiosk that is not in demo mode and has no staff yet,
// trusting loopback as a kiosk listening on loopback does.
func newFreshRig(t *testing.T) (*lanRig, *storeSetup) {
	t.Helper()
	var setup *storeSetup
	rig := newLANRig(t, func(s *Server) {
		s.TrustLoopback = true
		setup = &storeSetup{auth: s.Auth.(*sqlite.AuthService)}
		s.Setup = setup
		s.Info = Info{Commune: kiosk.DefaultConfig().Commune, Version: "test", Language: "vi"}
	})
	// The rig seeds the demo staff; a fresh kiosk has none.
	if err := rig.db.Write(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.ExecContext(context.Background(), `DELETE FROM staff`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return rig, setup
}

const setupBody = `{"commune": {"name": "Xã Tân Lập", "code": "25261", "agency_code": "000.00.12.H62", "province": "Tỉnh Phú Thọ"},
	"admin": {"id": "admin", "name": "Lê Thị Mai", "pin": "482915", "pin_confirm": "482915"}, "printer": "virtual:"}`

type infoAnswer struct {
	Commune kiosk.Commune `json:"commune"`
	Demo    bool          `json:"demo"`
	Setup   *SetupInfo    `json:"setup"`
}

func (r *lanRig) info(t *testing.T, from string) infoAnswer {
	t.Helper()
	res, err := r.from(from).Get(r.ts.URL + "/api/v1/info")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var info infoAnswer
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil {
		t.Fatal(err)
	}
	return info
}

// A fresh kiosk that is not in demo mode has no staff: the demo admin's PIN opens nothing
// from the LAN, and every screen learns that the kiosk is not set up.
func TestFreshKioskHasNoDemoLogin(t *testing.T) {
	rig, _ := newFreshRig(t)
	status, body := postJSON(t, rig.from("192.0.2.20"), rig.ts.URL+"/api/v1/auth/login", `{"staff_id":"quantri","pin":"9999"}`)
	if status != http.StatusUnauthorized {
		t.Fatalf("quantri/9999 from the LAN: %d %v", status, body)
	}
	if info := rig.info(t, "192.0.2.20"); info.Setup == nil || !info.Setup.Required || info.Setup.Here || info.Demo {
		t.Fatalf("info from the LAN: %+v", info)
	}
	if info := rig.info(t, "127.0.0.1"); !info.Setup.Required || !info.Setup.Here {
		t.Fatalf("info from loopback: %+v", info.Setup)
	}
}

// A LAN client may neither set the kiosk up nor print the setup's test page, nor see the
// printers found; nothing is created.
func TestSetupFromTheLANIsRefused(t *testing.T) {
	rig, setup := newFreshRig(t)
	lan := rig.from("192.0.2.20")
	for _, c := range []struct{ path, body string }{
		{"/api/v1/setup", setupBody},
		{"/api/v1/setup/test-print", `{"printer": "virtual:"}`},
	} {
		res, err := lan.Post(rig.ts.URL+c.path, "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		if b := decodeError(t, res); res.StatusCode != http.StatusForbidden || !strings.Contains(b.Error.Message, "màn hình kiosk") {
			t.Fatalf("%s from the LAN: %d %+v", c.path, res.StatusCode, b)
		}
	}
	var got struct {
		Printers []kiosk.PrinterChoice `json:"printers"`
	}
	res, err := lan.Get(rig.ts.URL + "/api/v1/setup")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(res.Body).Decode(&got)
	res.Body.Close()
	if len(got.Printers) != 0 || len(setup.printed) != 0 {
		t.Fatalf("a LAN client saw printers %v or printed %v", got.Printers, setup.printed)
	}
	if n, _ := setup.auth.StaffCount(context.Background()); n != 0 {
		t.Fatalf("%d staff after a refused setup", n)
	}
	// Loopback is refused too when the kiosk does not trust it (a proxy on this PC).
	rig.s.TrustLoopback = false
	if status, _ := postJSON(t, rig.from("127.0.0.1"), rig.ts.URL+"/api/v1/setup", setupBody); status != http.StatusForbidden {
		t.Fatalf("untrusted loopback: %d", status)
	}
}

// From loopback: the printers found, a test page, then setup once. The screens read the
// new commune, the admin logs in from the LAN with the new PIN, and a second setup (or
// test page) is refused.
func TestSetupFromLoopbackWorksOnce(t *testing.T) {
	rig, setup := newFreshRig(t)
	local := rig.from("127.0.0.1")
	var found struct {
		Required bool                  `json:"required"`
		Here     bool                  `json:"here"`
		Printers []kiosk.PrinterChoice `json:"printers"`
	}
	res, err := local.Get(rig.ts.URL + "/api/v1/setup")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(res.Body).Decode(&found)
	res.Body.Close()
	if !found.Required || !found.Here || len(found.Printers) != 2 {
		t.Fatalf("setup state from loopback: %+v", found)
	}
	if status, body := postJSON(t, local, rig.ts.URL+"/api/v1/setup/test-print", `{"printer": "usblp:///dev/usb/lp0"}`); status != 200 || body["ok"] != true || body["report"] != "Máy in sẵn sàng." {
		t.Fatalf("test page: %d %v", status, body)
	}
	if status, body := postJSON(t, local, rig.ts.URL+"/api/v1/setup", setupBody); status != 200 {
		t.Fatalf("setup: %d %v", status, body)
	}
	info := rig.info(t, "192.0.2.20")
	if info.Commune.Name != "Xã Tân Lập" || info.Setup.Required {
		t.Fatalf("info after setup: %+v", info)
	}
	admin := rig.login(t, "192.0.2.20", "admin", "482915")
	res, err = admin.Get(rig.ts.URL + "/api/v1/admin/logins")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("the new admin on an admin page: %d", res.StatusCode)
	}

	again := strings.Replace(setupBody, `"id": "admin"`, `"id": "thief"`, 1)
	for _, c := range []struct{ path, body string }{{"/api/v1/setup", again}, {"/api/v1/setup/test-print", `{"printer": "virtual:"}`}} {
		res, err := local.Post(rig.ts.URL+c.path, "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		if b := decodeError(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(b.Error.Message, "đã được cài đặt") {
			t.Fatalf("%s again: %d %+v", c.path, res.StatusCode, b)
		}
	}
	if len(setup.printed) != 1 {
		t.Fatalf("test pages printed: %v", setup.printed)
	}
}

// The kiosk window sets the kiosk up even with loopback untrusted (the kiosk listens on
// the LAN): the window is where the installer stands.
func TestSetupInTheWindow(t *testing.T) {
	rig, _ := newFreshRig(t)
	rig.s.TrustLoopback = false
	if info := rig.info(t, "window"); !info.Setup.Here {
		t.Fatalf("the window may not set up: %+v", info.Setup)
	}
	if status, body := postJSON(t, rig.from("window"), rig.ts.URL+"/api/v1/setup", setupBody); status != 200 {
		t.Fatalf("setup in the window: %d %v", status, body)
	}
}

// A PIN under 6 digits is refused with a Vietnamese message naming the field; nothing is
// created.
func TestSetupShortAdminPIN(t *testing.T) {
	rig, setup := newFreshRig(t)
	body := strings.ReplaceAll(setupBody, "482915", "48291")
	res, err := rig.from("127.0.0.1").Post(rig.ts.URL+"/api/v1/setup", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b := decodeError(t, res)
	if res.StatusCode != http.StatusBadRequest || b.Error.Field != "admin.pin" || b.Error.Message != "Mã PIN của quản trị viên phải gồm 6 đến 8 chữ số" {
		t.Fatalf("%d %+v", res.StatusCode, b)
	}
	if n, _ := setup.auth.StaffCount(context.Background()); n != 0 {
		t.Fatal("an admin was created")
	}
}

// Demo mode says so to every screen and asks for no setup.
func TestDemoModeInInfo(t *testing.T) {
	rig, setup := newFreshRig(t)
	setup.demo = true
	rig.s.Info.Demo = true
	if info := rig.info(t, "192.0.2.20"); !info.Demo || info.Setup.Required {
		t.Fatalf("info in demo mode: %+v", info)
	}
}
