package hub

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

func TestUpdateWords(t *testing.T) {
	at := "2026-12-02T07:02:00Z" // 14:02 in Hà Nội, whatever the machine's zone
	for _, c := range []struct {
		o    *wire.UpdateOutcome
		want string
	}{
		{nil, ""},
		{&wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateInstalled, At: at}, "Đã cập nhật lên 1.5.0 lúc 14:02 02/12/2026"},
		{&wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateTrying, At: at}, "Đang thử bản 1.5.0 (thay 1.4.2) từ 14:02 02/12/2026, chờ bản mới báo khoẻ"},
		{&wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRolledBack, At: at, Reason: "not healthy within 5m0s of its first start",
			ReasonVI: "bản mới không báo khoẻ trong 5 phút"}, "Đã quay lại 1.4.2 lúc 14:02 02/12/2026 (bản 1.5.0 không dùng được): bản mới không báo khoẻ trong 5 phút"},
		{&wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRefused, At: at, ReasonVI: "chữ ký không hợp lệ"},
			"Từ chối bản cập nhật 1.5.0 lúc 14:02 02/12/2026, vẫn chạy 1.4.2: chữ ký không hợp lệ"},
		// A kiosk that sent no Vietnamese, no version and no time: the English reason, no gaps.
		{&wire.UpdateOutcome{State: wire.UpdateRefused, From: "1.4.2", Reason: "update: no binaries"},
			"Từ chối bản cập nhật (không rõ phiên bản), vẫn chạy 1.4.2: update: no binaries"},
	} {
		if got := updateWords(c.o); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.o, got, c.want)
		}
	}
	got := programCounts(map[string]int{"": 1, "dev": 2, "1.10.0": 3, "1.9.2": 4, "1.10.0-rc.1": 5})
	var order []string
	for _, p := range got {
		order = append(order, p.Version)
	}
	if strings.Join(order, " ") != "1.10.0 1.10.0-rc.1 1.9.2 dev " {
		t.Errorf("versions newest first: %q", order)
	}
}

// The kiosk page and the fleet page say, in words, what became of each kiosk's last
// update, as its heartbeat (over the signed sync API) told the hub.
func TestKioskAndFleetPagesSayTheUpdate(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	ctx := context.Background()
	newer := r.enrol("xa-moi", "")
	refusing := r.enrol("xa-tu-choi", "")
	beat := func(s wire.Signer, hb wire.Heartbeat) {
		t.Helper()
		hb.Clock = time.Now()
		hb.Printer.Online = true
		if st, b, _ := r.do(s, "POST", wire.PathHeartbeat, []byte(mustJSON(hb)), false, time.Now()); st != 200 {
			t.Fatalf("heartbeat: %d %s", st, b)
		}
	}
	at := "2026-12-02T07:02:00Z"
	beat(newer, wire.Heartbeat{Version: "1.5.0", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateInstalled, At: at, Starts: 1}})
	beat(r.signer, wire.Heartbeat{Version: "1.4.2", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRolledBack, At: at,
		Reason: "not healthy within 5m0s of its first start", ReasonVI: "bản mới không báo khoẻ trong 5 phút"}})
	beat(refusing, wire.Heartbeat{Version: "1.4.2", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRefused, At: at,
		Reason: "bundle update v3 refused: bundle refused: bad signature: signature does not verify", ReasonVI: "chữ ký không hợp lệ"}})
	if err := (&Alerter{Store: r.store}).Check(ctx); err != nil {
		t.Fatal(err)
	}

	b := r.browser()
	b.login("tinh.it", testPassword)
	for path, want := range map[string][]string{
		"/kiosks/" + newer.Kiosk:    {`data-update="installed"`, "Đã cập nhật lên 1.5.0 lúc 14:02 02/12/2026"},
		"/kiosks/" + r.signer.Kiosk: {`data-update="rolled_back"`, "Đã quay lại 1.4.2 lúc 14:02 02/12/2026 (bản 1.5.0 không dùng được): bản mới không báo khoẻ trong 5 phút", "Cập nhật phần mềm không thành công"},
		"/kiosks/" + refusing.Kiosk: {`data-update="refused"`, "Từ chối bản cập nhật 1.5.0 lúc 14:02 02/12/2026, vẫn chạy 1.4.2: chữ ký không hợp lệ"},
		"/fleet": {`data-version="1.5.0">1.5.0: 1 kiosk`, `data-version="1.4.2">1.4.2: 2 kiosk`, "2 cập nhật không thành công",
			"quay lại, bản 1.5.0 lỗi", "từ chối 1.5.0", `title="Từ chối bản cập nhật 1.5.0`, `data-alert="update_failed"`},
		"/fleet?status=update": {"2 khớp bộ lọc", "xa-tu-choi"},
		"/alerts":              {"Cập nhật phần mềm không thành công", "chữ ký không hợp lệ"},
	} {
		resp, page := b.get(path)
		page = html.UnescapeString(page)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if path == "/fleet?status=update" && strings.Contains(page, "xa-moi") {
			t.Errorf("the failed updates' filter shows the kiosk that installed")
		}
	}
	// A kiosk that never tried an update says so.
	quiet := r.enrol("xa-im", "")
	if _, page := b.get("/kiosks/" + quiet.Kiosk); !strings.Contains(page, "chưa có lần cập nhật nào qua máy chủ") {
		t.Error("a kiosk without updates says nothing of them")
	}
}
