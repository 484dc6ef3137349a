package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A refused A4 form, opened in a browser window, is a page saying why in Vietnamese with
// English second, under the same status; any other client gets the JSON error.
func TestDossierA4ErrorsAsPages(t *testing.T) {
	rig := newDossierLANRig(t)
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")
	if status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody); status != 201 {
		t.Fatalf("intake: %d %s", status, body)
	}
	code := "000.00.06.H56-261125-0001"
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
	fetch := func(c *http.Client, path, accept string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", rig.ts.URL+"/api/v1/dossiers/"+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	for _, c := range []struct {
		who    *http.Client
		path   string
		status int
		vi, en string
	}{
		{rig.from("192.0.2.99"), code + "/a4/receipt", 401, "Xin đăng nhập ở trang quầy", "Log in on the counter page"},
		{rig.from("192.0.2.99"), code + "/a4/tracking.pdf", 401, "Xin đăng nhập ở trang quầy", "Log in on the counter page"},
		{clerk, "000.00.06.H56-261125-0099/a4/receipt", 404, "Không tìm thấy hồ sơ", "The form cannot be opened"},
		{clerk, code + "/a4/refusal", 409, "không bị từ chối tiếp nhận nên không có phiếu từ chối", "never refused"},
		{clerk, code + "/a4/apology.pdf", 409, "không có phiếu xin lỗi", "never rescheduled"},
		{clerk, code + "/a4/letter", 400, "Mẫu in không hợp lệ", "unknown form letter"},
	} {
		status, ctype, page := fetch(c.who, c.path, browser)
		if status != c.status || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(page, "Không mở được mẫu in") ||
			!strings.Contains(page, c.vi) || !strings.Contains(page, c.en) || strings.Contains(page, `{"error"`) {
			t.Errorf("%s in a browser: %d %s\n%s", c.path, status, ctype, page)
		}
		if vi, en := strings.Index(page, c.vi), strings.Index(page, `lang="en"`); vi > en {
			t.Errorf("%s: English before Vietnamese", c.path)
		}
		for _, accept := range []string{"", "application/json", "*/*"} {
			status, ctype, body := fetch(c.who, c.path, accept)
			var e errorBody
			if err := json.Unmarshal([]byte(body), &e); status != c.status || !strings.HasPrefix(ctype, "application/json") || err != nil || e.Error.Message == "" {
				t.Errorf("%s with Accept %q: %d %s %s", c.path, accept, status, ctype, body)
			}
		}
	}
	// The form itself is still the form, for a browser.
	if status, ctype, page := fetch(clerk, code+"/a4/receipt", browser); status != 200 || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(page, code) {
		t.Errorf("the receipt in a browser: %d %s", status, ctype)
	}

	// No A4 form is refused as forbidden today (any clerk reads them); the page says so all the same.
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/api/v1/dossiers/x/a4/receipt", nil)
	r.Header.Set("Accept", browser)
	rig.s.writeFormError(w, r, kiosk.Errorf(kiosk.EFORBIDDEN, "Tài khoản này không được xem hồ sơ", "this account may not read dossiers"))
	if w.Code != 403 || !strings.Contains(w.Body.String(), "Tài khoản này không được xem hồ sơ") || !strings.Contains(w.Body.String(), "may not read dossiers") {
		t.Errorf("forbidden: %d %s", w.Code, w.Body)
	}
}
