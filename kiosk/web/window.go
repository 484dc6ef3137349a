package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// Window is the kiosk window, when this process has one.
type Window interface {
	// LeaveKioskMode leaves fullscreen so an admin can reach the desktop; Quit closes the app.
	LeaveKioskMode() error
	Quit()
}

func (s *Server) routeWindow(mux *http.ServeMux) {
	// An admin's way out of the locked kiosk window (after the hidden gesture and a PIN).
	mux.HandleFunc("POST /api/v1/admin/window/{action}", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleAdmin)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Window == nil {
			s.writeError(w, r, kiosk.Errorf(kiosk.EUNAVAILABLE, "Máy này chạy không có cửa sổ kiosk", "this process has no kiosk window"))
			return
		}
		switch r.PathValue("action") {
		case "leave-kiosk-mode":
			if err := s.Window.LeaveKioskMode(); err != nil {
				s.writeError(w, r, err)
				return
			}
		case "quit":
			defer s.Window.Quit()
		default:
			s.writeError(w, r, kiosk.Errorf(kiosk.ENOTFOUND, "Không có thao tác này", "no such window action"))
			return
		}
		s.Logger.Warn("kiosk window action by admin", "action", r.PathValue("action"))
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	})
}
