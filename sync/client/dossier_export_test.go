package client_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/sync/hub"
)

// A dossier a real kiosk received and worked reaches a real hub through the outbox and
// comes out of the hub's export in the portal's field names, read from the kiosk's own
// event bodies (not hand-made ones): the procedure, the applicant opened on the way, the
// dates in Hà Nội's time, the supplement's appointments and a progress row per step.
func TestRealDossierExportsInPortalFields(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, kiosk.Zone) // a Thursday
	h := startHub(t)
	k := newKiosk(t, h, h.url(), func() time.Time { return at })
	ds := dossierDesk(t, k.db)
	d := receive(t, ds)
	step := func(after time.Duration, c kiosk.DossierChange) kiosk.Dossier {
		t.Helper()
		at = at.Add(after)
		x, err := ds.Transition(ctx, clerk, d.Code, c)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	step(time.Hour, kiosk.DossierChange{Action: kiosk.ActionProcess})
	step(24*time.Hour, kiosk.DossierChange{Action: kiosk.ActionSupplement, Missing: []string{"Giấy xác nhận cư trú"}})
	supplied := step(24*time.Hour, kiosk.DossierChange{Action: kiosk.ActionSupplemented})
	step(time.Hour, kiosk.DossierChange{Action: kiosk.ActionDone})
	returned := step(time.Hour, kiosk.DossierChange{Action: kiosk.ActionReturn})
	k.drain(t, 5)

	status, body := h.api("GET", "/admin/v1/dossiers/export.json?code="+d.Code, "")
	var got []hub.PortalDossier
	if status != 200 || json.Unmarshal(body, &got) != nil || len(got) != 1 {
		t.Fatalf("%d %s", status, body)
	}
	p := got[0]
	portal := func(t time.Time) string { return t.In(kiosk.Zone).Format("20060102150405") }
	if p.MaHoSo != d.Code || p.MaTTHC != "1.004873" || p.TenTTHC != d.Procedure.Name || p.TenLinhVuc != d.Procedure.Field ||
		p.KenhThucHien != "1" || p.ChuHoSo != "Nguyễn Văn An" || p.SoDienThoai != "0912345678" ||
		len(p.DinhDanhCHS) != 1 || p.DinhDanhCHS[0].SoDinhDanh != "001099012345" ||
		p.NgayTiepNhan != "20260305090000" || p.NgayTiepNhan != portal(d.ReceivedAt) || p.TrangThaiHoSo != "10" ||
		p.NgayHenTra != portal(returned.Appointment) || p.NgayTra != portal(at) {
		t.Errorf("the export of a real dossier: %+v", p)
	}
	if len(p.DanhSachHoSoBoSung) != 1 || p.DanhSachHoSoBoSung[0].NgayHenTraTruoc != portal(d.Appointment) ||
		p.DanhSachHoSoBoSung[0].NgayHenTraMoi != portal(supplied.Appointment) {
		t.Errorf("the supplement: %+v (appointments %s then %s)", p.DanhSachHoSoBoSung, d.Appointment, supplied.Appointment)
	}
	if len(p.QuaTrinhXuLy) != 6 || p.QuaTrinhXuLy[2].NoiDungXuLy != "Yêu cầu bổ sung. Cần bổ sung: Giấy xác nhận cư trú" ||
		p.QuaTrinhXuLy[2].TrangThai != "5" || p.QuaTrinhXuLy[2].NguoiXuLy != "canbo1" {
		t.Errorf("the progress rows: %+v", p.QuaTrinhXuLy)
	}
}
