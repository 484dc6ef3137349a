package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// dossierRig is the LAN server with the dossier service over the demo catalog, on the rig's
// clock (Wednesday 25/11/2026 09:00).
func newDossierLANRig(t testing.TB) *lanRig {
	t.Helper()
	rig := newLANRig(t, nil)
	cat := catalog.NewService(sqlite.NewCatalogStore(rig.db), nil)
	if _, err := cat.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	ds := &sqlite.DossierService{DB: rig.db, Catalog: cat, Agency: "000.00.06.H56", Publisher: rig.broker}
	if err := ds.LoadCalendar(context.Background()); err != nil {
		t.Fatal(err)
	}
	rig.s.Dossiers, rig.s.Calendar = ds, ds.Calendar
	return rig
}

// call sends a JSON request and returns the status and the body.
func call(t testing.TB, c *http.Client, method, u, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

const intakeBody = `{"procedure":"1.004873","counter_id":1,
	"applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","birth_date":"1999-03-15","sex":"Nam",
		"address":"Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội","id_issue_date":"2021-04-20","phone":"0912345678"},
	"documents":[{"name":"Tờ khai","original":1,"certified_copy":0,"copy":0}],
	"fee":{"amount_vnd":0,"status":"none"}}`

// A clerk scans a CCCD, receives the dossier and gets its code and the receipt's QR
// target; the public look-up and the QR's status page show it masked, never the ID number,
// phone or address.
func TestDossierIntakeAndPublicLookup(t *testing.T) {
	rig := newDossierLANRig(t)
	rig.s.LookupBase = "http://192.168.1.10:8080"
	var printed []string
	rig.s.PrintReceipt = func(_ context.Context, f kiosk.DossierForm) ReceiptPrint {
		printed = append(printed, f.Kind+" "+f.Code+" "+f.LookupURL)
		return ReceiptPrint{Queued: true}
	}
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")

	// Without a session: nothing.
	if status, _ := call(t, rig.from("192.0.2.30"), "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody); status != 401 {
		t.Fatalf("intake without a session: %d", status)
	}
	// The scan fills the form.
	scan, _ := json.Marshal(map[string]string{"text": "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội|20042021\r\n"})
	status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers/scan", string(scan))
	var a kiosk.Applicant
	if err := json.Unmarshal(body, &a); status != 200 || err != nil || a.IDNumber != "001099012345" || a.BirthDate != "1999-03-15" {
		t.Fatalf("scan: %d %s", status, body)
	}
	status, body = call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers/scan", `{"text":"001099012345|123456789|Nguyễn Văn An|1503"}`)
	if status != 400 || !strings.Contains(string(body), "chưa đọc đủ") {
		t.Fatalf("partial scan: %d %s", status, body)
	}
	// canbo2 sits at counter 2, not 1.
	if status, _ := call(t, rig.login(t, "192.0.2.22", "canbo2", "2222"), "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody); status != 403 {
		t.Fatalf("intake at another's counter: %d", status)
	}
	status, body = call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody)
	var resp struct {
		Dossier   kiosk.Dossier `json:"dossier"`
		LookupURL string        `json:"lookup_url"`
		Print     ReceiptPrint  `json:"print"`
	}
	if err := json.Unmarshal(body, &resp); status != 201 || err != nil {
		t.Fatalf("intake: %d %s", status, body)
	}
	code := resp.Dossier.Code
	if code != "000.00.06.H56-261125-0001" || resp.LookupURL != "http://192.168.1.10:8080/d/"+code || !resp.Print.Queued ||
		len(printed) != 1 || printed[0] != "receipt "+code+" "+resp.LookupURL {
		t.Fatalf("intake answer %+v, printed %v", resp, printed)
	}
	// 3 working days from Wednesday 25/11/2026 09:00: Monday 30/11 09:00.
	if got := resp.Dossier.Appointment.Format("2006-01-02 15:04"); got != "2026-11-30 09:00" {
		t.Fatalf("appointment %s", got)
	}

	// The kiosk types the code, or scans the receipt's QR: the same public answer.
	villager := rig.from("window")
	for _, q := range []string{code, strings.ToLower(code), resp.LookupURL} {
		status, body = call(t, villager, "GET", rig.ts.URL+"/api/v1/public/dossier?code="+url.QueryEscape(q), "")
		var p map[string]any
		if err := json.Unmarshal(body, &p); status != 200 || err != nil || p["applicant_masked"] != "Nguyễn V. A." || p["status_name"] != "Đã tiếp nhận" {
			t.Fatalf("look-up %q: %d %s", q, status, body)
		}
		if len(p) != 9 {
			t.Fatalf("the public answer has fields beyond PublicDossier: %s", body)
		}
		assertNoPersonalData(t, body)
	}
	// The QR's status page, on a phone on the Wi-Fi.
	phone := rig.from("192.0.2.99")
	status, body = call(t, phone, "GET", rig.ts.URL+"/d/"+code, "")
	page := string(body)
	if status != 200 || !strings.Contains(page, "Nguyễn V. A.") || !strings.Contains(page, "Sau 09 giờ 00, ngày 30/11/2026") ||
		!strings.Contains(page, "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân") || strings.Contains(page, "<script") {
		t.Fatalf("status page %d:\n%s", status, page)
	}
	assertNoPersonalData(t, body)
	status, body = call(t, phone, "GET", rig.ts.URL+"/d/000.00.06.H56-261125-0002", "")
	if status != 404 || !strings.Contains(string(body), "Không tìm thấy hồ sơ") {
		t.Fatalf("unknown code's page: %d %s", status, body)
	}
	req, _ := http.NewRequest("GET", rig.ts.URL+"/d/"+code, nil)
	req.Header.Set("Accept", "application/json")
	res, err := phone.Do(req)
	if err != nil || res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status JSON: %v %v", err, res)
	}
	res.Body.Close()

	// The clerk's own read shows the applicant whole.
	status, body = call(t, clerk, "GET", rig.ts.URL+"/api/v1/dossiers/"+code, "")
	if status != 200 || !strings.Contains(string(body), "0912345678") {
		t.Fatalf("clerk's read: %d %s", status, body)
	}
	if status, _ := call(t, phone, "GET", rig.ts.URL+"/api/v1/dossiers/"+code, ""); status != 401 {
		t.Fatalf("an anonymous read: %d", status)
	}
}

