package hub

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	wire "github.com/motcua/motcua/sync"
)

// MinAdminTokenLen is the shortest admin token the hub takes: a token is the only thing
// between the LAN and the fleet's commands.
const MinAdminTokenLen = 20

// adminAuthorised tells whether the request carries AdminToken, as "Authorization:
// Bearer T" (scripts) or as the password of HTTP Basic auth (a browser asks for it), never
// from the query string, which ends up in logs and browser history. The comparison takes
// the same time whatever the guess. No AdminToken: nobody has it. (it_auth.go: the admin
// token acts as province IT, beside the users' sessions.)
func (s *Server) adminAuthorised(r *http.Request) bool { return tokenIs(givenToken(r), s.AdminToken) }

// metricsAuth guards /metrics with MetricsToken or AdminToken, given the same ways.
func (s *Server) metricsAuth(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if given := givenToken(r); !tokenIs(given, s.MetricsToken) && !tokenIs(given, s.AdminToken) {
			w.Header().Set("WWW-Authenticate", `Basic realm="motcua-hub metrics", charset="UTF-8"`)
			s.problem(w, r, &wire.Problem{Status: http.StatusUnauthorized, Code: wire.CodeAdminAuth,
				Reason: "metrics token or admin token required (Authorization: Bearer)", ReasonVI: "Cần mã xem số liệu hoặc mã quản trị"})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// givenToken is the token of "Authorization: Bearer T" or the password of Basic auth.
func givenToken(r *http.Request) string {
	if _, pass, ok := r.BasicAuth(); ok {
		return pass
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(tok)
	}
	return ""
}

// tokenIs compares in constant time; an empty want matches nothing.
func tokenIs(given, want string) bool {
	if given == "" || want == "" {
		return false
	}
	// Hashes first: ConstantTimeCompare returns at once on a length difference.
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
