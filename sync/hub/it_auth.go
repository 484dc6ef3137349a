package hub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// IT's pages and API know who is asking in one of two ways: a session cookie, made by
// the login page for a user of the users table, or the admin token (Bearer, or the
// password of Basic auth), the break-glass and automation credential with province
// rights. Either way the handler gets a *User and checks its scope itself (403, never a
// quietly shorter list for a kiosk named in the path).

// SessionCookie is the name of the hub's session cookie.
const SessionCookie = "motcua_hub_session"

// Defaults of the session and login knobs on Server.
const (
	DefaultSessionIdle = time.Hour
	DefaultSessionMax  = 12 * time.Hour
	DefaultLoginLimit  = 5
	DefaultLoginWindow = 15 * time.Minute
)

// touchEvery is how stale a session's last activity may be before a request records it:
// one write a minute per user, not one per request.
const touchEvery = time.Minute

type userKey struct{}

// userOf is the user a request was authenticated as (set by s.it).
func userOf(r *http.Request) *User {
	u, _ := r.Context().Value(userKey{}).(*User)
	return u
}

type sessionKey struct{}

// sessionOf is the request's session, nil for the admin token.
func sessionOf(r *http.Request) *Session {
	ss, _ := r.Context().Value(sessionKey{}).(*Session)
	return ss
}

func (s *Server) sessionIdle() time.Duration {
	if s.SessionIdle > 0 {
		return s.SessionIdle
	}
	return DefaultSessionIdle
}

func (s *Server) sessionMax() time.Duration {
	if s.SessionMax > 0 {
		return s.SessionMax
	}
	return DefaultSessionMax
}

