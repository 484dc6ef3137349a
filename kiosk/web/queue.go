package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// routeQueue registers the queue's routes: the hall's state and taking a number (public),
// and the counters' lists and actions (a clerk at that counter, or an admin).
func (s *Server) routeQueue(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/queue", s.getQueue)
	mux.HandleFunc("POST /api/v1/tickets", s.issueTicket)
	mux.HandleFunc("GET /api/v1/tickets/{id}", s.getTicket)

	mux.HandleFunc("GET /api/v1/counters/{id}/waiting", s.counterHandler(s.counterWaiting))
	for name, fn := range map[string]counterAction{
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
		"close":     func(r *http.Request, id int, staff string) (any, error) { return ok(s.Queue.Close(r.Context(), id)) },
		"transfer":  s.counterTransfer,
		"call-back": s.counterCallBack,
	} {
		mux.HandleFunc("POST /api/v1/counters/{id}/"+name, s.counterHandler(fn))
	}
}

// getQueue answers the hall's state for the display and the kiosk.
func (s *Server) getQueue(w http.ResponseWriter, r *http.Request) {
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
}

// issueTicket takes a number for a villager: rate-limited per LAN address (the window is
// exempt); the answer says what became of the printout (Issued.Print).
func (s *Server) issueTicket(w http.ResponseWriter, r *http.Request) {
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
	writeJSON(w, http.StatusCreated, is)
}

// getTicket answers one ticket's public view (no priority group, no clerk).
func (s *Server) getTicket(w http.ResponseWriter, r *http.Request) {
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
}

// counterAction is one clerk action at a counter; counterHandler authorizes and answers it.
type counterAction func(r *http.Request, id int, staff string) (any, error)

// counterWaiting lists whom the counter may call, in calling order.
func (s *Server) counterWaiting(r *http.Request, id int, _ string) (any, error) {
	return s.Queue.Waiting(r.Context(), id)
}

// counterTransfer sends the counter's current ticket to another line or counter.
func (s *Server) counterTransfer(r *http.Request, id int, _ string) (any, error) {
	var body struct {
		ToService string `json:"to_service"`
		ToCounter int    `json:"to_counter"`
	}
	if err := decodeJSON(nil, r, 1<<10, &body); err != nil {
		return nil, err
	}
	return s.Queue.Transfer(r.Context(), id, body.ToService, body.ToCounter)
}

// counterCallBack calls a no-show ticket of today again at this counter.
func (s *Server) counterCallBack(r *http.Request, id int, staff string) (any, error) {
	var body struct {
		TicketID int64 `json:"ticket_id"`
	}
	if err := decodeJSON(nil, r, 1<<10, &body); err != nil {
		return nil, err
	}
	return s.Queue.CallBack(r.Context(), id, body.TicketID, staff)
}

func ok(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]bool{"ok": true}, nil
}

// counterHandler authorizes a clerk at this counter (an admin at any), parses the counter
// id and answers with fn's result.
func (s *Server) counterHandler(fn counterAction) http.HandlerFunc {
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
