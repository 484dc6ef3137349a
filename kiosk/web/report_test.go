package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/xuri/excelize/v2"
)

// A clerk downloads the report as JSON, CSV (with the BOM Excel needs) and .xlsx (the title,
// what it measures and that it is not the Decision 766 score, numbers as numbers); a bad
// parameter is refused by name.
func TestReportExports(t *testing.T) {
	rig := newLANRig(t, nil)
	q := rig.s.Queue.(*sqlite.QueueService)
	rig.s.Reports = &sqlite.ReportService{DB: rig.db, Queue: q, Staff: rig.s.Auth.(*sqlite.AuthService)}
	clerk := rig.login(t, "192.0.2.31", "canbo1", "1111")
	for _, line := range []string{"hotich", "hotich", "khac"} {
		res, err := clerk.Post(rig.ts.URL+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"`+line+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	get := func(path string) (*http.Response, []byte) {
		res, err := clerk.Get(rig.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, b
	}
	const params = "?from=2026-11-25&to=2026-11-25&period=day&by=line"
	res, body := get("/api/v1/admin/reports" + params)
	var rep kiosk.Report
	if err := json.Unmarshal(body, &rep); err != nil || res.StatusCode != 200 || rep.Total.Issued != 3 || rep.Groups[0].Name != "Hộ tịch – Chứng thực" {
		t.Fatalf("%d %v %s", res.StatusCode, err, body)
	}

	res, body = get("/api/v1/admin/reports.csv" + params)
	text := string(body)
	if res.StatusCode != 200 || !strings.HasPrefix(text, "\uFEFFKỳ,Dịch vụ,Đã cấp số") || !strings.Contains(text, "25/11/2026,Hộ tịch – Chứng thực,2,") ||
		!strings.Contains(text, "Cả kỳ,Tổng cộng,3,") || !strings.Contains(res.Header.Get("Content-Disposition"), "bao-cao-dich-vu-ngay-2026-11-25-2026-11-25.csv") {
		t.Fatalf("csv %d %q\n%s", res.StatusCode, res.Header.Get("Content-Disposition"), text)
	}

	res, body = get("/api/v1/admin/reports.xlsx" + params)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("xlsx %d %v", res.StatusCode, err)
	}
	defer f.Close()
	title, _ := f.GetCellValue("Báo cáo", "A1")
	note, _ := f.GetCellValue("Báo cáo", "A2")
	issued, _ := f.GetCellType("Báo cáo", "C5")
	name, _ := f.GetCellValue("Báo cáo", "B5")
	if title != "Báo cáo theo dịch vụ, từng ngày, từ 25/11/2026 đến 25/11/2026" || !strings.Contains(note, "không phải điểm") || !strings.Contains(note, "766") ||
		name != "Hộ tịch – Chứng thực" || issued == excelize.CellTypeSharedString {
		t.Errorf("xlsx: %q / %q / %q / C5 type %v", title, note, name, issued)
	}

	res, body = get("/api/v1/admin/reports?from=2026-11-25&to=2026-11-25&period=year&by=line")
	if res.StatusCode != 400 || !strings.Contains(string(body), `"field":"period"`) {
		t.Errorf("bad period: %d %s", res.StatusCode, body)
	}
	anon, _ := http.Get(rig.ts.URL + "/api/v1/admin/reports" + params)
	anon.Body.Close()
	if anon.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a session: %d", anon.StatusCode)
	}
}
