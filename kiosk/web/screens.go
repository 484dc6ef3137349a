package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// routeScreens serves the public screens' settings: every screen reads them, admins set them.
func (s *Server) routeScreens(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/settings", func(w http.ResponseWriter, r *http.Request) {
		if s.Screens == nil {
			writeJSON(w, http.StatusOK, kiosk.DefaultScreenSettings())
			return
		}
		v, err := s.Screens.ScreenSettings(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
	mux.HandleFunc("PUT /api/v1/admin/settings", func(w http.ResponseWriter, r *http.Request) {
		r, err := s.asAdmin(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var v kiosk.ScreenSettings
		if err := decodeJSON(w, r, 8<<10, &v); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Screens == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if v, err = s.Screens.SetScreenSettings(r.Context(), v); err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
}
