package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// routeRatings: the counters' rating pads and the kiosk's "rate with the ticket's QR code"
// are public (a tablet at a counter has no login), so each write is rate-limited per
// source and bounded by the service's time windows; the list of ratings, which names the
// clerks, is for admins only. No answer here says who was rated how.
func (s *Server) routeRatings(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/ratings/form", s.ratingForm)
	mux.HandleFunc("GET /api/v1/counters/{id}/rating", s.ratingPending)
	mux.HandleFunc("POST /api/v1/counters/{id}/rating", s.rateAtCounter)
	mux.HandleFunc("POST /api/v1/ratings/lookup", s.ratingLookup)
	mux.HandleFunc("POST /api/v1/ratings", s.rateByCode)
	mux.HandleFunc("GET /api/v1/admin/ratings", s.ratingList)
}

// ratedAnswer is what a villager's screen hears back: which ticket was rated, not by whom
// it was served.
type ratedAnswer struct {
	TicketID int64  `json:"ticket_id"`
	Code     string `json:"code"`
	Score    int    `json:"score"`
	Scale    int    `json:"scale"`
}

func answerOf(r kiosk.Rating) ratedAnswer {
	return ratedAnswer{TicketID: r.TicketID, Code: r.Code, Score: r.Score, Scale: r.Scale}
}

// ratingService returns the service, or answers EUNAVAILABLE and false.
func (s *Server) ratingService(w http.ResponseWriter, r *http.Request) (kiosk.RatingService, bool) {
	if s.Ratings == nil {
		s.writeError(w, r, errNoService)
		return nil, false
	}
	return s.Ratings, true
}

func counterID(r *http.Request) (int, error) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id <= 0 {
		return 0, kiosk.Invalid("id", "Số quầy không hợp lệ", "bad counter id")
	}
	return id, nil
}

// ratingForm answers the levels (3 or 5) and reasons the pads show.
func (s *Server) ratingForm(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.ratingService(w, r)
	if !ok {
		return
	}
	f, err := rs.Form(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// ratingPending answers the ticket a counter's pad should ask about, or not_found.
func (s *Server) ratingPending(w http.ResponseWriter, r *http.Request) {
	id, err := counterID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rs, ok := s.ratingService(w, r)
	if !ok {
		return
	}
	req, err := rs.Pending(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}

// rateAtCounter takes the answer tapped on a counter's pad.
func (s *Server) rateAtCounter(w http.ResponseWriter, r *http.Request) {
	var body struct {
		TicketID int64 `json:"ticket_id"`
		kiosk.RatingAnswer
	}
	id, err := counterID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	takeRating(s, w, r, s.Ratings, 1<<10, &body, func(rs kiosk.RatingService) (ratedAnswer, error) {
		rated, err := rs.RateAtCounter(r.Context(), id, body.TicketID, body.RatingAnswer)
		return answerOf(rated), err
	})
}

// ratingLookup tells the kiosk which ticket a scanned code names (or, for a receipt's
// QR, which returned dossier to assess), before anyone taps, or why it cannot be rated. Limited like a rating: it would otherwise let a LAN client try
// codes.
func (s *Server) ratingLookup(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Code string `json:"code"`
	}
	if err := s.readRatingBody(w, r, 1<<10, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	// A receipt's QR names a returned dossier to assess (when the province asks for it).
	if req, ok, err := s.receiptLookup(r, body.Code); ok {
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, req)
		return
	}
	rs, ok := s.ratingService(w, r)
	if !ok {
		return
	}
	req, err := rs.Lookup(r.Context(), body.Code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}

// rateByCode takes the answer for the ticket a scanned code names.
func (s *Server) rateByCode(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Code string `json:"code"`
		kiosk.RatingAnswer
	}
	takeRating(s, w, r, s.Ratings, 1<<10, &body, func(rs kiosk.RatingService) (ratedAnswer, error) {
		rated, err := rs.RateByCode(r.Context(), body.Code, body.RatingAnswer)
		return answerOf(rated), err
	})
}

// ratingList answers the ratings of ?from=..&to= (default: today), for admins: each names
// the clerk, which is why clerks may not read it.
func (s *Server) ratingList(w http.ResponseWriter, r *http.Request) {
	dayList(s, w, r, s.Ratings, kiosk.RatingService.Ratings)
}

// takeRating is the path of every public write from a pad or the kiosk, a rating or an
// assessment, at a counter or by a scanned code: the body (at most n bytes) is read and
// counted against its source's share before the service svc (a Server field, nil when off)
// is asked, and what store gives back is answered 201. One path so that the four writes
// cannot drift apart on the limit or the order of their refusals.
func takeRating[S, A any](s *Server, w http.ResponseWriter, r *http.Request, svc S, n int64, body any, store func(S) (A, error)) {
	if err := s.readRatingBody(w, r, n, body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !serviceOn(s, w, r, svc) {
		return
	}
	answer, err := store(svc)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, answer)
}

// dayList answers, for admins only, what list gives for the local days ?from=..&to=: from
// defaults to today, to to the later of from and today. Ratings and assessments both name
// the clerks, so their lists share the guard and the range.
func dayList[S, L any](s *Server, w http.ResponseWriter, r *http.Request, svc S, list func(S, context.Context, string, string) (L, error)) {
	if err := s.Authorize(r, string(kiosk.RoleAdmin)); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !serviceOn(s, w, r, svc) {
		return
	}
	today := kiosk.LocalDay(s.Clock())
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if from == "" {
		from = today
	}
	if to == "" {
		to = max(from, today)
	}
	l, err := list(svc, r.Context(), from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}

// serviceOn answers EUNAVAILABLE and false when svc, a Server's service field of interface
// type, is nil (the generic handlers' ratingService).
func serviceOn[S any](s *Server, w http.ResponseWriter, r *http.Request, svc S) bool {
	if any(svc) == nil {
		s.writeError(w, r, errNoService)
		return false
	}
	return true
}

// readRatingBody decodes a pad's or the kiosk's body (at most n bytes), then counts the
// request against its source's share: a malformed body is refused without using it up.
func (s *Server) readRatingBody(w http.ResponseWriter, r *http.Request, n int64, body any) error {
	if err := decodeJSON(w, r, n, body); err != nil {
		return err
	}
	return s.limitRating(r)
}

// limitRating refuses r with ETOOMANY once its source has sent its share of ratings and
// look-ups: a pad sends one per villager served. The kiosk window is exempt.
func (s *Server) limitRating(r *http.Request) error {
	return s.limit(s.ratingsLimit, r, "Máy này đã gửi quá nhiều đánh giá trong thời gian ngắn.",
		"too many ratings from this device")
}
