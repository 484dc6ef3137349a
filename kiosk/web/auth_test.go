package web

import (
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// Loopback acts as admin only for this machine's own tools: the Host must name loopback
// too, so a rebinding site's page (its own name, resolved to 127.0.0.1) and the kiosk
// window (no loopback address) get no rights without a PIN session.
func TestLoopbackTrustNeedsALoopbackHost(t *testing.T) {
	cases := []struct {
		remote, host string
		admitted     bool
	}{
		{"127.0.0.1:5555", "127.0.0.1:8080", true},
		{"127.0.0.1:5555", "localhost:8080", true},
		{"127.0.0.1:5555", "LOCALHOST", true},
		{"[::1]:5555", "[::1]:8080", true},
		{"127.0.0.1:5555", "evil.example:8080", false}, // DNS rebinding
		{"127.0.0.1:5555", "192.168.1.20:8080", false}, // a LAN name through a local proxy
		{"192.0.2.10:5555", "127.0.0.1:8080", false},   // a LAN client forging Host
		{"", "wails.localhost", false},                 // the Wails asset server
	}
	s := &Server{TrustLoopback: true}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/api/v1/counters/1/call-next", nil)
		r.RemoteAddr, r.Host = c.remote, c.host
		err := s.SessionAuthorize(r, string(kiosk.RoleAdmin))
		if (err == nil) != c.admitted {
			t.Errorf("remote %q host %q: err = %v, want admitted %v", c.remote, c.host, err, c.admitted)
		}
		if err != nil && kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
			t.Errorf("remote %q host %q: code %s, want unauthorized", c.remote, c.host, kiosk.ErrorCode(err))
		}
	}
}
