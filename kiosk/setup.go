package kiosk

import (
	"context"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Setup is what the installer gives on the first-run screen of a kiosk that is not in
// demo mode and has no staff yet: the commune it serves, its first admin, optionally the
// province hub to enrol with, and the printer.
type Setup struct {
	Commune Commune    `json:"commune"`
	Admin   SetupAdmin `json:"admin"`
	// Hub and Token enrol the kiosk with the province hub (the one-time token mc2.… from
	// the province's IT); both or neither.
	Hub   string `json:"hub"`
	Token string `json:"token"`
	// Printer is a printer URI, as the "printer" setting takes it.
	Printer string `json:"printer"`
}

// SetupAdmin is the kiosk's first admin. The PIN is asked twice, so a slip of the finger
// does not lock the installer out of the kiosk they just set up.
type SetupAdmin struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	PIN        string `json:"pin"`
	PINConfirm string `json:"pin_confirm"`
}

// SetupSettings are the settings the first-run setup keeps (in the kiosk's database):
// they sit over the config file and under the environment and flags (ApplySetup).
type SetupSettings struct {
	Commune Commune `json:"commune"`
	Printer string  `json:"printer"`
}

// Settings returns the part of s that is kept as settings.
func (s Setup) Settings() SetupSettings {
	return SetupSettings{Commune: s.Commune, Printer: s.Printer}
}

var (
	communeCodePattern = regexp.MustCompile(`^[0-9]{5}$`)
	staffIDPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)
)

// Normalize trims the text fields and stores names NFC, as all text is kept.
func (s *Setup) Normalize() {
	for _, f := range []*string{&s.Commune.Name, &s.Commune.Code, &s.Commune.AgencyCode, &s.Commune.Province,
		&s.Admin.ID, &s.Admin.Name, &s.Hub, &s.Token, &s.Printer} {
		*f = strings.TrimSpace(norm.NFC.String(*f))
	}
}

// Validate reports the first field the installer must correct, naming it in Vietnamese.
// Whether the printer URI and the hub work is for the adapters to say.
func (s *Setup) Validate() error {
	switch {
	case s.Commune.Name == "" || len(s.Commune.Name) > 200:
		return Invalid("commune.name", "Chưa nhập tên xã/phường (Tên đơn vị)", "the commune's name is missing")
	case !communeCodePattern.MatchString(s.Commune.Code):
		return Invalid("commune.code", "Mã đơn vị hành chính phải gồm 5 chữ số, ví dụ 23302", "the commune code must be 5 digits, e.g. 23302")
	case ValidateAgencyCode(s.Commune.AgencyCode) != nil: // it heads every dossier code
		return ValidateAgencyCode(s.Commune.AgencyCode)
	case len(s.Commune.Province) > 200:
		return Invalid("commune.province", "Tên tỉnh quá dài", "the province's name is too long")
	case ValidateStaffID(s.Admin.ID) != nil:
		return Invalid("admin.id", "Tên đăng nhập của quản trị viên gồm 2–32 chữ thường không dấu, chữ số, dấu chấm, - hoặc _", "the admin's login id takes 2–32 lowercase ASCII letters, digits, '.', '-' or '_'")
	case s.Admin.Name == "" || len(s.Admin.Name) > 200:
		return Invalid("admin.name", "Chưa nhập họ tên quản trị viên", "the admin's name is missing")
	}
	if err := ValidatePINFor(RoleAdmin, s.Admin.PIN); err != nil {
		e := *ErrorOf(err)
		e.Field = "admin.pin"
		return &e
	}
	switch {
	case s.Admin.PINConfirm != s.Admin.PIN:
		return Invalid("admin.pin_confirm", "Hai lần nhập mã PIN của quản trị viên không khớp", "the two PINs differ")
	case s.Hub != "" && s.Token == "":
		return Invalid("token", "Đã nhập địa chỉ máy chủ tỉnh nhưng chưa có mã đăng ký (mc2.…)", "a hub address needs its enrolment token")
	case s.Token != "" && s.Hub == "":
		return Invalid("hub", "Đã có mã đăng ký nhưng chưa nhập địa chỉ máy chủ tỉnh", "an enrolment token needs the hub's address")
	case s.Printer == "":
		return Invalid("printer", "Chưa chọn máy in", "no printer chosen")
	}
	return nil
}

