package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// routePrinterAdmin lets admins choose the ticket printer among those found, print a test
// page on it, and switch to it without a restart (the printer's live state is in
// GET /api/v1/admin/health and the SSE printer.status).
func (s *Server) routePrinterAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/admin/printer", s.getPrinterSettings)
	mux.HandleFunc("PUT /api/v1/admin/printer", s.setPrinter)
	mux.HandleFunc("POST /api/v1/admin/printer/test", s.testPrintAdmin)
}

// printerAdmin authorizes an admin and returns the service.
func (s *Server) printerAdmin(r *http.Request) (*http.Request, kiosk.PrinterAdmin, error) {
	r, err := s.asAdmin(r)
	if err != nil {
		return r, nil, err
	}
	if s.PrinterAdmin == nil {
		return r, nil, errNoService
	}
	return r, s.PrinterAdmin, nil
}

// getPrinterSettings answers the printer in use and the choices found on this PC.
func (s *Server) getPrinterSettings(w http.ResponseWriter, r *http.Request) {
	r, p, err := s.printerAdmin(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := p.PrinterSettings(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// setPrinter switches to {"printer": URI}; a refusal names the part of the form at fault.
func (s *Server) setPrinter(w http.ResponseWriter, r *http.Request) {
	r, p, err := s.printerAdmin(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	printer, err := decodePrinter(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := p.SetPrinter(r.Context(), printer)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// testPrintAdmin prints the test page on {"printer": URI}, or on the printer in use when
// it is left out; answered as the first-run setup's test page is (writeTestPage).
func (s *Server) testPrintAdmin(w http.ResponseWriter, r *http.Request) {
	r, p, err := s.printerAdmin(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.testPage(w, r, p.TestPrint)
}
