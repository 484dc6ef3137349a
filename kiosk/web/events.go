package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// routeEvents streams kiosk notices as Server-Sent Events. The first event is "hello"
// with the server's time, so a page knows it is connected (and how far its clock is off).
// Writes are not flushed explicitly: the Wails in-process writer implements no Flusher
// yet streams each write; net/http's writer is flushed when it can be.
func (s *Server) routeEvents(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/events", func(w http.ResponseWriter, r *http.Request) {
		notices, cancel := s.Broker.Subscribe(64)
		defer cancel()
		h := w.Header()
		h.Set("Content-Type", "text/event-stream; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		send := func(b []byte) bool {
			if _, err := w.Write(b); err != nil {
				return false
			}
			_ = rc.Flush() // "not supported" inside Wails; the write streams anyway
			return true
		}
		hello, _ := json.Marshal(map[string]any{"server_time": s.Clock()})
		if !send(fmt.Appendf(nil, "retry: 2000\nevent: hello\ndata: %s\n\n", hello)) {
			return
		}
		beat := time.NewTicker(s.HeartbeatEvery)
		defer beat.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case n, ok := <-notices:
				if !ok || !send(sseFrame(n)) {
					return
				}
			case <-beat.C:
				// A comment line: ignored by EventSource, but the write fails once the page is
				// gone, which is how this handler learns to stop inside Wails.
				if !send([]byte(": ping\n\n")) {
					return
				}
			}
		}
	})
}

func sseFrame(n kiosk.Notice) []byte {
	data, err := json.Marshal(n.Data)
	if err != nil {
		data = []byte("null")
	}
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", n.Kind, data)
}
