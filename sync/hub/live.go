package hub

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// DefaultLiveEvery is how often a page's live stream looks for changes.
const DefaultLiveEvery = 5 * time.Second

// live streams what render returns as Server-Sent Events named event, once at once and
// again each time it changes; a comment line keeps the connection alive when nothing
// changed. Several hubs may serve one province, so a change is found by looking (the
// store is the only shared state), not by a signal inside one process. The stream ends
// when a write fails (the page went away) or the request ends.
func (s *Server) live(w http.ResponseWriter, r *http.Request, event string, render func(context.Context) (string, error)) {
	every := s.LiveEvery
	if every <= 0 {
		every = DefaultLiveEvery
	}
	pageHeaders(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	last := ""
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		html, err := render(r.Context())
		if err != nil {
			if r.Context().Err() == nil {
				s.logger().Warn("live page update failed", "path", r.URL.Path, "err", err)
			}
			return
		}
		msg := ": unchanged\n\n"
		if html != last {
			msg = sseMessage(event, html)
			last = html
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return
		}
		_ = rc.Flush() // a writer without Flush streams anyway
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

// sseMessage is one event whose data is text, a "data:" line per line of it.
func sseMessage(event, text string) string {
	var b strings.Builder
	b.WriteString("event: " + event + "\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("data: " + strings.TrimSuffix(line, "\r") + "\n")
	}
	b.WriteString("\n")
	return b.String()
}
