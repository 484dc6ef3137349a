package hub

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// The codes of exportRig's dossiers.
const (
	exportD1 = "000.00.06.H56-260302-0001" // the whole life of a dossier, returned
	exportD2 = "000.00.06.H56-260302-0002" // owned by a company, refused
	exportD3 = "000.00.06.H56-260303-0001" // the kiosk lost its key: no applicant came
	exportB1 = "000.00.07.H56-260310-0001" // another cluster's commune
)

// caseText is a case name with what CSV must quote: commas, quotes and a line break.
const caseText = "Trường hợp \"có yếu tố nước ngoài\", cha, mẹ\nở nước ngoài"

// exportRig is a hub holding dossiers as real kiosks' events leave them (the bodies are
// kiosk.DossierEvent's, with the intake's "dossier" and the opened "applicant"): three
// from xa-a (cluster Đoan Hùng) and one from xa-b (Thanh Ba).
func exportRig(t *testing.T) (r *rig, a, b wire.Signer) {
	r = newRig(t)
	a, b = r.enrol("xa-a", "Đoan Hùng"), r.enrol("xa-b", "Thanh Ba")
	caseJSON, _ := json.Marshal(caseText)
	r.ingestDossierEvents(a,
		`{"code":"`+exportD1+`","action":"receive","status":2,"portal_status":"new","staff_id":"canbo1","at":"2026-03-02T02:00:00Z","appointment":"2026-03-05T10:00:00Z",
		  "dossier":{"code":"`+exportD1+`","procedure":{"code":"1.001193","name":"Đăng ký khai sinh","field":"Hộ tịch","case":`+string(caseJSON)+`},
		  "fee":{"amount_vnd":8000,"status":"paid"},"applicant_masked":"Nguyễn V. A."},
		  "applicant":{"name":"Nguyễn Văn An","id_number":"001090012345","old_id_number":"123456789","phone":"0912345678","email":"an@example.vn","address":"Thôn 1"}}`,
		`{"code":"`+exportD1+`","action":"process","from":2,"status":4,"staff_id":"canbo1","at":"2026-03-02T03:00:00Z","appointment":"2026-03-05T10:00:00Z"}`,
		`{"code":"`+exportD1+`","action":"supplement","from":4,"status":5,"staff_id":"canbo2","at":"2026-03-03T02:00:00Z","missing":["Giấy chứng sinh","Tờ khai"],"appointment":"2026-03-05T10:00:00Z"}`,
		`{"code":"`+exportD1+`","action":"supplemented","from":5,"status":4,"staff_id":"canbo2","at":"2026-03-04T02:00:00Z","prev_appointment":"2026-03-05T10:00:00Z","appointment":"2026-03-06T10:00:00Z"}`,
		`{"code":"`+exportD1+`","action":"applicant","from":4,"status":4,"staff_id":"canbo1","at":"2026-03-04T03:00:00Z","reason":"Sai số điện thoại","fields":["phone","email"],"appointment":"2026-03-06T10:00:00Z",
		  "applicant":{"name":"Nguyễn Văn An","id_number":"001090012345","phone":"0987654321"}}`,
		`{"code":"`+exportD1+`","action":"done","from":4,"status":9,"staff_id":"hub","at":"2026-03-06T03:00:00Z","appointment":"2026-03-06T10:00:00Z","upstream":{"command":0,"by":"Sở Tư pháp","at":"2026-03-06T02:00:00Z"}}`,
		`{"code":"`+exportD1+`","action":"return","from":9,"status":10,"staff_id":"canbo1","at":"2026-03-06T08:00:00Z","appointment":"2026-03-06T10:00:00Z"}`,
		`{"code":"`+exportD2+`","action":"receive","status":2,"staff_id":"canbo1","at":"2026-03-02T04:00:00Z","appointment":"2026-03-09T10:00:00Z",
		  "dossier":{"code":"`+exportD2+`","procedure":{"code":"2.000815","name":"=HYPERLINK(\"http://x.vn\",\"Chứng thực\")","field":"Chứng thực"},"fee":{"amount_vnd":2000,"status":"exempt"}},
		  "applicant":{"name":"Trần Thị Bình","id_number":"001190054321","phone":"0911222333","owner":"Công ty TNHH Ánh Dương"}}`,
		`{"code":"`+exportD2+`","action":"refuse","from":2,"status":3,"staff_id":"canbo1","at":"2026-03-02T04:30:00Z","reason":"Không thuộc thẩm quyền, chuyển \"Sở\"","appointment":"2026-03-09T10:00:00Z"}`,
		`{"code":"`+exportD3+`","action":"receive","status":2,"staff_id":"canbo1","at":"2026-03-03T01:00:00Z","appointment":"2026-03-03T10:00:00Z",
		  "dossier":{"code":"`+exportD3+`","procedure":{"code":"1.000080","name":"Cấp bản sao trích lục hộ tịch"},"fee":{"amount_vnd":0,"status":"none"}},"sealed_lost":true}`,
	)
	r.ingestDossierEvents(b,
		`{"code":"`+exportB1+`","action":"receive","status":2,"staff_id":"canbo9","at":"2026-03-10T01:00:00Z","appointment":"2026-03-12T10:00:00Z",
		  "dossier":{"code":"`+exportB1+`","procedure":{"code":"1.001193","name":"Đăng ký khai sinh","field":"Hộ tịch"},"fee":{"amount_vnd":0,"status":"none"}},
		  "applicant":{"name":"Lê Văn Cường","id_number":"025090011111"}}`)
	return r, a, b
}

