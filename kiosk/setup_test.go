package kiosk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goodSetup() Setup {
	return Setup{
		Commune: Commune{Name: "Xã Tân Lập", Code: "25261", AgencyCode: "000.00.12.H62", Province: "Tỉnh Phú Thọ"},
		Admin:   SetupAdmin{ID: "quantri", Name: "Lê Thị Mai", PIN: "482915", PINConfirm: "482915"},
		Printer: "virtual:",
	}
}

// Each wrong field of the first-run form is refused with a Vietnamese message and the
// field's name, so the screen can point at it.
func TestSetupValidateNamesTheField(t *testing.T) {
	if s := goodSetup(); s.Validate() != nil {
		t.Fatalf("a good setup refused: %v", s.Validate())
	}
	cases := []struct {
		field  string
		change func(*Setup)
		words  string // in the Vietnamese message
	}{
		{"commune.name", func(s *Setup) { s.Commune.Name = "" }, "tên xã"},
		{"commune.code", func(s *Setup) { s.Commune.Code = "2526" }, "5 chữ số"},
		{"commune.agency_code", func(s *Setup) { s.Commune.AgencyCode = "000-00" }, "Mã đơn vị (agency_code)"},
		{"admin.id", func(s *Setup) { s.Admin.ID = "Quản Trị" }, "Tên đăng nhập"},
		{"admin.name", func(s *Setup) { s.Admin.Name = "" }, "họ tên quản trị viên"},
		{"admin.pin", func(s *Setup) { s.Admin.PIN, s.Admin.PINConfirm = "12345", "12345" }, "Mã PIN của quản trị viên phải gồm 6 đến 8 chữ số"},
		{"admin.pin", func(s *Setup) { s.Admin.PIN, s.Admin.PINConfirm = "12345a", "12345a" }, "6 đến 8 chữ số"},
		{"admin.pin_confirm", func(s *Setup) { s.Admin.PINConfirm = "482916" }, "không khớp"},
		{"token", func(s *Setup) { s.Hub = "https://hub.example.gov.vn" }, "mã đăng ký"},
		{"hub", func(s *Setup) { s.Token = "mc2.x.y" }, "địa chỉ máy chủ tỉnh"},
		{"printer", func(s *Setup) { s.Printer = "" }, "máy in"},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			s := goodSetup()
			c.change(&s)
			err := s.Validate()
			e := ErrorOf(err)
			if ErrorCode(err) != EINVALID || e.Field != c.field || !strings.Contains(e.Message, c.words) {
				t.Fatalf("got %v (field %q, message %q), want field %s saying %q", err, e.Field, e.Message, c.field, c.words)
			}
		})
	}
}

func TestAdminPINsAreLonger(t *testing.T) {
	for _, c := range []struct {
		role Role
		pin  string
		ok   bool
	}{
		{RoleClerk, "1234", true},
		{RoleClerk, "123", false},
		{RoleAdmin, "1234", false},
		{RoleAdmin, "12345", false},
		{RoleAdmin, "123456", true},
		{RoleAdmin, "12345678", true},
		{RoleAdmin, "123456789", false},
		{RoleAdmin, "١٢٣٤٥٦", false}, // digits, but not ASCII ones
	} {
		if err := ValidatePINFor(c.role, c.pin); (err == nil) != c.ok {
			t.Errorf("%s PIN %q: %v", c.role, c.pin, err)
		}
	}
}

// Demo mode is off unless the file, MOTCUA_DEMO or --demo turns it on, and the source says which.
func TestDemoModeIsOneExplicitSetting(t *testing.T) {
	dir := t.TempDir()
	c, src, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if err != nil || c.Demo || src.Of("demo").Layer != LayerDefault {
		t.Fatalf("default demo %v from %v, %v", c.Demo, src.Of("demo"), err)
	}
	c, src, _ = LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_DEMO": "1"}), Overrides{})
	if !c.Demo || src.Of("demo").From != "MOTCUA_DEMO" {
		t.Fatalf("MOTCUA_DEMO=1: %v from %v", c.Demo, src.Of("demo"))
	}
	c, src, _ = LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{Demo: true})
	if !c.Demo || src.Of("demo").From != "--demo" {
		t.Fatalf("--demo: %v from %v", c.Demo, src.Of("demo"))
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"demo": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, _ = LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_DEMO": "0"}), Overrides{})
	if c.Demo {
		t.Fatal("MOTCUA_DEMO=0 did not override the file")
	}
	_, _, err = LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_DEMO": "yes please"}), Overrides{})
	if e := ErrorOf(err); e.Field != "MOTCUA_DEMO" {
		t.Fatalf("a bad MOTCUA_DEMO: %v", err)
	}
}

// An older config file with queue.demo_staff still loads, and does not turn demo mode on:
// a kiosk is safe by default whatever an old file says.
func TestOldDemoStaffKnobLoadsAndIsIgnored(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"queue": {"demo_staff": true}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Demo || c.Queue.DemoStaff == nil || !*c.Queue.DemoStaff {
		t.Fatalf("demo %v, queue.demo_staff %v", c.Demo, c.Queue.DemoStaff)
	}
}

// The setup's settings sit over the file and under the environment and flags.
func TestSetupSettingsLayer(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"commune": {"name": "Xã Cũ"}, "printer": "tcp://10.0.0.9:9100"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, src, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_PRINTER": "usblp:///dev/usb/lp0"}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	s := goodSetup()
	c.ApplySetup(s.Settings(), src, "/data/motcua.db")
	if c.Commune != s.Commune {
		t.Fatalf("commune %+v", c.Commune)
	}
	if got := src.Of("commune.agency_code"); got.Layer != LayerSetup || got.From != "/data/motcua.db" {
		t.Fatalf("agency code from %v", got)
	}
	if c.Printer != "usblp:///dev/usb/lp0" || src.Of("printer").Layer != LayerEnv {
		t.Fatalf("the environment's printer lost to the setup: %s from %v", c.Printer, src.Of("printer"))
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A printer kept from the admin page of a kiosk whose commune is in its config file:
// the printer is set, the file's commune stays whole.
func TestSetupSettingsPrinterAlone(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"commune": {"name": "Xã Cũ", "code": "23302"}, "printer": "virtual:"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, src, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	c.ApplySetup(SetupSettings{Printer: "tcp://10.0.0.9:9100?paper=58"}, src, "/data/motcua.db")
	if c.Commune.Name != "Xã Cũ" || c.Commune.Code != "23302" || src.Of("commune.code").Layer != LayerFile {
		t.Fatalf("commune %+v from %v", c.Commune, src.Of("commune.code"))
	}
	if c.Printer != "tcp://10.0.0.9:9100?paper=58" || src.Of("printer").Layer != LayerSetup {
		t.Fatalf("printer %s from %v", c.Printer, src.Of("printer"))
	}
}
