package web

import (
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// routeAssessments: the nine-indicator assessment of a returned dossier, when the province
// turns it on (queue.rating_assessment). Like ratings, the pad's and the kiosk's writes
// are public, rate-limited per source and bounded by the service's windows; the list,
// which names the clerks, is for admins. The receipt's QR is read by POST
// /api/v1/ratings/lookup, the kiosk's one "rate later" scan (ratingLookup).
func (s *Server) routeAssessments(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/counters/{id}/assessment", s.assessAtCounter)
	mux.HandleFunc("POST /api/v1/assessments", s.assessByCode)
	mux.HandleFunc("GET /api/v1/admin/assessments", s.assessmentList)
}

// assessedAnswer is what a villager's screen hears back: which dossier was assessed.
type assessedAnswer struct {
	DossierCode string                 `json:"dossier_code"`
	Scores      kiosk.AssessmentScores `json:"scores"`
}

func assessedOf(a kiosk.Assessment) assessedAnswer {
	return assessedAnswer{DossierCode: a.DossierCode, Scores: a.Scores}
}

// assessAtCounter takes the answers tapped on a counter's pad after the faces:
// {ticket_id, dossier_code, scores}.
func (s *Server) assessAtCounter(w http.ResponseWriter, r *http.Request) {
	var body struct {
		TicketID    int64  `json:"ticket_id"`
		DossierCode string `json:"dossier_code"`
		kiosk.AssessmentAnswer
	}
	id, err := counterID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	takeRating(s, w, r, s.Assessments, 2<<10, &body, func(as kiosk.AssessmentService) (assessedAnswer, error) {
		a, err := as.AssessAtCounter(r.Context(), id, body.TicketID, body.DossierCode, body.AssessmentAnswer)
		return assessedOf(a), err
	})
}

// assessByCode takes the answers for the dossier a receipt's QR names: {code, scores}.
func (s *Server) assessByCode(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Code string `json:"code"`
		kiosk.AssessmentAnswer
	}
	takeRating(s, w, r, s.Assessments, 2<<10, &body, func(as kiosk.AssessmentService) (assessedAnswer, error) {
		a, err := as.AssessByCode(r.Context(), body.Code, body.AssessmentAnswer)
		return assessedOf(a), err
	})
}

// receiptLookup answers a receipt's QR scanned for "rate later": the returned dossier to
// assess, as a rating request with no ticket. ok is false when code is not a dossier code
// (the caller then answers its own error).
func (s *Server) receiptLookup(r *http.Request, code string) (kiosk.RatingRequest, bool, error) {
	if s.Assessments == nil {
		return kiosk.RatingRequest{}, false, nil
	}
	if _, err := kiosk.ParseDossierCode(code); err != nil {
		return kiosk.RatingRequest{}, false, nil
	}
	req, err := s.Assessments.Lookup(r.Context(), code)
	if err != nil {
		return kiosk.RatingRequest{}, true, err
	}
	return kiosk.RatingRequest{Assessment: &req}, true, nil
}

// assessmentList answers the assessments given on ?from=..&to= (default: today), for
// admins: each names the clerk who handed the result back.
func (s *Server) assessmentList(w http.ResponseWriter, r *http.Request) {
	dayList(s, w, r, s.Assessments, kiosk.AssessmentService.Assessments)
}
