package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// Announcer renders a call as one WAV (hardware/voice.Library).
type Announcer interface {
	AnnouncementWAV(code string, counter int, digits bool) ([]byte, error)
}

// ClipSource gives one voice clip by name (hardware/voice.Library).
type ClipSource interface {
	Open(name string) ([]byte, error)
}

// pageClips are the single clips pages may fetch: the rating pad's question and thanks,
// the chime, and the kiosk's time-out warning. Only these, so the route serves what the
// pages need, not the library.
var pageClips = map[string]bool{"chime": true, "moi_danh_gia": true, "cam_on": true, "them_thoi_gian": true}

func (s *Server) routeVoice(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/voice/clips/{name}", s.voiceClip)
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

// voiceClip answers one of pageClips as audio/wav, CORS open like the announcements.
func (s *Server) voiceClip(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !pageClips[name] {
		s.writeError(w, r, kiosk.Errorf(kiosk.ENOTFOUND, "Không có đoạn âm thanh này", "no such clip: "+name))
		return
	}
	if s.Clips == nil {
		s.writeError(w, r, errNoService)
		return
	}
	wav, err := s.Clips.Open(name)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("%w: %w", kiosk.Errorf(kiosk.ENOTFOUND, "Không có đoạn âm thanh này", "no such clip: "+name), err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "audio/wav")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(wav)
}