// ingestDossierEvents stores bodies as kiosk s's next events, as its sync would.
func (r *rig) ingestDossierEvents(s wire.Signer, bodies ...string) {
	r.t.Helper()
	b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: 1}
	for i, body := range bodies {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(body)); err != nil {
			r.t.Fatalf("body %d: %v", i, err)
		}
		kind := DossierChangedKind
		if strings.Contains(body, `"action":"receive"`) {
			kind = DossierReceivedKind
		}
		b.Events = append(b.Events, wire.Event{Seq: int64(i + 1), Kind: kind, Body: compact.Bytes(), CreatedAt: time.Now()})
	}
	if _, err := r.store.Ingest(context.Background(), b, nil, time.Now()); err != nil {
		r.t.Fatal(err)
	}
}

// export GETs an export path with the admin token.
func (r *rig) export(path string) (*http.Response, []byte) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatalf("%s: %v", path, err)
	}
	return resp, body
}

// portalDossierKeys are portal-fields.md's dossier fields the export sends, and
// QuaTrinhXuLy, the member this export gives the progress rows.
var portalDossierKeys = []string{"MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo",
	"LoaiDoiTuong", "MaDoiTuong", "SoDienThoai", "Email", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo",
	"NgayTra", "NoiNopHoSo", "NgayNopHoSo", "NgayTuChoi", "DinhDanhCHS", "DanhSachLePhi", "DanhSachHoSoBoSung", "QuaTrinhXuLy"}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sameKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	if got := sortedKeys(m); !slices.Equal(got, want) {
		t.Errorf("%s has members %v, want %v", what, got, want)
	}
}