func assertNoPersonalData(t *testing.T, body []byte) {
	t.Helper()
	for _, s := range []string{"0912345678", "001099012345", "Láng Hạ", "1999", "Nguyễn Văn An"} {
		if strings.Contains(string(body), s) {
			t.Fatalf("public answer shows %q: %s", s, body)
		}
	}
}

// A clerk moves the dossier and finds it in their lists; admins alone export and audit.
func TestDossierHandlingOverTheLAN(t *testing.T) {
	rig := newDossierLANRig(t)
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")
	admin := rig.login(t, "192.0.2.23", "quantri", "9999")
	status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody)
	if status != 201 {
		t.Fatalf("intake: %d %s", status, body)
	}
	code := "000.00.06.H56-261125-0001"
	base := rig.ts.URL + "/api/v1/dossiers/" + code
	for _, step := range []struct {
		body   string
		status int
	}{
		{`{"action":"process"}`, 200},
		{`{"action":"supplement"}`, 400},
		{`{"action":"supplement","missing":["Bản sao giấy khai sinh"]}`, 200},
		{`{"action":"return"}`, 409},
		{`{"action":"stop","reason":"x"}`, 403},
		{`{"action":"supplemented","extra":1}`, 400},
		{`{"action":"supplemented"}`, 200},
	} {
		if status, body := call(t, clerk, "POST", base+"/transition", step.body); status != step.status {
			t.Fatalf("%s: %d %s", step.body, status, body)
		}
	}
	status, body = call(t, clerk, "GET", rig.ts.URL+"/api/v1/dossiers?q=nguyen+van&list=open", "")
	var page kiosk.DossierPage
	if err := json.Unmarshal(body, &page); status != 200 || err != nil || len(page.Dossiers) != 1 || page.Dossiers[0].Status != kiosk.DossierProcessing {
		t.Fatalf("list: %d %s", status, body)
	}
	if status, _ := call(t, clerk, "GET", rig.ts.URL+"/api/v1/dossiers?limit=x", ""); status != 400 {
		t.Fatalf("bad limit: %d", status)
	}
	status, body = call(t, clerk, "GET", rig.ts.URL+"/api/v1/dossiers/quote?procedure=2.000815", "")
	if status != 200 || !strings.Contains(string(body), `"appointment":"2026-11-25T17:00:00+07:00"`) {
		t.Fatalf("quote: %d %s", status, body)
	}
	status, body = call(t, clerk, "PUT", base+"/applicant", `{"applicant":{"name":"Nguyễn Văn An","phone":"0987000111"},"reason":"Sửa số điện thoại"}`)
	if status != 200 || !strings.Contains(string(body), "0987000111") {
		t.Fatalf("correction: %d %s", status, body)
	}
	for _, p := range []string{"/api/v1/admin/dossiers/audit", "/api/v1/admin/dossiers/export"} {
		method, b := "GET", ""
		if strings.HasSuffix(p, "export") {
			method, b = "POST", `{"id_number":"001099012345"}`
		}
		if status, _ := call(t, clerk, method, rig.ts.URL+p, b); status != 403 {
			t.Fatalf("a clerk at %s: %d", p, status)
		}
	}
	status, body = call(t, admin, "GET", rig.ts.URL+"/api/v1/admin/dossiers/audit?code="+code, "")
	if status != 200 || !strings.Contains(string(body), `"action":"change"`) {
		t.Fatalf("audit: %d %s", status, body)
	}
	// The correction dropped the ID number; the dossier is found by phone no more by it.
	status, body = call(t, admin, "POST", rig.ts.URL+"/api/v1/admin/dossiers/export", `{"id_number":"001099012345"}`)
	if status != 404 {
		t.Fatalf("export of a removed ID number: %d %s", status, body)
	}
	status, body = call(t, clerk, "GET", rig.ts.URL+"/api/v1/calendar?year=2026", "")
	if status != 200 || !strings.Contains(string(body), `"announced":true`) || !strings.Contains(string(body), "2026-02-17") {
		t.Fatalf("calendar 2026: %d %s", status, body)
	}
	status, body = call(t, clerk, "GET", rig.ts.URL+"/api/v1/calendar?year=2030", "")
	if status != 200 || !strings.Contains(string(body), `"announced":false`) || !strings.Contains(string(body), `"date":"2030-02-02"`) {
		t.Fatalf("calendar 2030: %d %s", status, body)
	}
}

