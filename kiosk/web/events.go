package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// streamWriteTimeout bounds each write to an event stream: a page that stops reading is
// dropped, while one that reads stays connected however long, past the server's
// WriteTimeout.
const streamWriteTimeout = 30 * time.Second

// routeEvents streams kiosk notices as Server-Sent Events, to anyone: so each notice's
// data goes out as its public form (publicData). The first event is "hello" with the
// server's time, so a page knows it is connected (and how far its clock is off). Writes
// are not flushed explicitly: the Wails in-process writer implements no Flusher yet
// streams each write; net/http's writer is flushed when it can be. Streams are capped,
// in all and per source address, so no client can hold every goroutine and socket.
func (s *Server) routeEvents(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/events", func(w http.ResponseWriter, r *http.Request) {
		release, err := s.streams.open(sourceOf(r))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		defer release()
		notices, cancel := s.Broker.Subscribe(64)
		defer cancel()
		h := w.Header()
		h.Set("Content-Type", "text/event-stream; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		send := func(b []byte) bool {
			// A network deadline is a wall-clock instant, whatever the kiosk's clock says.
			// "Not supported" inside Wails, whose writes never block.
			_ = rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
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
	data, err := json.Marshal(publicData(n.Data))
	if err != nil {
		data = []byte("null")
	}
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", n.Kind, data)
}

// publicData is what anyone may see of a notice's data: tickets lose their priority group
// and clerk id (kiosk.PublicTicket).
func publicData(d any) any {
	switch v := d.(type) {
	case kiosk.Ticket:
		return v.Public()
	case *kiosk.Ticket:
		if v != nil {
			return v.Public()
		}
	case kiosk.Issued:
		return v.Public()
	case *kiosk.Issued:
		if v != nil {
			return v.Public()
		}
	}
	return d
}
