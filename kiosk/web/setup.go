package web

import (
	"context"
	"net/http"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// The first-run setup: a kiosk that is not in demo mode and has no staff asks its
// installer for the commune, the first admin, the hub and the printer. Only the kiosk
// window and, when trusted, this PC's loopback may set it up (the rule that lets them act
// as admin; see SessionAuthorize); a LAN client never may, and nobody may once any staff
// exists, so setup is never a way to become admin.

// setupHere says whether r comes from where setup may be done.
func (s *Server) setupHere(r *http.Request) bool {
	return fromWindow(r) || (s.TrustLoopback && isLoopback(r))
}

var errSetupElsewhere = kiosk.Errorf(kiosk.EFORBIDDEN,
	"Chỉ cài đặt được kiosk trên màn hình kiosk, hoặc trên chính máy kiosk (http://127.0.0.1), hoặc bằng lệnh motcua staff add.",
	"first-run setup is done at the kiosk window, from this PC's loopback, or with `motcua staff add`")

// setupAllowed is nil when r may go on with setup now.
func (s *Server) setupAllowed(r *http.Request) error {
	if s.Setup == nil {
		return errNoService
	}
	if !s.setupHere(r) {
		return errSetupElsewhere
	}
	required, err := s.Setup.Required(r.Context())
	if err != nil {
		return err
	}
	if !required {
		return kiosk.ErrSetUp
	}
	return nil
}

func (s *Server) routeSetup(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/setup", s.getSetup)
	mux.HandleFunc("POST /api/v1/setup/test-print", s.testPrintSetup)
	mux.HandleFunc("POST /api/v1/setup", s.completeSetup)
}

// getSetup says whether setup is needed and may be done here, and, when it may, which
// printers were found.
func (s *Server) getSetup(w http.ResponseWriter, r *http.Request) {
	if s.Setup == nil {
		s.writeError(w, r, errNoService)
		return
	}
	required, err := s.Setup.Required(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	here := s.setupHere(r)
	answer := struct {
		SetupInfo
		Printers []kiosk.PrinterChoice `json:"printers,omitempty"`
	}{SetupInfo: SetupInfo{Required: required, Here: here}}
	if required && here {
		answer.Printers = s.Setup.Printers(r.Context())
	}
	writeJSON(w, http.StatusOK, answer)
}

// testPrintSetup prints the test page on the printer chosen in the form.
func (s *Server) testPrintSetup(w http.ResponseWriter, r *http.Request) {
	if err := s.setupAllowed(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.testPage(w, r, s.Setup.TestPrint)
}

// decodePrinter reads the body {"printer": URI} of the printer choices (setup's and the
// admin page's test page, the admin's switch).
func decodePrinter(w http.ResponseWriter, r *http.Request) (string, error) {
	var body struct {
		Printer string `json:"printer"`
	}
	err := decodeJSON(w, r, 4<<10, &body)
	return body.Printer, err
}

// testPage prints the test page on the printer the body names, with test (the setup's or
// the admin's TestPrint, given 30 seconds), and answers it as writeTestPage does: the
// first-run setup and the admin page test a printer the same way.
func (s *Server) testPage(w http.ResponseWriter, r *http.Request, test func(ctx context.Context, printer string) (string, error)) {
	printer, err := decodePrinter(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	report, err := test(ctx, printer)
	s.writeTestPage(w, r, printer, report, err)
}

// writeTestPage answers a test page (the setup's and the admin page's): a setting that
// cannot work is an error naming the field; a page that could not be printed is still a
// 200, with ok false and the printer's report saying why, read beside the form.
func (s *Server) writeTestPage(w http.ResponseWriter, r *http.Request, printer, report string, err error) {
	if kiosk.ErrorCode(err) == kiosk.EINVALID {
		s.writeError(w, r, err)
		return
	}
	answer := struct {
		OK     bool   `json:"ok"`
		Report string `json:"report"`
		Error  string `json:"error,omitempty"`
	}{OK: err == nil, Report: report}
	if err != nil {
		answer.Error = kiosk.ErrorOf(err).Message
		s.Logger.Warn("test page failed", "printer", printer, "err", err)
	}
	writeJSON(w, http.StatusOK, answer)
}

// completeSetup saves the form and creates the admin; the screens then read the new
// commune from Info.
func (s *Server) completeSetup(w http.ResponseWriter, r *http.Request) {
	if err := s.setupAllowed(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var setup kiosk.Setup
	if err := decodeJSON(w, r, 16<<10, &setup); err != nil {
		s.writeError(w, r, err)
		return
	}
	commune, err := s.Setup.Complete(r.Context(), setup)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.infoMu.Lock()
	s.Info.Commune = commune
	s.infoMu.Unlock()
	s.Logger.Warn("first-run setup done", "commune", commune.Name, "admin", setup.Admin.ID, "from", sourceOf(r))
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "commune": commune})
}
