package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

func (s *Server) routeQueue(mux *http.ServeMux) {
	// Public: the hall's state for the display and the kiosk; taking a number.
	mux.HandleFunc("GET /api/v1/queue", func(w http.ResponseWriter, r *http.Request) {
		if s.Queue == nil {
			s.writeError(w, r, errNoService)
			return
		}
		st, err := s.Queue.Snapshot(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	mux.HandleFunc("POST /api/v1/tickets", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ServiceID string         `json:"service_id"`
			Priority  kiosk.Priority `json:"priority"`
		}
		if err := decodeJSON(w, r, 1<<10, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Queue == nil {
			s.writeError(w, r, errNoService)
			return
		}
		if err := s.limitPrint(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		is, err := s.Queue.Issue(r.Context(), body.ServiceID, body.Priority)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, is) // is.Print says what became of the printout
	})
	mux.HandleFunc("GET /api/v1/tickets/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			s.writeError(w, r, kiosk.Invalid("id", "Mã số thứ tự không hợp lệ", "bad ticket id"))
			return
		}
		if s.Queue == nil {
			s.writeError(w, r, errNoService)
			return
		}
		t, err := s.Queue.Ticket(r.Context(), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, t.Public())
	})

	// Clerks: the counter's waiting list and its actions.
	mux.HandleFunc("GET /api/v1/counters/{id}/waiting", s.counterHandler(func(r *http.Request, id int, staff string) (any, error) {
		return s.Queue.Waiting(r.Context(), id)
	}))
	actions := map[string]func(r *http.Request, id int, staff string) (any, error){
		"call-next": func(r *http.Request, id int, staff string) (any, error) {
			return s.Queue.CallNext(r.Context(), id, staff)
		},
		"recall": func(r *http.Request, id int, staff string) (any, error) { return s.Queue.Recall(r.Context(), id) },
		"skip":   func(r *http.Request, id int, staff string) (any, error) { return s.Queue.Skip(r.Context(), id) },
		"start":  func(r *http.Request, id int, staff string) (any, error) { return s.Queue.Start(r.Context(), id) },
		"finish": func(r *http.Request, id int, staff string) (any, error) { return s.Queue.Finish(r.Context(), id) },
		"pause":  func(r *http.Request, id int, staff string) (any, error) { return ok(s.Queue.Pause(r.Context(), id)) },
		"resume": func(r *http.Request, id int, staff string) (any, error) {
			return ok(s.Queue.Resume(r.Context(), id, staff))
		},
		"close": func(r *http.Request, id int, staff string) (any, error) { return ok(s.Queue.Close(r.Context(), id)) },
	}
	for name, fn := range actions {
		mux.HandleFunc("POST /api/v1/counters/{id}/"+name, s.counterHandler(fn))
	}
	mux.HandleFunc("POST /api/v1/counters/{id}/transfer", s.counterHandler(func(r *http.Request, id int, staff string) (any, error) {
		var body struct {
			ToService string `json:"to_service"`
			ToCounter int    `json:"to_counter"`
		}
		if err := decodeJSON(nil, r, 1<<10, &body); err != nil {
			return nil, err
		}
		return s.Queue.Transfer(r.Context(), id, body.ToService, body.ToCounter)
	}))
	mux.HandleFunc("POST /api/v1/counters/{id}/call-back", s.counterHandler(func(r *http.Request, id int, staff string) (any, error) {
		var body struct {
			TicketID int64 `json:"ticket_id"`
		}
		if err := decodeJSON(nil, r, 1<<10, &body); err != nil {
			return nil, err
		}
		return s.Queue.CallBack(r.Context(), id, body.TicketID, staff)
	}))
}

func ok(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]bool{"ok": true}, nil
}

// counterHandler authorizes a clerk at this counter (an admin at any), parses the counter
// id and answers with fn's result.
func (s *Server) counterHandler(fn func(r *http.Request, id int, staff string) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
			s.writeError(w, r, err)
			return
		}
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil || id <= 0 {
			s.writeError(w, r, kiosk.Invalid("id", "Số quầy không hợp lệ", "bad counter id"))
			return
		}
		if s.Queue == nil {
			s.writeError(w, r, errNoService)
			return
		}
		staff := ""
		if sess, err := s.sessionOf(r); err == nil {
			if err := sess.Staff.MayActAt(id); err != nil {
				s.writeError(w, r, err)
				return
			}
			staff = sess.Staff.ID
		}
		if r.Method == http.MethodPost && r.ContentLength > 0 && r.Header.Get("Content-Type") == "" {
			s.writeError(w, r, kiosk.Invalid("body", "Dữ liệu gửi lên phải là JSON", "the body must be application/json"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		out, err := fn(r, id, staff)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}
