package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// Announcer renders a call as one WAV (hardware/voice.Library).
type Announcer interface {
	AnnouncementWAV(code string, counter int, digits bool) ([]byte, error)
}

func (s *Server) routeVoice(mux *http.ServeMux) {
	// The display plays this for each call. CORS is open: the Wails window's origin is
	// wails://wails, and a clip holds nothing private.
	mux.HandleFunc("GET /api/v1/voice/announce", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		counter, err := strconv.Atoi(q.Get("counter"))
		if err != nil || counter <= 0 || counter > 999 {
			s.writeError(w, r, kiosk.Invalid("counter", "Số quầy không hợp lệ", "bad counter number"))
			return
		}
		if s.Voice == nil {
			s.writeError(w, r, errNoService)
			return
		}
		wav, err := s.Voice.AnnouncementWAV(q.Get("code"), counter, q.Get("digits") == "1")
		if err != nil {
			s.writeError(w, r, kiosk.Invalid("code", "Không đọc được số thứ tự này", err.Error()))
			return
		}
		h := w.Header()
		h.Set("Content-Type", "audio/wav")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=3600")
		_, _ = w.Write(wav)
	})
}
