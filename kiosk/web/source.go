package web

import (
	"context"
	"net"
	"net/http"
	"strings"
)

type windowKey struct{}

// FromWindow marks every request h serves as coming from the kiosk window: wrap the
// handler given to Wails' asset server with it, never the LAN listener's. The mark exempts
// the window from per-address limits (it is the one place villagers take numbers); it
// grants no staff rights. The handler returned also keeps the window's staff session
// (windowSession): call FromWindow once per window.
func FromWindow(h http.Handler) http.Handler {
	jar := &windowSession{next: h}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jar.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), windowKey{}, true)))
	})
}

func fromWindow(r *http.Request) bool {
	v, _ := r.Context().Value(windowKey{}).(bool)
	return v
}

// sourceOf names where a request comes from, for throttles and limits: "window" for the
// kiosk window, else the client's IPv4 address or IPv6 /64 (one machine can take a whole
// /64, so single IPv6 addresses would be free new sources). Behind a reverse proxy every
// request has the proxy's address; forwarded headers are not believed, since any client
// can write them.
func sourceOf(r *http.Request) string {
	if fromWindow(r) {
		return "window"
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return host
	case ip.To4() != nil:
		return ip.To4().String()
	default:
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
}

// exempt says whether r is spared the per-address limits: the kiosk window, and this
// machine's own tools when loopback is trusted.
func (s *Server) exempt(r *http.Request) bool {
	return fromWindow(r) || (s.TrustLoopback && isLoopback(r))
}

// ListensOnLoopback reports whether a listen address (":8080", "127.0.0.1:8080") takes
// connections from this machine only: TrustLoopback's default.
func ListensOnLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
