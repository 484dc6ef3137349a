package hub

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"path"
	"strings"
	"time"
)

// IT's pages are rendered on the server from html/template files (web/templates), one
// layout and one file per page, with a little plain JavaScript (web/static) for the live
// refresh (SSE), the charts (Chart.js, vendored as one file) and confirmations. No
// bundler: the hub stays one Go binary with nothing to build but Go.
//
//go:embed web
var webFiles embed.FS

// pageFuncs are the helpers the templates share: Vietnamese words for times, sizes and
// states.
var pageFuncs = template.FuncMap{
	"ago":      ago,
	"skew":     skewWords,
	"bytes":    byteWords,
	"pct":      func(a, b int) string { return pctWords(a, b) },
	"datetime": func(t time.Time) string { return localTime(t, "15:04 02/01/2006") },
	"date":     func(t time.Time) string { return localTime(t, "02/01/2006") },
	"clock":    func(t time.Time) string { return localTime(t, "15:04:05") },
	"roleWord": roleWord,
	"status":   dossierStatusWord,
	"add":      func(a, b int) int { return a + b },
	"u64":      func(n int64) uint64 { return uint64(max(n, 0)) },
	"neg":      func(n int) int { return -n },
	"list":     func(s ...string) []string { return s },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"stateWord": func(state string) string {
		if w, ok := commandStateWords[state]; ok {
			return w
		}
		return state
	},
	"commandWord": func(kind string) string {
		if w, ok := commandWords[kind]; ok {
			return w
		}
		return kind
	},
}

// zoneICT is Asia/Ho_Chi_Minh (UTC+7, no daylight saving): what IT's pages show times
// in, whatever the hub machine's zone.
var zoneICT = time.FixedZone("ICT", 7*60*60)

func localTime(t time.Time, layout string) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(zoneICT).Format(layout)
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "chưa bao giờ"
	}
	d := now.Sub(t).Round(time.Second)
	switch {
	case d < 0:
		return "vừa xong"
	case d < time.Minute:
		return fmt.Sprintf("%d giây trước", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d phút trước", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d giờ trước", int(d.Hours()))
	}
	return fmt.Sprintf("%d ngày trước", int(d.Hours()/24))
}

func skewWords(ms int64) string {
	d := (time.Duration(ms) * time.Millisecond).Round(time.Second)
	if d < 0 {
		d = -d
	}
	if d < 30*time.Second {
		return "đúng giờ"
	}
	if ms < 0 {
		return "chậm " + d.String()
	}
	return "nhanh " + d.String()
}

func byteWords(n uint64) string {
	switch {
	case n == 0:
		return "—"
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

func pctWords(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", int(math.Round(100*float64(part)/float64(whole))))
}

func roleWord(u *User) string {
	if u.Role == RoleCluster {
		return "CNTT cụm " + u.Cluster
	}
	return "CNTT tỉnh"
}

var commandWords = map[string]string{
	"sync_now":      "Đồng bộ ngay",
	"send_logs":     "Gửi nhật ký",
	"reload_config": "Tải lại cấu hình",
	"apply_bundle":  "Áp dụng gói dữ liệu",
	"dossier_state": "Đặt trạng thái hồ sơ",
}

var commandStateWords = map[string]string{
	"queued":    "đang chờ",
	"delivered": "đã gửi tới kiosk",
	"done":      "xong",
	"failed":    "thất bại",
	"expired":   "hết hạn",
}

// templates holds each page parsed with the layout: name → template.
var templates = func() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(pageFuncs).ParseFS(webFiles, "web/templates/layout.html"))
	pages, err := fs.Glob(webFiles, "web/templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(webFiles, p))
	}
	return out
}()

// pageData is what every page's template gets.
type pageData struct {
	Title string
	Page  string // which page: the menu marks it
	User  *User
	CSRF  string
	Now   time.Time
	Body  any
}

// pageHeaders are set on every page: no framing, no inline script, no caching of what
// only IT may see.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

// render writes page name with body, the layout around it.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	t, ok := templates[name]
	if !ok {
		s.internal(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	d := pageData{Title: title, Page: name, User: userOf(r), Now: s.now(), Body: body}
	if ss := sessionOf(r); ss != nil {
		d.CSRF = ss.CSRF
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		s.internal(w, r, fmt.Errorf("page %s: %w", name, err))
		return
	}
	pageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fragment renders one named template of a page alone (the live refresh's HTML).
func fragment(page, name string, data any) (string, error) {
	var buf bytes.Buffer
	err := templates[page].ExecuteTemplate(&buf, name, data)
	return buf.String(), err
}

type errorView struct{ Message, MessageEN string }

// renderError answers a page with a message in Vietnamese, then English.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, vi, en string) {
	s.render(w, r, status, "error", "Lỗi", errorView{Message: vi, MessageEN: en})
}

// static serves the pages' CSS, scripts and Chart.js.
func staticFiles() http.Handler {
	sub, _ := fs.Sub(webFiles, "web/static")
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fsrv.ServeHTTP(w, r)
	})
}
