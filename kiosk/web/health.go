package web

import "net/http"

func (s *Server) routeHealth(mux *http.ServeMux) {
	// "Đồng bộ ngay": push, pull and beat at once.
	mux.HandleFunc("POST /api/v1/admin/sync", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, "clerk"); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.SyncNow == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.SyncNow(); err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusAccepted, map[string]bool{"ok": true})
	})
	// The kiosk's health for the admin and counter pages: printer, sync, disk, backlog.
	mux.HandleFunc("GET /api/v1/admin/health", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, "clerk"); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Health == nil {
			s.writeError(w, r, errNoService)
			return
		}
		h, err := s.Health(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, h)
	})
}