// Public look-ups from one address are rate limited: walking through a day's codes takes
// hours. The kiosk window is exempt.
func TestDossierLookupLimit(t *testing.T) {
	rig := newDossierLANRig(t)
	phone, window := rig.from("192.0.2.99"), rig.from("window")
	limited := 0
	for i := 0; i < DefaultLookupLimit.Burst+5; i++ {
		status, _ := call(t, phone, "GET", rig.ts.URL+"/api/v1/public/dossier?code=000.00.06.H56-261125-0001", "")
		if status == 429 {
			limited++
		} else if status != 404 {
			t.Fatalf("look-up %d: %d", i, status)
		}
	}
	if limited != 5 {
		t.Fatalf("%d look-ups refused, want 5", limited)
	}
	if status, _ := call(t, window, "GET", rig.ts.URL+"/api/v1/public/dossier?code=000.00.06.H56-261125-0001", ""); status != 404 {
		t.Fatalf("the window is limited: %d", status)
	}
	rig.advance(DefaultLookupLimit.Every)
	if status, _ := call(t, phone, "GET", rig.ts.URL+"/api/v1/public/dossier?code=000.00.06.H56-261125-0001", ""); status != 404 {
		t.Fatalf("after a wait: %d", status)
	}
}

// With no lookup_url set, the receipt's QR points at the address the clerk's browser used;
// from loopback (no LAN address known) it holds the code alone.
func TestDossierLookupURLFromTheClerksAddress(t *testing.T) {
	rig := newDossierLANRig(t)
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")
	for host, want := range map[string]string{"192.168.1.10:8080": "http://192.168.1.10:8080/d/", "127.0.0.1:8080": ""} {
		req, _ := http.NewRequest("POST", rig.ts.URL+"/api/v1/dossiers", strings.NewReader(intakeBody))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		for _, c := range clerk.Jar.Cookies(req.URL) { // the jar files cookies under Host
			req.AddCookie(c)
		}
		res, err := clerk.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			Dossier   kiosk.Dossier `json:"dossier"`
			LookupURL string        `json:"lookup_url"`
		}
		err = json.NewDecoder(res.Body).Decode(&resp)
		res.Body.Close()
		if err != nil || res.StatusCode != 201 || resp.LookupURL != want+resp.Dossier.Code {
			t.Fatalf("host %s: %d %+v %v", host, res.StatusCode, resp.LookupURL, err)
		}
	}
}
