package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// routeEnrolment lets admins see where the kiosk is enrolled and enrol it with the province
// hub using IT's one-time token. The token travels in the request's body only (pasted, or
// a file's content read by the page), never in a URL, which logs and history keep.
func (s *Server) routeEnrolment(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/admin/enrolment", s.getEnrolment)
	mux.HandleFunc("POST /api/v1/admin/enrolment", s.enrol)
}

func (s *Server) enrolmentService(r *http.Request) (*http.Request, kiosk.EnrolmentService, error) {
	r, err := s.asAdmin(r)
	if err != nil {
		return r, nil, err
	}
	if s.Enrolment == nil {
		return r, nil, errNoService
	}
	return r, s.Enrolment, nil
}

func (s *Server) getEnrolment(w http.ResponseWriter, r *http.Request) {
	r, e, err := s.enrolmentService(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := e.Enrolment(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// enrol takes {"hub", "token", "confirm"}; a kiosk already enrolled needs confirm true.
func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	r, e, err := s.enrolmentService(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req kiosk.EnrolRequest
	if err := decodeJSON(w, r, 16<<10, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := e.Enrol(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.Logger.Warn("kiosk enrolled from the admin page", "hub", v.Hub, "kiosk_id", v.KioskID, "from", sourceOf(r))
	writeJSON(w, http.StatusOK, v)
}
