package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/test/testenv"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/kiosk"
)

// get fetches u and returns the status, the content type and the body.
func get(t *testing.T, c *http.Client, u string) (int, string, []byte) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Content-Type"), b.Bytes()
}

// extractPDFText extracts a PDF's text with poppler's pdftotext, as a person copying it would.
func extractPDFText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return norm.NFC.String(string(out))
}

// Every form of a dossier prints on A4, as an HTML page and as a PDF: its title, the code,
// the ID number masked and never whole, nor the phone. A form that does not apply is a
// conflict, an unknown one invalid; no session, no form; each is an audited read.
func TestDossierA4Forms(t *testing.T) {
	testenv.Program(t, "pdftotext", "poppler-utils")
	rig := newDossierLANRig(t)
	rig.s.LookupBase = "http://192.168.1.10:8080"
	rig.s.Info.Commune.Name = "UBND xã Hòa An"
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")
	admin := rig.login(t, "192.0.2.23", "quantri", "9999")
	intake := func() string {
		status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody)
		var resp struct{ Dossier kiosk.Dossier }
		if err := json.Unmarshal(body, &resp); status != 201 || err != nil {
			t.Fatalf("intake: %d %s", status, body)
		}
		return resp.Dossier.Code
	}
	step := func(code, change string) {
		if status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers/"+code+"/transition", change); status != 200 {
			t.Fatalf("%s: %d %s", change, status, body)
		}
	}
	// One dossier asked to complete, completed and rescheduled; another refused.
	code := intake()
	step(code, `{"action":"process"}`)
	step(code, `{"action":"supplement","missing":["Bản sao giấy khai sinh có chứng thực"]}`)
	step(code, `{"action":"supplemented"}`)
	step(code, `{"action":"reschedule","reason":"Chờ kết quả xác minh của Công an xã","appointment":"2026-12-10T09:00:00+07:00"}`)
	refused := intake()
	step(refused, `{"action":"refuse","reason":"Thủ tục không thuộc thẩm quyền của xã"}`)

	forms := []struct {
		code, form, title string
		want              []string
	}{
		{code, kiosk.FormReceipt, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", []string{"Tờ khai", "Sau 09 giờ 00, ngày 10/12/2026", "Người tiếp nhận"}},
		{code, kiosk.FormSupplement, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", []string{"Bản sao giấy khai sinh có chứng thực"}},
		{refused, kiosk.FormRefusal, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", []string{"Thủ tục không thuộc thẩm quyền của xã"}},
		{code, kiosk.FormTracking, "Phiếu kiểm soát quá trình giải quyết hồ sơ", []string{"Quá trình giải quyết", "Cần bổ sung: Bản sao", "Lý do: Chờ kết quả"}},
		{code, kiosk.FormApology, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", []string{"Sau 09 giờ 00, ngày 30/11/2026", "Sau 09 giờ 00, ngày 10/12/2026", "Chờ kết quả xác minh của Công an xã"}},
	}
	for _, c := range forms {
		base := rig.ts.URL + "/api/v1/dossiers/" + c.code + "/a4/" + c.form
		status, ctype, body := get(t, clerk, base)
		page := string(body)
		if status != 200 || !strings.HasPrefix(ctype, "text/html") {
			t.Fatalf("%s: %d %s %s", c.form, status, ctype, body)
		}
		for _, want := range append([]string{c.title, c.code, "*********345", kiosk.NationalName, kiosk.NationalMotto, "@page", "size: A4",
			"data:image/png;base64,", "UBND xã Hòa An"}, c.want...) {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", c.form, want)
			}
		}
		for _, whole := range []string{"001099012345", "0912345678", "123456789"} {
			if strings.Contains(page, whole) {
				t.Errorf("%s page shows %s", c.form, whole)
			}
		}

		status, ctype, body = get(t, clerk, base+".pdf")
		if status != 200 || ctype != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Fatalf("%s.pdf: %d %s %.40q", c.form, status, ctype, body)
		}
		text := extractPDFText(t, body)
		// pdftotext keeps the lines as laid out: a title or cell may wrap, so compare them
		// unwrapped; headings print in capitals.
		flat := strings.ToUpper(strings.Join(strings.Fields(text), " "))
		for _, want := range append([]string{c.title, c.code, "*********345", kiosk.NationalName}, c.want...) {
			if !strings.Contains(flat, strings.ToUpper(want)) {
				t.Errorf("%s.pdf lacks %q:\n%s", c.form, want, text)
			}
		}
		for _, whole := range []string{"001099012345", "0912345678"} {
			if strings.Contains(text, whole) {
				t.Errorf("%s.pdf shows %s", c.form, whole)
			}
		}
	}

	// Each A4 form read the dossier whole: an audited view.
	status, body := call(t, admin, "GET", rig.ts.URL+"/api/v1/admin/dossiers/audit?code="+refused, "")
	if status != 200 || strings.Count(string(body), `"action":"view"`) < 2 {
		t.Fatalf("audit of the refused dossier: %d %s", status, body)
	}

	// Forms that do not apply, an unknown form, no session.
	for _, c := range []struct {
		who        *http.Client
		path, code string
		status     int
	}{
		{clerk, refused + "/a4/apology", kiosk.ECONFLICT, 409},
		{clerk, code + "/a4/refusal.pdf", kiosk.ECONFLICT, 409},
		{clerk, refused + "/a4/supplement", kiosk.ECONFLICT, 409},
		{clerk, code + "/a4/letter", kiosk.EINVALID, 400},
		{clerk, code + "/a4/letter.pdf", kiosk.EINVALID, 400},
		{clerk, "000.00.06.H56-261125-0099/a4/receipt", kiosk.ENOTFOUND, 404},
		{rig.from("192.0.2.99"), code + "/a4/receipt", kiosk.EUNAUTHORIZED, 401},
		{rig.from("192.0.2.99"), code + "/a4/receipt.pdf", kiosk.EUNAUTHORIZED, 401},
	} {
		status, _, body := get(t, c.who, rig.ts.URL+"/api/v1/dossiers/"+c.path)
		var e errorBody
		if err := json.Unmarshal(body, &e); status != c.status || err != nil || e.Error.Code != c.code || e.Error.Message == "" {
			t.Errorf("%s: %d %s", c.path, status, body)
		}
		if c.code == kiosk.ECONFLICT && !strings.Contains(e.Error.Message, "không có phiếu") {
			t.Errorf("%s: the clerk is not told why: %s", c.path, e.Error.Message)
		}
	}

	// Without the font the PDF is unavailable, and says which package brings it; the HTML
	// form still prints from the browser.
	rig.s.FontDir = t.TempDir()
	status, _, body = get(t, clerk, rig.ts.URL+"/api/v1/dossiers/"+code+"/a4/receipt.pdf")
	if status != 503 || !strings.Contains(string(body), "fonts-noto-core") || !strings.Contains(string(body), `"unavailable"`) {
		t.Fatalf("PDF without its font: %d %s", status, body)
	}
	if status, _, _ := get(t, clerk, rig.ts.URL+"/api/v1/dossiers/"+code+"/a4/receipt"); status != 200 {
		t.Fatalf("HTML without the PDF font: %d", status)
	}
}