// The JSON export: the portal's exact member names, dates as yyyyMMddHHmmss in Hà Nội's
// time whatever the machine's zone (CI runs at UTC+14), each field from what the kiosk
// sent and empty where it sent nothing: the corrected phone, the owner's name without the
// submitter's ID number, no applicant at all after a lost key.
func TestDossierExportJSON(t *testing.T) {
	r, _, _ := exportRig(t)
	resp, body := r.export("/admin/v1/dossiers/export.json")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `.json"`) || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	var raw []map[string]any
	if err := json.Unmarshal(body, &raw); err != nil || len(raw) != 4 {
		t.Fatalf("%v: %s", err, body)
	}
	for _, d := range raw {
		sameKeys(t, "a dossier", d, portalDossierKeys...)
	}
	d1 := raw[0]
	sameKeys(t, "DinhDanhCHS", d1["DinhDanhCHS"].([]any)[0].(map[string]any), "LoaiDinhDanh", "SoDinhDanh")
	sameKeys(t, "DanhSachLePhi", d1["DanhSachLePhi"].([]any)[0].(map[string]any), "TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi")
	sameKeys(t, "DanhSachHoSoBoSung", d1["DanhSachHoSoBoSung"].([]any)[0].(map[string]any), "NgayHenTraTruoc", "NgayHenTraMoi")
	sameKeys(t, "QuaTrinhXuLy", d1["QuaTrinhXuLy"].([]any)[0].(map[string]any), "MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy",
		"PhongBanXuLy", "NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh")

	var got []PortalDossier
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if codes := []string{got[0].MaHoSo, got[1].MaHoSo, got[2].MaHoSo, got[3].MaHoSo}; !slices.Equal(codes, []string{exportD1, exportD2, exportD3, exportB1}) {
		t.Fatalf("order (oldest received first): %v", codes)
	}
	want1 := PortalDossier{MaHoSo: exportD1, MaTTHC: "1.001193", TenTTHC: "Đăng ký khai sinh", TenLinhVuc: "Hộ tịch", KenhThucHien: "1",
		ChuHoSo: "Nguyễn Văn An", SoDienThoai: "0987654321", TrichYeuHoSo: "Đăng ký khai sinh – " + caseText,
		NgayTiepNhan: "20260302090000", NgayHenTra: "20260306170000", TrangThaiHoSo: "10", NgayTra: "20260306150000", NgayNopHoSo: "20260302090000",
		DinhDanhCHS:        []PortalID{{SoDinhDanh: "001090012345"}},
		DanhSachLePhi:      []PortalFee{{Gia: "8000"}},
		DanhSachHoSoBoSung: []PortalSupplement{{NgayHenTraTruoc: "20260305170000", NgayHenTraMoi: "20260306170000"}},
		QuaTrinhXuLy: []PortalStep{
			{MaHoSo: exportD1, NguoiXuLy: "canbo1", ThoiDiemXuLy: "20260302090000", NoiDungXuLy: "Tiếp nhận", TrangThai: "2", NgayBatDau: "20260302090000", NgayKetThucTheoQuyDinh: "20260305170000"},
			{MaHoSo: exportD1, NguoiXuLy: "canbo1", ThoiDiemXuLy: "20260302100000", NoiDungXuLy: "Chuyển xử lý", TrangThai: "4", NgayBatDau: "20260302090000", NgayKetThucTheoQuyDinh: "20260305170000"},
			{MaHoSo: exportD1, NguoiXuLy: "canbo2", ThoiDiemXuLy: "20260303090000", NoiDungXuLy: "Yêu cầu bổ sung. Cần bổ sung: Giấy chứng sinh; Tờ khai", TrangThai: "5", NgayBatDau: "20260302100000", NgayKetThucTheoQuyDinh: "20260305170000"},
			{MaHoSo: exportD1, NguoiXuLy: "canbo2", ThoiDiemXuLy: "20260304090000", NoiDungXuLy: "Nhận bổ sung", TrangThai: "4", NgayBatDau: "20260303090000", NgayKetThucTheoQuyDinh: "20260305170000"},
			{MaHoSo: exportD1, NguoiXuLy: "canbo1", ThoiDiemXuLy: "20260304100000", NoiDungXuLy: "Sửa thông tin người nộp. Lý do: Sai số điện thoại", TrangThai: "4", NgayBatDau: "20260304090000", NgayKetThucTheoQuyDinh: "20260306170000"},
			{MaHoSo: exportD1, NguoiXuLy: "Sở Tư pháp", ThoiDiemXuLy: "20260306100000", NoiDungXuLy: "Có kết quả", TrangThai: "9", NgayBatDau: "20260304100000", NgayKetThucTheoQuyDinh: "20260306170000"},
			{MaHoSo: exportD1, NguoiXuLy: "canbo1", ThoiDiemXuLy: "20260306150000", NoiDungXuLy: "Trả kết quả", TrangThai: "10", NgayBatDau: "20260306100000", NgayKetThucTheoQuyDinh: "20260306170000"},
		}}
	if !reflect.DeepEqual(got[0], want1) {
		t.Errorf("the returned dossier:\n got %+v\nwant %+v", got[0], want1)
	}
	d2 := got[1]
	if d2.ChuHoSo != "Công ty TNHH Ánh Dương" || len(d2.DinhDanhCHS) != 0 || d2.SoDienThoai != "0911222333" || d2.TrangThaiHoSo != "3" ||
		d2.NgayTuChoi != "20260302113000" || d2.NgayTra != "" || len(d2.DanhSachLePhi) != 0 || len(d2.QuaTrinhXuLy) != 2 ||
		d2.QuaTrinhXuLy[1].NoiDungXuLy != `Từ chối tiếp nhận. Lý do: Không thuộc thẩm quyền, chuyển "Sở"` {
		t.Errorf("the refused company dossier: %+v", d2)
	}
	d3 := got[2]
	if d3.ChuHoSo != "" || d3.SoDienThoai != "" || d3.Email != "" || len(d3.DinhDanhCHS) != 0 || d3.TenLinhVuc != "" ||
		d3.MaTTHC != "1.000080" || d3.NgayHenTra != "20260303170000" || len(d3.QuaTrinhXuLy) != 1 {
		t.Errorf("the dossier whose applicant was lost: %+v", d3)
	}
	// Nothing the kiosk does not send is made up; nothing it keeps off the hub's export is in it.
	for _, d := range got {
		if d.MaLinhVuc != "" || d.LoaiDoiTuong != "" || d.MaDoiTuong != "" || d.NoiNopHoSo != "" {
			t.Errorf("%s: a field the hub cannot know has a value: %+v", d.MaHoSo, d)
		}
	}
	for _, secret := range []string{"123456789", "Thôn 1", "an@example.vn"} {
		if bytes.Contains(body, []byte(secret)) {
			t.Errorf("the export carries %q (an old ID number, an address, a corrected-away e-mail)", secret)
		}
	}
	if log, _ := r.store.AuditLog(context.Background(), AuditQuery{Actor: "admin-token"}); len(log) == 0 || log[0].Action != "dossier.export" || log[0].Target != exportJSON {
		t.Errorf("the export is not in the audit log: %+v", log)
	}
}

