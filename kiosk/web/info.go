package web

import (
	"net/http"
	"time"
)

func (s *Server) routeInfo(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, struct {
			Info
			ServerTime time.Time `json:"server_time"`
		}{s.Info, s.Clock()})
	})
	mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "sse_clients": s.Broker.Subscribers()})
	})
}
