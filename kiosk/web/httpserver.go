package web

import (
	"log"
	"net/http"
	"time"
)

// Timeouts of the LAN server. A client that sends its request slowly, or never reads the
// answer, holds a connection and a goroutine until one of these ends it; the event stream
// replaces the write timeout with its own, per write (events.go).
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 2 * time.Minute // a 64 MB catalog bundle over slow Wi-Fi
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
)

// NewHTTPServer returns the LAN server for h, with the timeouts above.
func NewHTTPServer(h http.Handler, errorLog *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          errorLog,
	}
}

// securityHeaders: no page of ours may be framed by another site's (which could trick a
// clerk into pressing our buttons under its own), and no answer is sniffed into a type it
// is not.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}
