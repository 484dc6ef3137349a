package sqlite

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func firstRun() kiosk.Setup {
	return kiosk.Setup{
		Commune: kiosk.Commune{Name: "Xã Tân Lập", Code: "25261", AgencyCode: "000.00.12.H62", Province: "Tỉnh Phú Thọ"},
		Admin:   kiosk.SetupAdmin{ID: "admin", Name: "Lê Thị Mai", PIN: "482915", PINConfirm: "482915"},
		Printer: "tcp://192.0.2.50:9100",
	}
}

// A fresh database has no staff; setup creates the admin and keeps its settings in one
// step, after which the admin logs in with the new PIN; a second setup is refused and
// changes nothing.
func TestCompleteSetupOnce(t *testing.T) {
	db := openTemp(t)
	auth := &AuthService{DB: db}
	ctx := context.Background()
	if n, err := auth.StaffCount(ctx); n != 0 || err != nil {
		t.Fatalf("a fresh database has %d staff, %v", n, err)
	}
	if _, ok, err := db.SetupSettings(ctx); ok || err != nil {
		t.Fatalf("settings before setup: %v %v", ok, err)
	}
	if err := auth.CompleteSetup(ctx, firstRun(), "kiosk-from-hub"); err != nil {
		t.Fatal(err)
	}
	if _, sess, err := auth.Login(ctx, "admin", "482915", "127.0.0.1"); err != nil || sess.Staff.Role != kiosk.RoleAdmin {
		t.Fatalf("the new admin cannot log in: %v %+v", err, sess)
	}
	got, ok, err := db.SetupSettings(ctx)
	if !ok || err != nil || got != firstRun().Settings() {
		t.Fatalf("settings %+v %v %v", got, ok, err)
	}
	if db.KioskID() != "kiosk-from-hub" {
		t.Fatalf("kiosk id %q", db.KioskID())
	}

	again := firstRun()
	again.Admin.ID, again.Commune.Name = "thief", "Xã Khác"
	if err := auth.CompleteSetup(ctx, again, ""); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("a second setup: %v", err)
	}
	if _, err := auth.Get(ctx, "thief"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("the refused setup created its admin: %v", err)
	}
	if got, _, _ := db.SetupSettings(ctx); got.Commune.Name != "Xã Tân Lập" {
		t.Fatalf("the refused setup changed the settings: %+v", got)
	}
}

// Two setups at once (the window and a loopback browser): exactly one wins.
func TestConcurrentSetupsOneWins(t *testing.T) {
	db := openTemp(t)
	auth := &AuthService{DB: db}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := firstRun()
			s.Admin.ID = []string{"a1", "a2", "a3", "a4"}[i]
			errs[i] = auth.CompleteSetup(context.Background(), s, "")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch kiosk.ErrorCode(err) {
		case "":
			won++
		case kiosk.ECONFLICT:
		default:
			t.Fatalf("unexpected: %v", err)
		}
	}
	if n, _ := auth.StaffCount(context.Background()); won != 1 || n != 1 {
		t.Fatalf("%d setups won, %d staff", won, n)
	}
}

// Nothing of an invalid setup is kept.
func TestInvalidSetupChangesNothing(t *testing.T) {
	db := openTemp(t)
	auth := &AuthService{DB: db}
	s := firstRun()
	s.Admin.PIN, s.Admin.PINConfirm = "1234", "1234"
	err := auth.CompleteSetup(context.Background(), s, "kiosk-x")
	if e := kiosk.ErrorOf(err); e.Code != kiosk.EINVALID || e.Field != "admin.pin" {
		t.Fatalf("a 4-digit admin PIN: %v", err)
	}
	if n, _ := auth.StaffCount(context.Background()); n != 0 {
		t.Fatal("staff created")
	}
	if _, ok, _ := db.SetupSettings(context.Background()); ok || db.KioskID() == "kiosk-x" {
		t.Fatal("settings or kiosk id kept")
	}
}

// config show reads the settings without opening the database for writing, and a data
// directory without a database has none.
func TestReadSetupSettingsFromTheFile(t *testing.T) {
	db := openTemp(t)
	if _, ok, err := ReadSetupSettings(context.Background(), db.Path+".absent"); ok || err != nil {
		t.Fatalf("no file: %v %v", ok, err)
	}
	if err := (&AuthService{DB: db}).CompleteSetup(context.Background(), firstRun(), ""); err != nil {
		t.Fatal(err)
	}
	got, ok, err := ReadSetupSettings(context.Background(), db.Path)
	if !ok || err != nil || got.Printer != "tcp://192.0.2.50:9100" {
		t.Fatalf("%+v %v %v", got, ok, err)
	}
}

// An admin's PIN set on the kiosk has at least 6 digits; reset-pin ends the old sessions.
func TestAdminPINAndReset(t *testing.T) {
	db := openTemp(t)
	auth := &AuthService{DB: db}
	ctx := context.Background()
	admin := kiosk.Staff{ID: "boss", Name: "Đỗ Văn Bình", Role: kiosk.RoleAdmin}
	if err := auth.PutStaff(ctx, admin, "9999"); kiosk.ErrorOf(err).Field != "pin" {
		t.Fatalf("a 4-digit admin PIN: %v", err)
	}
	if err := auth.PutStaff(ctx, admin, "909192"); err != nil {
		t.Fatal(err)
	}
	if err := auth.PutStaff(ctx, kiosk.Staff{ID: "clerk", Name: "Hà Thu", Role: kiosk.RoleClerk, Counter: 2}, "4321"); err != nil {
		t.Fatalf("a clerk's 4-digit PIN: %v", err)
	}
	token, _, err := auth.Login(ctx, "boss", "909192", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.SetPIN(ctx, "boss", "12345"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("reset to a short admin PIN: %v", err)
	}
	if err := auth.SetPIN(ctx, "nobody", "123456"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("reset of an unknown id: %v", err)
	}
	if err := auth.SetPIN(ctx, "boss", "707172"); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("the session from before the reset lives on: %v", err)
	}
	if _, _, err := auth.Login(ctx, "boss", "909192", "127.0.0.1"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("the old PIN still works: %v", err)
	}
	if _, _, err := auth.Login(ctx, "boss", "707172", "127.0.0.1"); err != nil {
		t.Fatalf("the new PIN: %v", err)
	}
}

// Leaving demo mode removes the demo accounts that still have the manual's PINs, and keeps
// an account that took a demo id with a PIN of its own.
func TestRemoveDemoStaff(t *testing.T) {
	db := openTemp(t)
	auth := &AuthService{DB: db}
	ctx := context.Background()
	if _, err := auth.SeedDemoStaff(ctx); err != nil {
		t.Fatal(err)
	}
	if err := auth.SetPIN(ctx, "canbo2", "5827"); err != nil {
		t.Fatal(err)
	}
	token, _, err := auth.Login(ctx, "quantri", "9999", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	removed, err := auth.RemoveDemoStaff(ctx)
	if err != nil || strings.Join(removed, ",") != "canbo1,canbo3,quantri" {
		t.Fatalf("removed %v, %v", removed, err)
	}
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("the demo admin's session lives on: %v", err)
	}
	if list, _ := auth.ListStaff(ctx); len(list) != 1 || list[0].ID != "canbo2" {
		t.Fatalf("staff left: %+v", list)
	}
}
