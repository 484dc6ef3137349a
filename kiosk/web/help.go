package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// HelpRequest is a villager's "Gọi cán bộ" from a kiosk screen: the counters see which
// screen asked and from which device, until a clerk takes it. It names no person: the
// device is the kiosk window or a LAN address.
type HelpRequest struct {
	ID     int64     `json:"id"`
	Screen string    `json:"screen"` // the kiosk screen's path, e.g. "/kiosk/ticket"
	From   string    `json:"from"`   // "window" for the kiosk itself, else the device's address
	At     time.Time `json:"at"`
}

// HelpDismissed is the notice that a clerk has taken a request.
type HelpDismissed struct {
	ID int64  `json:"id"`
	By string `json:"by"` // the clerk's name, so the other counters know who went
}

// helpOpenFor is how long an untaken request stays on the counters' screens: a villager
// who waited that long has gone to a counter or home.
const helpOpenFor = 15 * time.Minute

// helpScreen is a kiosk screen's path as the pages send it: the hash route without its
// query, percent-encoded as the browser keeps it.
var helpScreen = regexp.MustCompile(`^/kiosk(/[A-Za-z0-9._~%/-]{0,180})?$`)

// helpDesk holds the open requests in memory, one per source device (asking again moves
// it up rather than adding one): a restart forgets them, which only means a villager asks
// again.
type helpDesk struct {
	mu   sync.Mutex
	next int64
	open []HelpRequest // oldest first
}

// ask opens (or refreshes) source's request for screen at now.
func (d *helpDesk) ask(source, screen string, now time.Time) HelpRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open = slices.DeleteFunc(d.open, func(h HelpRequest) bool { return h.From == source })
	d.next++
	h := HelpRequest{ID: d.next, Screen: screen, From: source, At: now}
	d.open = append(d.open, h)
	return h
}

// list returns the requests still open at now, oldest first.
func (d *helpDesk) list(now time.Time) []HelpRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open = slices.DeleteFunc(d.open, func(h HelpRequest) bool { return now.Sub(h.At) >= helpOpenFor })
	return append([]HelpRequest{}, d.open...) // [] rather than null when none
}

// take closes request id; false when it is not open.
func (d *helpDesk) take(id int64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.open)
	d.open = slices.DeleteFunc(d.open, func(h HelpRequest) bool { return h.ID == id })
	return len(d.open) < n
}

// routeHelp: asking is public (a villager at the kiosk, or a LAN kiosk screen) and
// rate-limited per source like tickets; the open requests and taking one are for clerks.
func (s *Server) routeHelp(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/help", s.askHelp)
	mux.HandleFunc("GET /api/v1/help", s.openHelp)
	mux.HandleFunc("POST /api/v1/help/{id}/dismiss", s.dismissHelp)
}

// askHelp takes {screen} and tells every counter through the live notice "help.requested".
func (s *Server) askHelp(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Screen string `json:"screen"`
	}
	err := decodeJSON(w, r, 1<<10, &body)
	if err == nil && !helpScreen.MatchString(body.Screen) {
		err = kiosk.Invalid("screen", "Màn hình gửi yêu cầu không hợp lệ", "screen must be a kiosk screen's path, such as /kiosk/ticket")
	}
	if err == nil {
		err = s.limit(s.helps, r, "Máy này đã gọi cán bộ nhiều lần trong thời gian ngắn; cán bộ đã được báo.",
			"this device has called for a clerk several times already; the clerks have been told")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := s.help.ask(sourceOf(r), body.Screen, s.Clock())
	s.Broker.Publish(kiosk.Notice{Kind: "help.requested", Data: h})
	s.Logger.Info("help requested", "screen", h.Screen, "from", h.From)
	writeJSON(w, http.StatusCreated, h)
}

// openHelp answers the requests no clerk has taken yet, oldest first: a counter page
// opened after a request still sees it.
func (s *Server) openHelp(w http.ResponseWriter, r *http.Request) {
	if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.help.list(s.Clock()))
}

// dismissHelp closes a request for every counter ("help.dismissed"): one clerk goes.
func (s *Server) dismissHelp(w http.ResponseWriter, r *http.Request) {
	if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, kiosk.Invalid("id", "Mã yêu cầu không hợp lệ", "bad help request id"))
		return
	}
	if !s.help.take(id) {
		s.writeError(w, r, kiosk.Errorf(kiosk.ENOTFOUND, "Yêu cầu này đã được cán bộ khác tiếp nhận hoặc đã hết hạn",
			"this request was taken by another clerk or has expired"))
		return
	}
	d := HelpDismissed{ID: id}
	if sess, err := s.sessionOf(r); err == nil {
		d.By = sess.Staff.Name
	}
	s.Broker.Publish(kiosk.Notice{Kind: "help.dismissed", Data: d})
	writeJSON(w, http.StatusOK, d)
}
