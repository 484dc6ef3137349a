package hub

import (
	"fmt"
	"html/template"
	"net/http"
	"time"
)

// OnlineWithin is how recent a heartbeat must be for the dashboard to call a kiosk online
// (kiosks beat every few minutes).
const OnlineWithin = 10 * time.Minute

// isOnline tells whether a kiosk last seen at seen counts as online at now.
func isOnline(now, seen time.Time) bool { return !seen.IsZero() && now.Sub(seen) < OnlineWithin }

var dashboardPage = template.Must(template.New("d").Funcs(template.FuncMap{
	"ago": func(now, t time.Time) string {
		if t.IsZero() {
			return "chưa bao giờ"
		}
		d := now.Sub(t).Round(time.Second)
		switch {
		case d < time.Minute:
			return fmt.Sprintf("%d giây trước", int(d.Seconds()))
		case d < time.Hour:
			return fmt.Sprintf("%d phút trước", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%d giờ trước", int(d.Hours()))
		}
		return fmt.Sprintf("%d ngày trước", int(d.Hours()/24))
	},
	"online": isOnline,
	"skew": func(ms int64) string {
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
	},
}).Parse(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="60">
<title>Đội kiosk Một Cửa</title><style>
body{font-family:"Noto Sans",sans-serif;margin:1.5rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}
th,td{padding:.4rem .6rem;border-bottom:1px solid #ccc;text-align:left}th{background:#eef}
.on{color:#0a6b2b;font-weight:bold}.off{color:#a40000;font-weight:bold}.warn{color:#a40000}
</style></head><body><h1>Đội kiosk Một Cửa</h1>
<p>{{len .Kiosks}} kiosk · cập nhật {{.Now.Format "15:04:05 02/01/2006"}}</p>
<table><thead><tr><th>Kiosk</th><th>Xã/phường</th><th>Trạng thái</th><th>Đồng bộ lần cuối</th><th>Tồn đọng</th>
<th>Máy in</th><th>Phiên bản</th><th>Lệch giờ</th></tr></thead><tbody>
{{range .Kiosks}}<tr><td>{{.ID}}{{if .Hostname}}<br><small>{{.Hostname}}</small>{{end}}</td>
<td>{{.Commune}}{{if .Cluster}}<br><small>cụm {{.Cluster}}</small>{{end}}</td>
<td>{{if not .Revoked.IsZero}}<span class="off">đã thu hồi</span>{{else if online $.Now .LastSeen}}<span class="on">trực tuyến</span>{{else}}<span class="off">mất kết nối</span> ({{ago $.Now .LastSeen}}){{end}}</td>
<td>{{ago $.Now .LastSync}}</td>
<td>{{.LastHeartbeat.Backlog}}{{if not .LastHeartbeat.OldestPending.IsZero}} (cũ nhất {{ago $.Now .LastHeartbeat.OldestPending}}){{end}}</td>
<td>{{with .LastHeartbeat.Printer}}{{if .PaperOut}}<span class="warn">hết giấy</span>{{else if .CoverOpen}}<span class="warn">mở nắp</span>{{else if .PaperLow}}<span class="warn">sắp hết giấy</span>{{else if .Online}}sẵn sàng{{else}}<span class="warn">không kết nối</span>{{end}}{{end}}</td>
<td>{{.LastHeartbeat.Version}}</td><td>{{skew .SkewMillis}}</td></tr>
{{else}}<tr><td colspan="8">Chưa có kiosk nào đăng ký. Tạo mã: <code>motcua-hub token create --commune …</code></td></tr>{{end}}
</tbody></table></body></html>`))

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ks, err := s.Store.Kiosks(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = dashboardPage.Execute(w, map[string]any{"Kiosks": ks, "Now": s.now()})
}
