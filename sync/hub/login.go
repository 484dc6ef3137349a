package hub

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

// Login throttling: failures are counted in the database under the user's name and under
// the address they came from, so every hub over it counts the same, and a guesser is held
// back whichever of the two it varies. LoginLimit failures inside LoginWindow refuse every
// further try of that name or address until the oldest of them leaves the window; a right
// password clears the name's count (not the address's: one right password must not reopen
// guessing at other names from there).

func (s *Server) loginLimit() int {
	if s.LoginLimit > 0 {
		return s.LoginLimit
	}
	return DefaultLoginLimit
}

func (s *Server) loginWindow() time.Duration {
	if s.LoginWindow > 0 {
		return s.LoginWindow
	}
	return DefaultLoginWindow
}

// loginThrottled returns how long the name or address must wait (0: it may try now).
func (s *Server) loginThrottled(r *http.Request, keys []string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, k := range keys {
		n, oldest, err := s.Store.LoginFailures(r.Context(), k, now.Add(-s.loginWindow()))
		if err != nil {
			return 0, err
		}
		if n >= s.loginLimit() {
			wait = max(wait, oldest.Add(s.loginWindow()).Sub(now))
		}
	}
	return wait, nil
}

type loginView struct {
	Name, Next, Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if u, _, err := s.authenticate(r); err == nil && u != nil {
		http.Redirect(w, r, localNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", "Đăng nhập", loginView{Next: localNext(r.URL.Query().Get("next"))})
}

// login checks a name and password and opens a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if why := s.csrfRefusal(r, nil); why != "" {
		s.audit(r, nil, "csrf.refused", r.URL.Path, why)
		s.forbidden(w, r, "cross-site login refused: "+why, "Yêu cầu đăng nhập không đến từ trang của máy chủ tỉnh")
		return
	}
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("name")))
	pw := r.PostFormValue("password")
	view := loginView{Name: name, Next: localNext(r.PostFormValue("next"))}
	keys := []string{"user:" + name, "addr:" + remoteIP(r)}
	wait, err := s.loginThrottled(r, keys)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if wait > 0 {
		mins := int(math.Ceil(wait.Minutes()))
		s.audit(r, nil, "login.throttled", name, fmt.Sprintf("wait %d min", mins))
		w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
		view.Error = fmt.Sprintf("Sai mật khẩu quá nhiều lần. Thử lại sau %d phút. / Too many failed logins; try again in %d min.", mins, mins)
		s.render(w, r, http.StatusTooManyRequests, "login", "Đăng nhập", view)
		return
	}
	u, hash, err := s.Store.User(r.Context(), name)
	if err != nil && err != ErrNotFound {
		s.internal(w, r, err)
		return
	}
	if u != nil && !u.Disabled.IsZero() {
		hash = "" // checked against the dummy, so a disabled user takes as long as any other
	}
	ok, err := checkPasswordLimited(r.Context(), hash, pw)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	now := s.now()
	if !ok || u == nil {
		if err := s.Store.RecordLoginFailure(r.Context(), keys, now, now.Add(-s.loginWindow())); err != nil {
			s.internal(w, r, err)
			return
		}
		s.audit(r, nil, "login.failed", name, "")
		view.Error = "Tên đăng nhập hoặc mật khẩu không đúng. / Wrong name or password."
		s.render(w, r, http.StatusUnauthorized, "login", "Đăng nhập", view)
		return
	}
	if err := s.Store.ClearLoginFailures(r.Context(), keys[0]); err != nil {
		s.internal(w, r, err)
		return
	}
	id := newSecret()
	ss := Session{IDHash: sessionHash(id), User: u.Name, CSRF: newSecret(), Created: now, Seen: now,
		Expires: now.Add(s.sessionMax()), Remote: remoteIP(r)}
	if err := s.Store.CreateSession(r.Context(), ss); err != nil {
		s.internal(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.sessionMax().Seconds())})
	s.audit(r, u, "login", u.Name, "")
	http.Redirect(w, r, view.Next, http.StatusSeeOther)
}

// logout ends the session (a guarded POST: CSRF-checked).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if ss := sessionOf(r); ss != nil {
		if err := s.Store.DeleteSession(r.Context(), ss.IDHash); err != nil {
			s.internal(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	s.audit(r, userOf(r), "logout", "", "")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// localNext keeps a redirect target on this hub: a path, never "//host" or a URL.
func localNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
