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

// admin guards the dashboard and the admin API with AdminToken, given as
// "Authorization: Bearer T" (scripts) or as the password of HTTP Basic auth (a browser
// asks for it). Never from the query string, which ends up in logs and browser history.
// The comparison takes the same time whatever the guess. No AdminToken: every request
// is refused.
func (s *Server) admin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.adminAuthorised(r) {
			w.Header().Set("WWW-Authenticate", `Basic realm="motcua-hub", charset="UTF-8"`)
			s.problem(w, r, &wire.Problem{Status: http.StatusUnauthorized, Code: wire.CodeAdminAuth,
				Reason: "admin token required (Authorization: Bearer, or Basic with the token as password)", ReasonVI: "Cần mã quản trị"})
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) adminAuthorised(r *http.Request) bool {
	if s.AdminToken == "" {
		return false
	}
	var given string
	if _, pass, ok := r.BasicAuth(); ok {
		given = pass
	} else if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		given = strings.TrimSpace(tok)
	}
	if given == "" {
		return false
	}
	// Hashes first: ConstantTimeCompare returns at once on a length difference.
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(s.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
