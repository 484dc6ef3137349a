package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
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

// CodeSpeaker renders a ticket code alone as one WAV (hardware/voice.Library).
type CodeSpeaker interface {
	CodeWAV(code string, digits bool) ([]byte, error)
}

// NameSpeaker says a name the commune or province configured (hardware/voice.Names);
// ErrNoSynth-like errors mean the PC cannot.
type NameSpeaker interface {
	NameWAV(ctx context.Context, text string) ([]byte, error)
}

// pageClips are the single clips pages may fetch: the rating pad's question and thanks,
// the chime, and the kiosk's time-out warning. Only these, so the route serves what the
// pages need, not the library.
var pageClips = map[string]bool{"chime": true, "moi_danh_gia": true, "cam_on": true, "them_thoi_gian": true}

// promptClip names the kiosk screens' spoken UI strings ("Nghe"): p_<area>_<key>, made
// from the Vietnamese locale text by build/voice/generate.sh. Fixed text only: no clip
// holds anything a villager typed or owns.
var promptClip = regexp.MustCompile(`^p_[a-z0-9_]{1,46}$`)

func (s *Server) routeVoice(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/voice/clips/{name}", s.voiceClip)
	// The display plays this for each call.
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
		writeWAV(w, wav)
	})
	mux.HandleFunc("GET /api/v1/voice/code", s.voiceCode)
	mux.HandleFunc("GET /api/v1/voice/name", s.voiceName)
}

// voiceName says the name of a line (kind=service, id its code), a catalog field
// (kind=field, id its name) or a procedure (kind=procedure, id its code): names the commune
// or the province published, which no recorded clip can hold. The route takes an id, never
// text, so it can say nothing but what the configuration and the catalog hold. Counters
// are called by number and clerks are not named aloud (docs/voice.md).
func (s *Server) voiceName(w http.ResponseWriter, r *http.Request) {
	if s.Names == nil {
		s.writeError(w, r, errNoService)
		return
	}
	text, err := s.configuredName(r.Context(), r.URL.Query().Get("kind"), r.URL.Query().Get("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	wav, err := s.Names.NameWAV(r.Context(), text)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("%w: %w", kiosk.Errorf(kiosk.EUNAVAILABLE, "Máy này không đọc được tên này", "this PC cannot say this name"), err))
		return
	}
	writeWAV(w, wav)
}

var errNoName = kiosk.Errorf(kiosk.ENOTFOUND, "Không có tên này để đọc", "no such name to say")

// configuredName finds the name to say, ENOTFOUND for one the kiosk does not hold.
func (s *Server) configuredName(ctx context.Context, kind, id string) (string, error) {
	switch kind {
	case "service":
		if s.QueueAdmin == nil {
			return "", errNoService
		}
		q, err := s.QueueAdmin.QueueConfig(ctx)
		if err != nil {
			return "", err
		}
		if svc, ok := q.ServiceByID(id); ok {
			return svc.Name, nil
		}
	case "field", "procedure":
		if s.Catalog == nil {
			return "", errNoService
		}
		if kind == "procedure" {
			p, err := s.Catalog.Procedure(ctx, id)
			if err != nil && kiosk.ErrorOf(err).Code == kiosk.ENOTFOUND {
				return "", errNoName
			}
			if err != nil {
				return "", err
			}
			return p.Name, nil
		}
		fields, err := s.Catalog.Fields(ctx)
		if err != nil {
			return "", err
		}
		for _, f := range fields {
			if f.Name == id {
				return f.Name, nil
			}
		}
	default:
		return "", kiosk.Invalid("kind", "Loại tên không hợp lệ", "kind must be service, field or procedure")
	}
	return "", errNoName
}

// voiceCode says a ticket code alone ("A không không một") for the kiosk's "Nghe" on the
// number just taken. Only codes: letters and digits, nothing else can be spoken by it.
func (s *Server) voiceCode(w http.ResponseWriter, r *http.Request) {
	if s.Codes == nil {
		s.writeError(w, r, errNoService)
		return
	}
	wav, err := s.Codes.CodeWAV(r.URL.Query().Get("code"), r.URL.Query().Get("digits") == "1")
	if err != nil {
		s.writeError(w, r, kiosk.Invalid("code", "Không đọc được số thứ tự này", err.Error()))
		return
	}
	writeWAV(w, wav)
}

// writeWAV answers a clip, CORS open: the Wails window's origin is wails://wails, and a
// clip holds nothing private.
func writeWAV(w http.ResponseWriter, wav []byte) {
	h := w.Header()
	h.Set("Content-Type", "audio/wav")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(wav)
}

// voiceClip answers one of pageClips as audio/wav, CORS open like the announcements.
func (s *Server) voiceClip(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !pageClips[name] && !promptClip.MatchString(name) {
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
	writeWAV(w, wav)
}
