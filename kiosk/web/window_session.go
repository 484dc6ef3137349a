package web

import (
	"net/http"
	"sync"
)

// windowSession is the kiosk window's cookie jar for the staff session, kept here because
// WebKitGTK keeps none for the window's wails:// scheme: the cookie set at login never
// came back, so an admin who logged in after the five-tap gesture stayed on the PIN pad
// (test/smoke found it). It remembers the session cookie the window's responses set or
// clear, and adds it to the window's requests that carry none. Only the window's own asset
// server reaches it (FromWindow), and the window is one page, so one cookie is its whole
// jar; the LAN listener never passes here, so no LAN client is given the window's session.
type windowSession struct {
	next http.Handler

	mu    sync.Mutex
	token string
}

func (ws *windowSession) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(SessionCookie); err != nil {
		ws.mu.Lock()
		token := ws.token
		ws.mu.Unlock()
		if token != "" {
			r = r.Clone(r.Context())
			r.AddCookie(&http.Cookie{Name: SessionCookie, Value: token})
		}
	}
	ws.next.ServeHTTP(&sessionCatcher{ResponseWriter: w, ws: ws}, r)
}

// keep reads the session cookie a response sets (login) or clears (logout, Max-Age < 0).
func (ws *windowSession) keep(h http.Header) {
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil || c.Name != SessionCookie {
			continue
		}
		ws.mu.Lock()
		ws.token = c.Value
		if c.MaxAge < 0 {
			ws.token = ""
		}
		ws.mu.Unlock()
	}
}

// sessionCatcher hands the response's headers to keep when they are sent.
type sessionCatcher struct {
	http.ResponseWriter
	ws   *windowSession
	sent bool
}

func (c *sessionCatcher) WriteHeader(code int) {
	if !c.sent {
		c.sent = true
		c.ws.keep(c.Header())
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *sessionCatcher) Write(b []byte) (int, error) {
	if !c.sent {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath (flushing SSE).
func (c *sessionCatcher) Unwrap() http.ResponseWriter { return c.ResponseWriter }