// readCSV checks the byte-order mark and RFC 4180's line ends, and reads the records back
// with encoding/csv.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte-order mark: %q", body[:min(len(body), 20)])
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) || bytes.Count(body, []byte("\r\n")) < 2 {
		t.Fatalf("lines do not end in CRLF: %q", body)
	}
	recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// The CSV exports: UTF-8 with a byte-order mark, CRLF, the exact header; a summary with
// commas, quotes and a line break comes back whole through encoding/csv; a cell a
// spreadsheet would run as a formula is made inert; the progress rows in their own file.
func TestDossierExportCSV(t *testing.T) {
	r, _, _ := exportRig(t)
	resp, body := r.export("/admin/v1/dossiers/export.csv")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(resp.Header.Get("Content-Disposition"), `.csv"`) {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	recs := readCSV(t, body)
	header := []string{"MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo", "LoaiDoiTuong", "MaDoiTuong",
		"SoDienThoai", "Email", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra", "NoiNopHoSo", "NgayNopHoSo",
		"NgayTuChoi", "DinhDanhCHS", "DanhSachLePhi", "DanhSachHoSoBoSung"}
	if !slices.Equal(recs[0], header) || len(recs) != 5 {
		t.Fatalf("header %q, %d records", recs[0], len(recs))
	}
	row := map[string]string{}
	for i, name := range header {
		row[name] = recs[1][i]
	}
	if row["MaHoSo"] != exportD1 || row["TrichYeuHoSo"] != "Đăng ký khai sinh – "+caseText || row["NgayTiepNhan"] != "20260302090000" ||
		row["DinhDanhCHS"] != `[{"LoaiDinhDanh":"","SoDinhDanh":"001090012345"}]` ||
		row["DanhSachHoSoBoSung"] != `[{"NgayHenTraTruoc":"20260305170000","NgayHenTraMoi":"20260306170000"}]` {
		t.Errorf("the first row: %q", recs[1])
	}
	if name := recs[2][2]; name != `'=HYPERLINK("http://x.vn","Chứng thực")` {
		t.Errorf("a formula went out live: %q", name)
	}
	if recs[3][19] != "[]" || recs[3][6] != "" {
		t.Errorf("the dossier without an applicant: %q", recs[3])
	}

	resp, body = r.export("/admin/v1/dossiers/export-progress.csv")
	recs = readCSV(t, body)
	if resp.StatusCode != 200 || !slices.Equal(recs[0], []string{"MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy",
		"NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh"}) || len(recs) != 1+7+2+1+1 {
		t.Fatalf("%d: %q", resp.StatusCode, recs)
	}
	if want := []string{exportD1, "canbo2", "", "20260303090000", "", "Yêu cầu bổ sung. Cần bổ sung: Giấy chứng sinh; Tờ khai", "5",
		"20260302100000", "20260305170000"}; !slices.Equal(recs[3], want) {
		t.Errorf("a progress row: %q, want %q", recs[3], want)
	}
}

// exportedCodes is the codes an export answers with.
func exportedCodes(t *testing.T, status int, body []byte) string {
	t.Helper()
	var ds []PortalDossier
	if status != 200 || json.Unmarshal(body, &ds) != nil {
		t.Fatalf("%d %s", status, body)
	}
	var codes []string
	for _, d := range ds {
		codes = append(codes, d.MaHoSo)
	}
	return strings.Join(codes, " ")
}

// The list's filters select what is exported (commune, state, code, the day of receipt),
// with no limit; a date it cannot read is a 400 that says why in Vietnamese.
func TestDossierExportFilters(t *testing.T) {
	r, a, _ := exportRig(t)
	for query, want := range map[string]string{
		"":                                exportD1 + " " + exportD2 + " " + exportD3 + " " + exportB1,
		"limit=1":                         exportD1 + " " + exportD2 + " " + exportD3 + " " + exportB1,
		"commune=xa-b":                    exportB1,
		"status=3":                        exportD2,
		"code=" + exportD3:                exportD3,
		"kiosk=" + a.Kiosk + "&status=10": exportD1,
		"from=2026-03-03":                 exportD3 + " " + exportB1,
		"from=2026-03-02&to=2026-03-02":   exportD1 + " " + exportD2,
		"to=2026-03-01":                   "",
		"commune=xa-a&from=2026-03-03&to=2026-03-31": exportD3,
	} {
		resp, body := r.export("/admin/v1/dossiers/export.json?" + query)
		if got := exportedCodes(t, resp.StatusCode, body); got != want {
			t.Errorf("%s: %q, want %q", query, got, want)
		}
	}
	for _, query := range []string{"from=02/03/2026", "to=2026-02-30", "from=2026-03-05&to=2026-03-01"} {
		for _, kind := range []string{exportJSON, exportCSV, exportProgressCSV} {
			resp, body := r.export("/admin/v1/dossiers/" + kind + "?" + query)
			var p wire.Problem
			if resp.StatusCode != 400 || json.Unmarshal(body, &p) != nil || !strings.Contains(p.ReasonVI, "Ngày") {
				t.Errorf("%s %s: %d %s", kind, query, resp.StatusCode, body)
			}
		}
	}
	// The list takes the same dates.
	if st, body := r.api("GET", "/admin/v1/dossiers?from=2026-03-03", ""); st != 200 || !strings.Contains(body, exportD3) || strings.Contains(body, exportD1) {
		t.Errorf("the list by date: %d %s", st, body)
	}
}

// A cluster's IT exports its own communes' dossiers only, asking for another's gets
// none; nobody signed in gets 401.
func TestDossierExportScope(t *testing.T) {
	r, _, _ := exportRig(t)
	r.addUser("cum.doanhung", RoleCluster, "Đoan Hùng")
	b := r.browser()
	for _, kind := range []string{exportJSON, exportCSV, exportProgressCSV} {
		resp, body := b.get("/admin/v1/dossiers/" + kind)
		if resp.StatusCode != http.StatusUnauthorized || strings.Contains(body, exportD1) {
			t.Errorf("%s without signing in: %d", kind, resp.StatusCode)
		}
	}
	b.login("cum.doanhung", testPassword)
	resp, body := b.get("/admin/v1/dossiers/export.json")
	if got := exportedCodes(t, resp.StatusCode, []byte(body)); got != exportD1+" "+exportD2+" "+exportD3 {
		t.Errorf("a cluster's export: %q", got)
	}
	resp, body = b.get("/admin/v1/dossiers/export.json?commune=xa-b")
	if got := exportedCodes(t, resp.StatusCode, []byte(body)); got != "" {
		t.Errorf("another cluster's commune: %q", got)
	}
	if resp, body := b.get("/admin/v1/dossiers/export-progress.csv"); resp.StatusCode != 200 || strings.Contains(body, exportB1) || !strings.Contains(body, exportD2) {
		t.Errorf("a cluster's progress rows: %d %s", resp.StatusCode, body)
	}
}

// The Hồ sơ page's download links carry the filters on screen, dates included.
func TestDossierPageExportLinks(t *testing.T) {
	r, _, _ := exportRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	_, page := b.get("/dossiers?commune=xa-a&status=4&from=2026-03-02&to=2026-03-31&code=")
	for _, want := range []string{
		`href="/admin/v1/dossiers/export.csv?commune=xa-a&amp;from=2026-03-02&amp;status=4&amp;to=2026-03-31"`,
		`href="/admin/v1/dossiers/export-progress.csv?commune=xa-a&amp;from=2026-03-02&amp;status=4&amp;to=2026-03-31"`,
		`href="/admin/v1/dossiers/export.json?commune=xa-a&amp;from=2026-03-02&amp;status=4&amp;to=2026-03-31"`,
		`name="from" value="2026-03-02"`, `name="to" value="2026-03-31"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if resp, page := b.get("/dossiers?from=hôm-qua"); resp.StatusCode != 400 || !strings.Contains(page, "Ngày không hợp lệ") {
		t.Errorf("a bad date on the page: %d", resp.StatusCode)
	}
}

// The export finds a dossier's events through events_dossier, by kiosk and code, not by
// reading every dossier event of the kiosk for each dossier.
func TestDossierExportUsesItsIndex(t *testing.T) {
	r := newRig(t)
	for _, q := range []DossierQuery{{}, {Communes: []string{"xa-a"}, From: "2026-03-01"}} {
		query, args := sqliteHistorySQL(q)
		rows, err := r.store.r.Query("EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		plan := ""
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan += detail + "\n"
		}
		rows.Close()
		if !strings.Contains(plan, "USING INDEX events_dossier (kiosk=? AND <expr>=?)") {
			t.Errorf("%+v: the plan is\n%s", q, plan)
		}
	}
}
