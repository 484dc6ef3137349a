package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk/sqlite"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

func enrolJSON(hub, token string, confirm bool) string {
	b, _ := json.Marshal(map[string]any{"hub": hub, "token": token, "confirm": confirm})
	return string(b)
}

// The admin page enrols a running kiosk with the province hub: refusals (no address, a
// token of the wrong form, a token the hub does not know, an answer not signed by the key
// the token pins, a hub that cannot be reached) say why in Vietnamese, mark the box and
// change nothing; a good token enrols, is audited and sent, and sync starts with no
// restart; enrolling again needs a confirmation, and then syncs under the new kiosk id.
func TestAdminEnrolsTheKiosk(t *testing.T) {
	a, base := adminKiosk(t)
	h := startHubStore(t)
	if _, got, _ := call(t, "GET", base, "", "/api/v1/admin/enrolment", ""); got["enrolled"] != false {
		t.Fatalf("a fresh kiosk's enrolment: %v", got)
	}

	good := h.token()
	tok, err := wire.ParseEnrolToken(good)
	if err != nil {
		t.Fatal(err)
	}
	_, rogue, _ := ed25519.GenerateKey(nil)
	unknown := wire.EnrolToken{Secret: strings.Repeat("a", len(tok.Secret)), ProvinceKey: tok.ProvinceKey}.String()
	otherKey := wire.EnrolToken{Secret: tok.Secret, ProvinceKey: wire.Fingerprint(rogue.Public().(ed25519.PublicKey))}.String()
	audits, localID := auditCount(t, a), a.DB.KioskID()
	for _, c := range []struct {
		name, hub, token string
		status           int
		field, words     string
	}{
		{"no address", "", good, 400, "hub", "Chưa nhập địa chỉ máy chủ tỉnh"},
		{"no token", h.URL, " \n", 400, "token", "Chưa có mã ghi danh"},
		{"not a token", h.URL, "xin chào", 400, "token", "Mã đăng ký không đúng dạng"},
		{"plain http elsewhere", "http://hub.example.gov.vn", good, 400, "hub", "https://"},
		{"a token the hub does not know", h.URL, unknown, 403, "token", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn"},
		{"another province key", h.URL, otherKey, 503, "hub", "khoá của tỉnh ghi trong mã đăng ký"},
		{"hub unreachable", "http://127.0.0.1:1", good, 503, "hub", "Không kết nối được máy chủ tỉnh"},
	} {
		status, out, _ := call(t, "POST", base, "", "/api/v1/admin/enrolment", enrolJSON(c.hub, c.token, false))
		if msg, _ := path(out, "error", "message").(string); status != c.status || path(out, "error", "field") != c.field || !strings.Contains(msg, c.words) {
			t.Errorf("%s: %d %v", c.name, status, out)
		}
	}
	if _, got, _ := call(t, "GET", base, "", "/api/v1/admin/enrolment", ""); got["enrolled"] != false || auditCount(t, a) != audits || a.DB.KioskID() != localID {
		t.Fatalf("a refused enrolment changed something: %v, %d audit entries, kiosk id %q", got, auditCount(t, a), a.DB.KioskID())
	}

	// The token as a file holds it, pasted whole: its first line.
	status, first, _ := call(t, "POST", base, "", "/api/v1/admin/enrolment", enrolJSON(h.URL+"/", "\n"+good+"\n", false))
	if status != 200 || first["enrolled"] != true || first["hub"] != h.URL || first["kiosk_id"] == "" || first["commune"] != "Tân Lập" {
		t.Fatalf("enrolment: %d %v", status, first)
	}
	id1 := first["kiosk_id"].(string)
	if a.DB.KioskID() != id1 {
		t.Fatalf("the database's kiosk id %q, enrolled as %q", a.DB.KioskID(), id1)
	}
	_, health, _ := call(t, "GET", base, "", "/api/v1/admin/health", "")
	if path(health, "sync", "enabled") != true || path(health, "sync", "hub") != h.URL {
		t.Fatalf("sync after enrolment: %v", health["sync"])
	}
	list, err := (&sqlite.AuditLog{DB: a.DB}).Audit(context.Background(), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := list[0]; e.Kind != "sync.enrolled" || e.Summary != "Ghi danh với máy chủ tỉnh "+h.URL+": mã kiosk "+id1 || e.OutboxSeq == 0 {
		t.Fatalf("audit entry %+v", list[0])
	}
	hubHolds(t, h, id1, "sync.enrolled")

	// Enrolled: another token is refused until confirmed, and nothing changes.
	second := h.token()
	status, out, _ := call(t, "POST", base, "", "/api/v1/admin/enrolment", enrolJSON(h.URL, second, false))
	if msg, _ := path(out, "error", "message").(string); status != 409 || path(out, "error", "field") != "confirm" || !strings.Contains(msg, "Kiosk đã ghi danh với "+h.URL) {
		t.Fatalf("enrolling again unconfirmed: %d %v", status, out)
	}
	status, again, _ := call(t, "POST", base, "", "/api/v1/admin/enrolment", enrolJSON(h.URL, second, true))
	if status != 200 || again["kiosk_id"] == id1 || again["kiosk_id"] == "" {
		t.Fatalf("enrolling again, confirmed: %d %v", status, again)
	}
	id2 := again["kiosk_id"].(string)
	if list, _ = (&sqlite.AuditLog{DB: a.DB}).Audit(context.Background(), 0, 1); !strings.HasPrefix(list[0].Summary, "Ghi danh lại") || !strings.Contains(list[0].Summary, "trước là "+id1) {
		t.Fatalf("audit entry %+v", list[0])
	}
	// The restarted worker syncs under the new id: the new registration gets the event.
	hubHolds(t, h, id2, "sync.enrolled")
}

// hubHolds waits until the hub holds an event of kind from kiosk (the worker pushes at its
// own pace; the test's deadline bounds the wait).
func hubHolds(t *testing.T, h *testHub, kiosk, kind string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		evs, err := h.Store.Events(ctx, hub.EventQuery{Kiosk: kiosk, Kind: kind})
		if err == nil && len(evs) > 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the hub never got %s from %s: %v", kind, kiosk, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