// authenticate finds who the request is: the admin token first, then the session cookie.
// Nil: nobody (or a cookie that is unknown, expired, idle, or of a disabled user).
func (s *Server) authenticate(r *http.Request) (*User, *Session, error) {
	if s.adminAuthorised(r) {
		return tokenUser, nil, nil
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil, nil
	}
	now := s.now()
	ss, u, err := s.Store.Session(r.Context(), sessionHash(c.Value), now, now.Add(-s.sessionIdle()))
	if errors.Is(err, ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(ss.Seen) > touchEvery {
		if err := s.Store.TouchSession(r.Context(), ss.IDHash, now); err != nil {
			s.logger().Warn("session activity not recorded", "user", u.Name, "err", err)
		}
	}
	return u, ss, nil
}

// page guards one of IT's HTML pages: nobody goes to the login page (and back here
// after), a change (POST) must pass the CSRF checks.
func (s *Server) page(h http.HandlerFunc) http.Handler { return s.pageBody(h, maxFormBytes) }

// maxFormBytes bounds the body of a page's form: a command, a token, a login.
const maxFormBytes = 64 << 10

// pageBody is page for a form whose body may be up to limit bytes (a bundle's upload).
func (s *Server) pageBody(h http.HandlerFunc, limit int64) http.Handler {
	return s.guard(h, limit, func(w http.ResponseWriter, r *http.Request) {
		next := r.URL.Path
		if r.URL.RawQuery != "" {
			next += "?" + r.URL.RawQuery
		}
		if r.Method != http.MethodGet {
			next = "/"
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	})
}

// api guards IT's JSON API: nobody gets 401 (with a Basic challenge, for curl -u and a
// browser), a change must pass the CSRF checks when it comes with a session cookie.
func (s *Server) api(h http.HandlerFunc) http.Handler { return s.apiBody(h, maxFormBytes) }

// apiBody is api for a call whose body may be up to limit bytes (an update's binaries).
func (s *Server) apiBody(h http.HandlerFunc, limit int64) http.Handler {
	return s.guard(h, limit, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="motcua-hub", charset="UTF-8"`)
		s.problem(w, r, &wire.Problem{Status: http.StatusUnauthorized, Code: wire.CodeAdminAuth,
			Reason:   "sign in, or give the admin token (Authorization: Bearer, or Basic with the token as password)",
			ReasonVI: "Cần đăng nhập hoặc mã quản trị"})
	})
}

func (s *Server) guard(h http.HandlerFunc, bodyLimit int64, nobody http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, bodyLimit)
		u, ss, err := s.authenticate(r)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if u == nil {
			nobody(w, r)
			return
		}
		if !safeMethod(r.Method) {
			if why := s.csrfRefusal(r, ss); why != "" {
				s.audit(r, u, "csrf.refused", r.URL.Path, why)
				s.forbidden(w, r, "cross-site request refused: "+why, "Yêu cầu bị từ chối (không đến từ trang của máy chủ tỉnh)")
				return
			}
		}
		ctx := context.WithValue(r.Context(), userKey{}, u)
		if ss != nil {
			ctx = context.WithValue(ctx, sessionKey{}, ss)
		}
		h(w, r.WithContext(ctx))
	})
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// csrfRefusal says why a change must be refused ("" lets it through). Two checks: the
// browser's own word on where the request came from (Origin, or Sec-Fetch-Site), which
// also covers a browser that remembers the admin token as Basic credentials; and, with a
// session, the session's CSRF token in the form field "csrf" or the X-CSRF-Token header.
// Scripts with the admin token send neither header and no cookie, and pass.
func (s *Server) csrfRefusal(r *http.Request, ss *Session) string {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return "Sec-Fetch-Site " + site
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return "Origin " + o + " is not " + r.Host
		}
	}
	if ss == nil {
		return ""
	}
	given := r.Header.Get("X-CSRF-Token")
	if given == "" {
		given = r.PostFormValue("csrf")
	}
	if given == "" || subtle.ConstantTimeCompare([]byte(given), []byte(ss.CSRF)) != 1 {
		return "missing or wrong CSRF token"
	}
	return ""
}

// forbidden answers 403: an IT user out of its scope, or a refused change. A page gets
// a page, the API a problem.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, reason, reasonVI string) {
	if strings.HasPrefix(r.URL.Path, "/admin/") {
		s.problem(w, r, &wire.Problem{Status: http.StatusForbidden, Code: codeForbidden, Reason: reason, ReasonVI: reasonVI})
		return
	}
	s.logRefusal(r, http.StatusForbidden, codeForbidden, reason)
	s.renderError(w, r, http.StatusForbidden, reasonVI, reason)
}

// codeForbidden is the problem code of a request outside the user's rights.
const codeForbidden = "forbidden"

// kioskFor loads the kiosk named in the path for the request's user: 404 when there is
// none, 403 when it is another cluster's. Nil means an answer was written.
func (s *Server) kioskFor(w http.ResponseWriter, r *http.Request) *Kiosk {
	k, err := s.Store.Kiosk(r.Context(), r.PathValue("id"))
	if errors.Is(err, ErrNotFound) {
		s.notFound(w, r, "no kiosk "+r.PathValue("id"), "Không có kiosk này")
		return nil
	}
	if err != nil {
		s.internal(w, r, err)
		return nil
	}
	if u := userOf(r); !u.Sees(k) {
		s.audit(r, u, "access.denied", k.ID, "kiosk of cluster "+k.Cluster)
		s.forbidden(w, r, "kiosk "+k.ID+" is outside your cluster", "Kiosk này không thuộc cụm bạn quản lý")
		return nil
	}
	return k
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, reason, reasonVI string) {
	if strings.HasPrefix(r.URL.Path, "/admin/") {
		s.problem(w, r, &wire.Problem{Status: http.StatusNotFound, Code: wire.CodeNotFound, Reason: reason, ReasonVI: reasonVI})
		return
	}
	s.renderError(w, r, http.StatusNotFound, reasonVI, reason)
}

// audit records an action in the audit log; a failure to record is logged, and does not
// undo the action (which has happened).
func (s *Server) audit(r *http.Request, u *User, action, target, detail string) {
	actor := "anonymous"
	if u != nil {
		actor = u.Name
	}
	e := AuditEntry{At: s.now(), Actor: actor, Action: action, Target: target, Detail: detail, Remote: remoteIP(r)}
	if err := s.Store.Audit(r.Context(), e); err != nil {
		s.logger().Error("audit log not written", "actor", actor, "action", action, "target", target, "err", err)
	}
	s.logger().Info("audit", "actor", actor, "action", action, "target", target, "detail", detail, "remote", e.Remote)
}

// remoteIP is the address of the request's peer, without its port.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// newSecret is 32 random bytes, URL-safe: session ids and CSRF tokens.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionHash(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}
