package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func newStaffAdmin(t *testing.T) (*AuthService, context.Context) {
	t.Helper()
	db := openTemp(t)
	db.Clock = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, kiosk.Zone) }
	a := &AuthService{DB: db}
	if _, err := a.SeedDemoStaff(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, kiosk.WithActor(context.Background(), kiosk.Actor{ID: "quantri", Name: "Phạm Minh Đức"})
}

func auditSummaries(t *testing.T, db *DB) []string {
	t.Helper()
	list, err := (&AuditLog{DB: db}).Audit(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, list[i].Summary)
	}
	return out
}

// Adding, changing, resetting a PIN and disabling: each validated, each in the audit list
// by name; a disabled account cannot log in, loses its sessions and leaves the login list.
func TestStaffAdminLifecycle(t *testing.T) {
	a, ctx := newStaffAdmin(t)
	lan := kiosk.Staff{ID: "canbo4", Name: "Lò Thị Mai", Title: "Công chức Tư pháp – Hộ tịch", Role: kiosk.RoleClerk, Counter: 1}
	if err := a.SaveStaff(ctx, lan, ""); kiosk.ErrorOf(err).Field != "pin" {
		t.Fatalf("new member without a PIN: %v", err)
	}
	if err := a.SaveStaff(ctx, kiosk.Staff{ID: "Cán bộ", Name: "x", Role: kiosk.RoleClerk}, "1234"); kiosk.ErrorOf(err).Field != "id" {
		t.Fatalf("bad id: %v", err)
	}
	if err := a.SaveStaff(ctx, lan, "4444"); err != nil {
		t.Fatal(err)
	}
	lan.Counter = 3
	if err := a.SaveStaff(ctx, lan, ""); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Login(ctx, "canbo4", "4444", "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ResetPIN(ctx, "canbo4", "12"); kiosk.ErrorOf(err).Field != "pin" {
		t.Fatalf("short PIN: %v", err)
	}
	if err := a.ResetPIN(ctx, "canbo4", "5555"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("session after a PIN reset: %v", err)
	}
	token, _, err = a.Login(ctx, "canbo4", "5555", "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetDisabled(ctx, "canbo4", true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("session of a disabled account: %v", err)
	}
	if _, _, err := a.Login(ctx, "canbo4", "5555", "192.0.2.9"); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("login of a disabled account: %v", err)
	}
	list, _ := a.ListStaff(ctx)
	for _, s := range list {
		if s.ID == "canbo4" {
			t.Error("a disabled account is offered on the login screen")
		}
	}
	all, _ := a.AllStaff(ctx)
	if len(all) != len(list)+1 {
		t.Errorf("AllStaff %d, ListStaff %d", len(all), len(list))
	}
	if err := a.SetDisabled(ctx, "canbo4", false); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Thêm cán bộ «Lò Thị Mai» (cán bộ tiếp nhận)",
		"Sửa thông tin cán bộ «Lò Thị Mai»: phân công quầy 3",
		"Đặt lại mã PIN của «Lò Thị Mai»",
		"Vô hiệu hóa tài khoản «Lò Thị Mai»",
		"Cho phép lại tài khoản «Lò Thị Mai»",
	}
	if got := auditSummaries(t, a.DB); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit\n got %q\nwant %q", got, want)
	}
}

// The last enabled admin can be neither disabled nor made a clerk.
func TestStaffAdminKeepsAnAdmin(t *testing.T) {
	a, ctx := newStaffAdmin(t)
	if err := a.SetDisabled(ctx, "quantri", true); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("disable the only admin: %v", err)
	}
	m, _ := a.Get(ctx, "quantri")
	m.Role = kiosk.RoleClerk
	if err := a.SaveStaff(ctx, m, ""); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("demote the only admin: %v", err)
	}
	if m, _ := a.Get(ctx, "quantri"); m.Role != kiosk.RoleAdmin || m.Disabled {
		t.Errorf("changed anyway: %+v", m)
	}
}

// A photo is stored with a versioned URL that the display's badge carries.
func TestStaffPhotoVersionedURL(t *testing.T) {
	a, ctx := newStaffAdmin(t)
	m, err := a.SetPhoto(ctx, "canbo1", []byte("\xff\xd8jpeg one"))
	if err != nil {
		t.Fatal(err)
	}
	b, v, err := a.Photo(ctx, "canbo1")
	if err != nil || string(b) != "\xff\xd8jpeg one" || m.PhotoURL != "/api/v1/staff/canbo1/photo?v="+v {
		t.Fatalf("%v %q %q %q", err, b, v, m.PhotoURL)
	}
	m2, _ := a.SetPhoto(ctx, "canbo1", []byte("\xff\xd8jpeg two"))
	if m2.PhotoURL == m.PhotoURL {
		t.Error("a new photo kept the old URL")
	}
	if got, _ := a.Get(ctx, "canbo1"); got.PhotoURL != m2.PhotoURL {
		t.Errorf("stored URL %q", got.PhotoURL)
	}
	if _, err := a.SetPhoto(ctx, "nobody", []byte("x")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown member: %v", err)
	}
	if _, _, err := a.Photo(ctx, "canbo2"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("no photo: %v", err)
	}
}
