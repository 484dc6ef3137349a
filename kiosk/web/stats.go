package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

func (s *Server) routeStats(mux *http.ServeMux) {
	// The queue's configuration: services, counters, hours, priority policy.
	mux.HandleFunc("GET /api/v1/admin/queue", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.QueueAdmin == nil {
			s.writeError(w, r, errNoService)
			return
		}
		c, err := s.QueueAdmin.QueueConfig(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, c)
	})
	mux.HandleFunc("PUT /api/v1/admin/queue", func(w http.ResponseWriter, r *http.Request) {
		r, err := s.asAdmin(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var c kiosk.QueueConfig
		if err := decodeJSON(w, r, 64<<10, &c); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.QueueAdmin == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.QueueAdmin.SetConfig(r.Context(), c); err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, c)
	})

	// A day's statistics (default today): per service, counter and clerk.
	mux.HandleFunc("GET /api/v1/admin/stats", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Stats == nil {
			s.writeError(w, r, errNoService)
			return
		}
		day := r.URL.Query().Get("day")
		if day == "" {
			day = kiosk.LocalDay(s.Clock())
		}
		st, err := s.Stats.Day(r.Context(), day)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
}
