package web

import (
	"net/http"
	"time"
)

// SetupInfo tells a screen whether the kiosk still needs its first-run setup, and whether
// this screen may do it (Here): the kiosk window, or this PC's loopback when trusted.
type SetupInfo struct {
	Required bool `json:"required"`
	Here     bool `json:"here"`
}

func (s *Server) routeInfo(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/info", func(w http.ResponseWriter, r *http.Request) {
		var setup *SetupInfo
		if s.Setup != nil {
			required, err := s.Setup.Required(r.Context())
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			setup = &SetupInfo{Required: required, Here: s.setupHere(r)}
		}
		s.infoMu.RLock()
		info := s.Info
		s.infoMu.RUnlock()
		writeJSON(w, http.StatusOK, struct {
			Info
			Setup      *SetupInfo `json:"setup,omitempty"`
			ServerTime time.Time  `json:"server_time"`
		}{info, setup, s.Clock()})
	})
	mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "sse_clients": s.Broker.Subscribers()})
	})
}
