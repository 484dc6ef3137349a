package web

import (
	"html/template"
	"mime"
	"net/http"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// wantsHTML reports whether the client asked for a page: a browser window opening a link
// sends text/html in Accept; fetch, curl and the tests send JSON or nothing.
func wantsHTML(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
			return true
		}
	}
	return false
}

// writeFormError answers a refused A4 form. The counter page opens the form in a new
// window, where a JSON error would be a wall of braces: a browser gets a page saying why in
// Vietnamese, English second, with the same status; any other client the usual JSON.
func (s *Server) writeFormError(w http.ResponseWriter, r *http.Request, err error) {
	if !wantsHTML(r) {
		s.writeError(w, r, err)
		return
	}
	e := kiosk.ErrorOf(err)
	status := StatusOf(e.Code)
	if status >= 500 {
		s.Logger.Error("a4 form failed", "path", r.URL.Path, "code", e.Code, "err", err)
	} else {
		s.Logger.Info("a4 form refused", "path", r.URL.Path, "code", e.Code, "err", err)
	}
	page := formErrorPage{Message: e.Message, MessageEN: e.MessageEN}
	if e.Code == kiosk.EUNAUTHORIZED {
		page.Hint, page.HintEN = "Xin đăng nhập ở trang quầy rồi mở lại mẫu in.", "Log in on the counter page, then open the form again."
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
	w.WriteHeader(status)
	if err := formErrorTemplate.Execute(w, page); err != nil {
		s.Logger.Debug("a4 error page not delivered", "err", err)
	}
}

type formErrorPage struct {
	Message, MessageEN, Hint, HintEN string
}

var formErrorTemplate = template.Must(template.New("form-error").Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không mở được mẫu in</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f23; }
main { max-width: 36rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
.error { background: #fff1e5; border-left: .3rem solid #bc4c00; padding: .8rem; border-radius: .3rem; font-size: 1.1rem; }
.en { color: #57606a; font-size: .9rem; margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
<h1>Không mở được mẫu in</h1>
<p class="error" data-testid="error">{{.Message}}</p>
{{if .Hint}}<p>{{.Hint}}</p>{{end}}
<p>Đóng cửa sổ này để quay lại trang quầy.</p>
<div class="en" lang="en">
<p><strong>The form cannot be opened.</strong> {{.MessageEN}}</p>
{{if .HintEN}}<p>{{.HintEN}}</p>{{end}}
<p>Close this window to go back to the counter page.</p>
</div>
</main>
</body>
</html>
`))
