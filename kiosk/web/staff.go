package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/photo"
)

// routeStaff is the admin page's staff management, and the badge photos every screen may
// show (the display's staff badge).
func (s *Server) routeStaff(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/admin/staff", s.staffAdmin(func(r *http.Request, _ string) (any, error) {
		return s.StaffAdmin.AllStaff(r.Context())
	}))
	mux.HandleFunc("PUT /api/v1/admin/staff/{id}", s.staffAdmin(func(r *http.Request, id string) (any, error) {
		var body struct {
			Name    string     `json:"name"`
			Title   string     `json:"title"`
			Role    kiosk.Role `json:"role"`
			Counter int        `json:"counter"`
			PIN     string     `json:"pin"`
		}
		if err := decodeJSON(nil, r, 4<<10, &body); err != nil {
			return nil, err
		}
		st := kiosk.Staff{ID: id, Name: body.Name, Title: body.Title, Role: body.Role, Counter: body.Counter}
		if err := s.StaffAdmin.SaveStaff(r.Context(), st, body.PIN); err != nil {
			return nil, err
		}
		return s.changedStaff(r, id)
	}))
	mux.HandleFunc("POST /api/v1/admin/staff/{id}/pin", s.staffAdmin(func(r *http.Request, id string) (any, error) {
		var body struct {
			PIN string `json:"pin"`
		}
		if err := decodeJSON(nil, r, 1<<10, &body); err != nil {
			return nil, err
		}
		return ok(s.StaffAdmin.ResetPIN(r.Context(), id, body.PIN))
	}))
	for path, disabled := range map[string]bool{"disable": true, "enable": false} {
		mux.HandleFunc("POST /api/v1/admin/staff/{id}/"+path, s.staffAdmin(func(r *http.Request, id string) (any, error) {
			if err := s.StaffAdmin.SetDisabled(r.Context(), id, disabled); err != nil {
				return nil, err
			}
			// A disabled clerk's counters close, as at their logout.
			if disabled && s.Queue != nil {
				if err := s.Queue.SignOff(r.Context(), id); err != nil {
					s.Logger.Error("close counters of a disabled account", "staff", id, "err", err)
				}
			}
			return s.changedStaff(r, id)
		}))
	}
	// The body is the picture itself (any image content type): cropped, resized and stored.
	mux.HandleFunc("POST /api/v1/admin/staff/{id}/photo", s.staffAdmin(func(r *http.Request, id string) (any, error) {
		if r.ContentLength > photo.MaxBytes {
			return nil, kiosk.Errorf(kiosk.ETOOLARGE, "Ảnh quá lớn: tối đa 10 MB. Xin chọn ảnh nhỏ hơn hoặc chụp lại với độ phân giải thấp hơn.",
				"the photo is over 10 MB; choose a smaller one")
		}
		badge, err := photo.Badge(r.Body)
		if err != nil {
			return nil, err
		}
		if _, err := s.StaffAdmin.SetPhoto(r.Context(), id, badge); err != nil {
			return nil, err
		}
		return s.changedStaff(r, id)
	}))
	mux.HandleFunc("GET /api/v1/staff/{id}/photo", func(w http.ResponseWriter, r *http.Request) {
		if s.StaffAdmin == nil {
			s.writeError(w, r, errNoService)
			return
		}
		b, version, err := s.StaffAdmin.Photo(r.Context(), r.PathValue("id"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		// The URL carries the version (sqlite.PhotoURL): a new photo is a new URL.
		if r.URL.Query().Get("v") == version {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		_, _ = w.Write(b)
	})
}

// changedStaff tells the screens (the display's badges, the login lists) and answers with
// the member as stored now.
func (s *Server) changedStaff(r *http.Request, id string) (any, error) {
	s.Broker.Publish(kiosk.Notice{Kind: "staff.changed", Data: map[string]string{"id": id}})
	all, err := s.StaffAdmin.AllStaff(r.Context())
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, kiosk.Errorf(kiosk.ENOTFOUND, "Không có cán bộ này", "no such staff member")
}

// staffAdmin authorizes an admin (recorded as the actor of the change), checks the service
// is there and answers with fn's result for the {id} in the path.
func (s *Server) staffAdmin(fn func(r *http.Request, id string) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, err := s.asAdmin(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.StaffAdmin == nil {
			s.writeError(w, r, errNoService)
			return
		}
		out, err := fn(r, r.PathValue("id"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}
