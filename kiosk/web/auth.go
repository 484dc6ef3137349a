package web

import (
	"net"
	"net/http"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// SessionCookie carries a clerk's session: HttpOnly (no script reads it), SameSite=Strict
// (no other site's page sends it), expiring with the session.
const SessionCookie = "motcua_session"

// sessionOf returns the request's staff session.
func (s *Server) sessionOf(r *http.Request) (kiosk.Session, error) {
	if s.Auth == nil {
		return kiosk.Session{}, kiosk.Errorf(kiosk.EUNAUTHORIZED, "Cần đăng nhập bằng mã PIN của cán bộ", "log in with a staff PIN first")
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return kiosk.Session{}, kiosk.Errorf(kiosk.EUNAUTHORIZED, "Cần đăng nhập bằng mã PIN của cán bộ", "log in with a staff PIN first")
	}
	return s.Auth.Session(r.Context(), c.Value)
}

// SessionAuthorize admits a staff session with the role (an admin may do what a clerk
// may), and, when TrustLoopback is set, requests from this machine's loopback interface:
// the installer's shell on the kiosk PC, which could open the database file anyway. The
// kiosk window itself is public and gets no such right (Wails' asset server requests
// carry no loopback address), so a villager at the locked kiosk cannot reach counter or
// admin actions. Loopback counts only when the Host header names loopback too: a page on
// some other site that re-points its DNS name at 127.0.0.1 (DNS rebinding) passes the
// Origin check but arrives with its own host name, and is treated as any LAN client.
func (s *Server) SessionAuthorize(r *http.Request, role string) error {
	sess, err := s.sessionOf(r)
	if err == nil {
		if role == string(kiosk.RoleAdmin) && sess.Staff.Role != kiosk.RoleAdmin {
			return kiosk.Errorf(kiosk.EFORBIDDEN, "Chức năng này chỉ dành cho quản trị viên", "admins only")
		}
		return nil
	}
	if s.TrustLoopback && isLoopback(r) {
		return nil
	}
	return err
}

func isLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	return err == nil && net.ParseIP(host).IsLoopback() && loopbackHost(r.Host)
}

// loopbackHost reports whether a Host header names this machine's loopback: localhost,
// 127.0.0.0/8 or [::1], with or without a port.
func loopbackHost(h string) bool {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) routeAuth(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/staff", func(w http.ResponseWriter, r *http.Request) {
		if s.Auth == nil {
			s.writeError(w, r, errNoService)
			return
		}
		staff, err := s.Auth.ListStaff(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, staff)
	})
	mux.HandleFunc("POST /api/v1/auth/login", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			StaffID string `json:"staff_id"`
			PIN     string `json:"pin"`
		}
		if err := decodeJSON(w, r, 1<<10, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Auth == nil {
			s.writeError(w, r, errNoService)
			return
		}
		token, sess, err := s.Auth.Login(r.Context(), body.StaffID, body.PIN, sourceOf(r))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// Max-Age only, measured on the server's own clock (the one that set ExpiresAt): an
		// absolute Expires would be judged by the browser's clock, and a kiosk offline for
		// weeks may disagree with it by hours.
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteStrictMode, MaxAge: max(1, int(sess.ExpiresAt.Sub(s.Clock()).Seconds()))})
		s.Logger.Info("staff logged in", "staff", sess.Staff.ID, "remote", r.RemoteAddr)
		writeJSON(w, http.StatusOK, sess)
	})
	// Logging out also closes the counters the clerk holds open, so the display stops
	// showing them there; the session ends even if that fails.
	mux.HandleFunc("POST /api/v1/auth/logout", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && s.Auth != nil {
			if sess, err := s.Auth.Session(r.Context(), c.Value); err == nil && s.Queue != nil {
				if err := s.Queue.SignOff(r.Context(), sess.Staff.ID); err != nil {
					s.Logger.Error("close counters at logout", "staff", sess.Staff.ID, "err", err)
				}
			}
			_ = s.Auth.Logout(r.Context(), c.Value)
		}
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	})
	mux.HandleFunc("GET /api/v1/auth/me", func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.sessionOf(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, sess)
	})
	// Admins see the accounts and addresses slowed by wrong PINs, and unlock them.
	mux.HandleFunc("GET /api/v1/admin/logins", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleAdmin)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Auth == nil {
			s.writeError(w, r, errNoService)
			return
		}
		list, err := s.Auth.LoginThrottles(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, list)
	})
	mux.HandleFunc("POST /api/v1/admin/logins/unlock", func(w http.ResponseWriter, r *http.Request) {
		r, err := s.asAdmin(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var body struct {
			Kind string `json:"kind"`
			Key  string `json:"key"`
		}
		if err := decodeJSON(w, r, 1<<10, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Auth == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.Auth.Unlock(r.Context(), body.Kind, body.Key); err != nil {
			s.writeError(w, r, err)
			return
		}
		by := "loopback"
		if sess, err := s.sessionOf(r); err == nil {
			by = sess.Staff.ID
		}
		s.Logger.Warn("login unlocked", "kind", body.Kind, "key", body.Key, "by", by)
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	})
}
