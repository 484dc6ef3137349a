package hub

import (
	"context"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Every page renders for province IT, in Vietnamese, with what it is for.
func TestPagesRender(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	ctx := context.Background()
	if _, err := r.store.Heartbeat(ctx, r.signer.Kiosk, wire.Heartbeat{Version: "1.4.0", Clock: time.Now(), LastError: "hub unreachable",
		Printer: wire.Printer{Online: true, PaperOut: true}, Backlog: 12}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.QueueCommandArg(ctx, r.signer.Kiosk, wire.CommandApplyBundle, "catalog:3", time.Hour, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.store.SyncAlerts(ctx, []Alert{{Kiosk: r.signer.Kiosk, Kind: AlertPaperOut, Detail: "hết giấy"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	b := r.browser()
	b.login("tinh.it", testPassword)
	for path, want := range map[string][]string{
		"/fleet?group=1":                  {"Đội kiosk", "HẾT GIẤY", "Máy in hết giấy", `class="paper-out"`},
		"/kiosks/" + r.signer.Kiosk:       {"Gửi lệnh", "Áp dụng gói dữ liệu catalog:3", "hub unreachable", `id="history"`, "chart.umd.js"},
		"/alerts":                         {"Đang mở (1)", "Máy in hết giấy"},
		"/tokens":                         {"Tạo mã mới"},
		"/audit":                          {"login"},
		"/kiosks/" + r.signer.Kiosk + "x": {"Không có kiosk này"},
	} {
		resp, page := b.get(path)
		if resp.StatusCode != 200 && !strings.HasSuffix(path, "x") {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
	}
	if resp, _ := b.get("/static/chart.umd.js"); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("chart.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
