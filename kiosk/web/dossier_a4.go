package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// dossierForm builds form kind of d for this request: the commune's name, the QR's target
// as the clerk's browser reaches this server, the staff's names, the kiosk's clock.
func (s *Server) dossierForm(r *http.Request, d kiosk.Dossier, kind string) (kiosk.DossierForm, error) {
	s.infoMu.RLock()
	unit := s.Info.Commune.Name
	s.infoMu.RUnlock()
	fc := kiosk.FormContext{Unit: unit, LookupURL: kiosk.LookupURL(s.lookupBase(r), d.Code), Now: s.Clock()}
	if s.Auth != nil {
		// A name the list cannot give prints as the staff id: the form is still true.
		if staff, err := s.Auth.ListStaff(r.Context()); err == nil {
			names := make(map[string]string, len(staff))
			for _, st := range staff {
				names[st.ID] = st.Name
			}
			fc.StaffName = func(id string) string { return names[id] }
		}
	}
	return kiosk.DossierFormOf(kind, d, fc)
}

// dossierA4 is one of a dossier's forms for the office printer (clerks):
// GET /api/v1/dossiers/{code}/a4/{form} is an A4 HTML page the counter page opens and the
// browser prints; …/a4/{form}.pdf the same form as a PDF file. Each reads the dossier
// whole, an audited view like any other. EINVALID for an unknown form, ECONFLICT for a
// form that does not apply, EUNAVAILABLE for a PDF without its font: as a page in
// Vietnamese for a browser window (writeFormError), as JSON for any other client.
func (s *Server) dossierA4(w http.ResponseWriter, r *http.Request) {
	kind, pdf := strings.CutSuffix(r.PathValue("form"), ".pdf")
	by, err := s.staffFor(r, kiosk.RoleClerk)
	if err == nil {
		err = kiosk.ValidFormKind(kind)
	}
	if err == nil && s.Dossiers == nil {
		err = errNoService
	}
	var fonts pdfFonts
	if err == nil && pdf { // before the read: a PDF that cannot be made is not an audited view
		fonts, err = loadPDFFonts(s.FontDir)
	}
	var d kiosk.Dossier
	if err == nil {
		d, err = s.Dossiers.Dossier(r.Context(), by, r.PathValue("code"))
	}
	var f kiosk.DossierForm
	if err == nil {
		f, err = s.dossierForm(r, d, kind)
	}
	var qr, body []byte
	if err == nil {
		qr, err = formQR(f)
	}
	if err == nil {
		if pdf {
			body, err = formPDF(f, qr, fonts, s.Clock())
		} else {
			body, err = formHTML(f, qr, url.PathEscape(kind)+".pdf")
		}
	}
	if err != nil {
		s.writeFormError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // personal data: never kept by a browser or proxy
	if pdf {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="`+d.Code+"-"+kind+`.pdf"`)
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
	}
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		s.Logger.Debug("a4 form not delivered", "code", d.Code, "form", kind, "err", err)
	}
}
