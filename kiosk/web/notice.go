package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

func (s *Server) routeNotice(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/notice", func(w http.ResponseWriter, r *http.Request) {
		if s.Notices == nil {
			s.writeError(w, r, errNoService)
			return
		}
		text, err := s.Notices.Notice(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"text": text})
	})
	mux.HandleFunc("POST /api/v1/notice", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, "admin"); err != nil {
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
		if s.Notices == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.Notices.SetNotice(r.Context(), body.Text); err != nil {
			s.writeError(w, r, err)
			return
		}
		text, _ := kiosk.CleanNotice(body.Text) // as stored: SetNotice accepted it
		writeJSON(w, http.StatusOK, map[string]string{"text": text})
	})
}

var errNoService = kiosk.Errorf(kiosk.EUNAVAILABLE, "Chức năng này chưa sẵn sàng", "this service is not configured")
