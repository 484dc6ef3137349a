package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// dossierStatusPage is where the receipt's QR leads (kiosk.LookupURL): a read-only page a
// phone on the commune's Wi-Fi opens, showing what the kiosk's look-up shows and nothing
// more. No script, no cookie; JSON (PublicDossier) when the client asks for it.
func (s *Server) dossierStatusPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.lookup(r, r.PathValue("code"))
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, p)
		return
	}
	page := statusPage{Commune: s.Info.Commune.Name, Dossier: p}
	status := http.StatusOK
	if err != nil {
		e := kiosk.ErrorOf(err)
		status, page.Error, page.ErrorEN = StatusOf(e.Code), e.Message, e.MessageEN
		if status >= 500 {
			s.Logger.Error("status page", "err", err)
		}
	} else {
		page.Received = p.ReceivedAt.In(kiosk.Zone).Format("15 giờ 04, ngày 02/01/2006")
		if !p.Appointment.IsZero() {
			page.Appointment = kiosk.AppointmentText(p.Appointment)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := statusTemplate.Execute(w, page); err != nil {
		s.Logger.Warn("status page", "err", err)
	}
}

type statusPage struct {
	Commune     string
	Dossier     kiosk.PublicDossier
	Received    string
	Appointment string
	Error       string
	ErrorEN     string
}

var statusTemplate = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ {{.Dossier.Code}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f23; }
main { max-width: 32rem; margin: 0 auto; padding: 1.5rem 1rem; }
.unit { text-transform: uppercase; font-weight: 600; color: #8a1c1c; margin: 0; }
h1 { font-size: 1.4rem; margin: .3rem 0 1rem; }
dl { background: #fff; border-radius: .5rem; padding: 1rem; margin: 0; }
dt { color: #57606a; font-size: .9rem; margin-top: .6rem; }
dt:first-child { margin-top: 0; }
dd { margin: .1rem 0 0; font-size: 1.1rem; font-weight: 600; }
.late, .error { background: #fff1e5; border-left: .3rem solid #bc4c00; padding: .8rem; border-radius: .3rem; }
.en { color: #57606a; font-size: .85rem; margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
<p class="unit">{{.Commune}}</p>
<h1>Tình trạng hồ sơ</h1>
{{if .Error}}
<p class="error">{{.Error}}</p>
<p class="en">{{.ErrorEN}}</p>
{{else}}
<dl>
<dt>Mã hồ sơ</dt><dd>{{.Dossier.Code}}</dd>
<dt>Thủ tục</dt><dd>{{.Dossier.Procedure}}</dd>
<dt>Người nộp</dt><dd>{{.Dossier.ApplicantMasked}}</dd>
<dt>Trạng thái</dt><dd>{{.Dossier.StatusName}}</dd>
<dt>Ngày tiếp nhận</dt><dd>{{.Received}}</dd>
{{if .Appointment}}<dt>Hẹn trả kết quả</dt><dd>{{.Appointment}}</dd>{{end}}
</dl>
{{if .Dossier.Overdue}}<p class="late">Hồ sơ đã quá ngày hẹn trả. Xin liên hệ Bộ phận tiếp nhận và trả kết quả để được giải thích.</p>{{end}}
<p class="en">Dossier {{.Dossier.Code}}: {{.Dossier.StatusNameEN}}.</p>
{{end}}
</main>
</body>
</html>
`))