// ValidateStaffID checks the id of a staff member created on the kiosk (setup, `motcua
// staff add`): 2–32 lowercase ASCII letters, digits, '.', '-' or '_', typed on a PIN pad's
// list and in shells without quoting.
func ValidateStaffID(id string) error {
	if !staffIDPattern.MatchString(id) {
		return Invalid("id", "Mã cán bộ gồm 2–32 chữ thường không dấu, chữ số, dấu chấm, - hoặc _", "a staff id takes 2–32 lowercase ASCII letters, digits, '.', '-' or '_'")
	}
	return nil
}

// ApplySetup puts the settings the first-run setup kept over c, except where an
// environment variable or a flag set them (those are the installer's explicit overrides),
// and src says so: from names where they are kept. The commune is set whole, or not at all
// when none was kept (a printer chosen on the admin page of a kiosk whose commune comes
// from its config file).
func (c *Config) ApplySetup(s SetupSettings, src Sources, from string) {
	for _, f := range []struct {
		key      string
		dst      *string
		val      string
		required bool
	}{
		{"commune.name", &c.Commune.Name, s.Commune.Name, true},
		{"commune.code", &c.Commune.Code, s.Commune.Code, false},
		{"commune.agency_code", &c.Commune.AgencyCode, s.Commune.AgencyCode, false},
		{"commune.province", &c.Commune.Province, s.Commune.Province, false},
		{"printer", &c.Printer, s.Printer, true},
	} {
		if l := src.Of(f.key).Layer; l == LayerEnv || l == LayerFlag || f.required && f.val == "" {
			continue
		}
		if strings.HasPrefix(f.key, "commune.") && s.Commune.Name == "" {
			continue
		}
		*f.dst = f.val
		src[f.key] = Source{Layer: LayerSetup, From: from}
	}
}

// ErrSetUp refuses the first-run setup of a kiosk that has staff: it cannot run again.
var ErrSetUp = Errorf(ECONFLICT,
	"Kiosk đã được cài đặt (đã có cán bộ). Việc cài đặt ban đầu không làm lại được; quản trị viên đổi cấu hình ở trang quản trị, cán bộ kỹ thuật dùng lệnh motcua staff.",
	"this kiosk is already set up (it has staff); first-run setup cannot run again")

// PrinterChoice is one printer the setup screen offers.
type PrinterChoice struct {
	URI     string `json:"uri"`  // as the "printer" setting takes it; "tcp://" to be completed
	Kind    string `json:"kind"` // serial, usblp, tcp or virtual
	Label   string `json:"label"`
	LabelEN string `json:"label_en"`
}

// SetupService is the first-run setup. The LAN server decides who may call it: the kiosk
// window, or this PC's loopback when trusted; and only while Required.
type SetupService interface {
	// Required reports whether the kiosk still needs its first-run setup: not in demo mode
	// and no staff at all.
	Required(ctx context.Context) (bool, error)
	// Printers lists the printers to choose from: the devices found on this PC, then a
	// network printer and the virtual one.
	Printers(ctx context.Context) []PrinterChoice
	// TestPrint prints the test page on printer (a URI) and returns what the printer
	// reported, in Vietnamese. EINVALID for a URI that cannot work; EUNAVAILABLE when the
	// page could not be printed, the report saying why.
	TestPrint(ctx context.Context, printer string) (report string, err error)
	// Complete checks s, enrols with the hub when asked, then saves the settings and creates
	// the admin in one transaction that either commits whole or changes nothing (an
	// enrolment already made is kept: the hub answers a retry with the same kiosk). EINVALID
	// names the field at fault; ErrSetUp once any staff exists, so setup is never a way to
	// become admin. It returns the commune the kiosk now serves, which an environment
	// variable or a flag may have kept from the form's.
	Complete(ctx context.Context, s Setup) (Commune, error)
}
