package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// asAdmin authorizes r as an admin and returns it carrying who asks (kiosk.WithActor), so
// the store writes the change's audit entry under their name.
func (s *Server) asAdmin(r *http.Request) (*http.Request, error) {
	if err := s.Authorize(r, string(kiosk.RoleAdmin)); err != nil {
		return r, err
	}
	actor := kiosk.ActorLoopback
	if sess, err := s.sessionOf(r); err == nil {
		actor = kiosk.Actor{ID: sess.Staff.ID, Name: sess.Staff.Name}
	}
	return r.WithContext(kiosk.WithActor(r.Context(), actor)), nil
}

// routeAudit lists the changes made to the kiosk's settings, newest first, for admins:
// ?before=ID pages back, ?limit=N (at most 500).
func (s *Server) routeAudit(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/admin/audit", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleAdmin)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Audit == nil {
			s.writeError(w, r, errNoService)
			return
		}
		before, err := wholeParam(r, "before")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		limit, err := wholeParam(r, "limit")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		list, err := s.Audit.Audit(r.Context(), before, int(limit))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, list)
	})
}

// wholeParam reads an optional query parameter that must be a whole number (0 if absent).
func wholeParam(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, kiosk.Invalid(name, "Tham số "+name+" phải là số tự nhiên", name+" must be a whole number")
	}
	return n, nil
}
