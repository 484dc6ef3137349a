package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// routeBanner serves the hall display's banner: anyone reads it, admins set it.
func (s *Server) routeBanner(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/notice", func(w http.ResponseWriter, r *http.Request) {
		if s.Banner == nil {
			s.writeError(w, r, errNoService)
			return
		}
		text, err := s.Banner.Banner(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"text": text})
	})
	mux.HandleFunc("POST /api/v1/notice", func(w http.ResponseWriter, r *http.Request) {
		r, err := s.asAdmin(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var body struct {
			Text string `json:"text"`
		}
		if err := decodeJSON(w, r, 4<<10, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Banner == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.Banner.SetBanner(r.Context(), body.Text); err != nil {
			s.writeError(w, r, err)
			return
		}
		text, _ := kiosk.CleanBanner(body.Text) // as stored: SetBanner accepted it
		writeJSON(w, http.StatusOK, map[string]string{"text": text})
	})
}

var errNoService = kiosk.Errorf(kiosk.EUNAVAILABLE, "Chức năng này chưa sẵn sàng", "this service is not configured")
