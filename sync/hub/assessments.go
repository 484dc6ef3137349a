package hub

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// AssessmentEventKind is the outbox event a kiosk writes for each returned dossier's
// nine-indicator assessment (kiosk.Assessment is its body). Ingest keeps one row per
// dossier of a commune in the assessments table (the first event wins), so the province
// reads them per dossier and summed per commune, not from raw events.
const AssessmentEventKind = "assessment.given"

// assessmentIndicators are the nine ids with each one's highest score: the first seven
// score 0–2, convenience and overall 1–3 (kiosk.AssessmentIndicators).
var assessmentIndicators = map[string]int{
	"total_time": 2, "body_time": 2, "contacts": 2, "bodies": 2, "one_stop": 2, "disclosed": 2, "attitude": 2,
	"convenience": 3, "overall": 3,
}

// assessmentEvent is the body of an assessment event as the hub reads it.
type assessmentEvent struct {
	DossierCode string         `json:"dossier_code"`
	Procedure   string         `json:"procedure"`
	ServiceID   string         `json:"service_id"`
	Day         string         `json:"day"`
	StaffID     string         `json:"staff_id"`
	CounterID   int            `json:"counter_id"`
	Scores      map[string]int `json:"scores"`
	Via         string         `json:"via"`
	At          time.Time      `json:"at"`
}

// assessmentOf reads an assessment event's body; false for any other event and for a body
// that holds no sensible assessment (still stored as an event, it adds no row).
func assessmentOf(e wire.Event) (assessmentEvent, bool) {
	if e.Kind != AssessmentEventKind {
		return assessmentEvent{}, false
	}
	var a assessmentEvent
	if err := json.Unmarshal(e.Body, &a); err != nil {
		return assessmentEvent{}, false
	}
	if _, err := time.Parse(time.DateOnly, a.Day); err != nil || a.DossierCode == "" || len(a.DossierCode) > 64 {
		return assessmentEvent{}, false
	}
	for id, v := range a.Scores {
		top, ok := assessmentIndicators[id]
		if !ok || v < 0 || v > top {
			return assessmentEvent{}, false
		}
	}
	if a.Scores == nil {
		a.Scores = map[string]int{}
	}
	if a.At.IsZero() {
		a.At = e.CreatedAt
	}
	return a, true
}

// AssessmentQuery selects assessments by commune and local days (inclusive); empty
// fields match everything.
type AssessmentQuery struct {
	Commune  string
	From, To string
}

func (q AssessmentQuery) check() error { return checkDays(q.From, q.To) }

// where gives the query's condition on table alias a, with the store's placeholders.
func (q AssessmentQuery) where(placeholder func(n int) string) (string, []any) {
	return communeDaysWhere("a", q.Commune, q.From, q.To, placeholder)
}

// AssessmentSummary is one commune's assessments: how many dossiers, and each indicator's
// average over those that scored it (an indicator nobody scored is absent).
type AssessmentSummary struct {
	Commune     string             `json:"commune"`
	Assessments int                `json:"assessments"`
	Averages    map[string]float64 `json:"averages"`
	Scored      map[string]int     `json:"scored"`
}

// assessmentCount is what a store counts: per commune, rows (Indicator "") or one
// indicator's scores and their sum.
type assessmentCount struct {
	Commune   string
	Indicator string
	N, Sum    int
}

// fields are c's columns in the order of the stores' queries: commune, indicator, n, sum.
func (c *assessmentCount) fields() []any { return []any{&c.Commune, &c.Indicator, &c.N, &c.Sum} }

// foldAssessmentCounts makes the summaries, sorted by commune: the one place the averages
// are made, whatever the store.
func foldAssessmentCounts(counts []assessmentCount) []AssessmentSummary {
	by := map[string]*AssessmentSummary{}
	sums := map[[2]string]int{}
	for _, c := range counts {
		s := by[c.Commune]
		if s == nil {
			s = &AssessmentSummary{Commune: c.Commune, Averages: map[string]float64{}, Scored: map[string]int{}}
			by[c.Commune] = s
		}
		if c.Indicator == "" {
			s.Assessments += c.N
			continue
		}
		s.Scored[c.Indicator] += c.N
		sums[[2]string{c.Commune, c.Indicator}] += c.Sum
	}
	out := make([]AssessmentSummary, 0, len(by))
	for _, s := range by {
		for id, n := range s.Scored {
			s.Averages[id] = float64(sums[[2]string{s.Commune, id}]) / float64(n)
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Commune < out[j].Commune })
	return out
}

// apiAssessments sums the nine-indicator assessments per commune:
// GET /admin/v1/assessments?commune=&from=&to=. Like every province figure here, they are
// the communes' own measures, not the Decision 766 score.
func (s *Server) apiAssessments(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := AssessmentQuery{Commune: v.Get("commune"), From: v.Get("from"), To: v.Get("to")}
	if err := q.check(); err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: err.Error(),
			ReasonVI: "Tham số không hợp lệ: ngày dạng YYYY-MM-DD"})
		return
	}
	cluster, ok := s.clusterOf(w, r, q.Commune)
	if !ok {
		return
	}
	list, err := s.Store.AssessmentSummaries(r.Context(), q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	list = inCluster(list, cluster, func(a AssessmentSummary) string { return a.Commune })
	writeJSON(w, http.StatusOK, list)
}
