package hub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// RatingEventKind is the outbox event a kiosk writes for each villager's rating
// (kiosk.Rating is its body). Ingest keeps a row per such event in the ratings table, so
// ratings per commune, counter and clerk are read from a table, not from raw events.
const RatingEventKind = "rating.given"

// ratingEvent is the body of a rating event as the hub reads it (the kiosk's kiosk.Rating;
// docs/sync.md lists its fields). Counter and staff ids are the kiosk's own: they name a
// counter or clerk within its commune. Class is the hub's, from Score and Scale.
type ratingEvent struct {
	TicketID    int64     `json:"ticket_id"`
	Day         string    `json:"day"`
	CounterID   int       `json:"counter_id"`
	StaffID     string    `json:"staff_id"`
	ServiceID   string    `json:"service_id"`
	DossierCode string    `json:"dossier_code"`
	Score       int       `json:"score"`
	Scale       int       `json:"scale"`
	Reasons     []string  `json:"reasons"`
	At          time.Time `json:"at"`
	Class       string    `json:"-"`
}

// Rating classes, comparable across the 3- and 5-level scales: the top two levels of
// either are satisfied, the bottom one (of three) or two (of five) dissatisfied, the
// middle of five neutral. The kiosk's kiosk.RatingClass draws the same line.
const (
	RatingSatisfied    = "satisfied"
	RatingNeutral      = "neutral"
	RatingDissatisfied = "dissatisfied"
)

func ratingClass(score, scale int) string {
	switch {
	case score >= scale-1:
		return RatingSatisfied
	case score <= (scale-1)/2:
		return RatingDissatisfied
	default:
		return RatingNeutral
	}
}

// ratingOf reads a rating event's body. It is false for any other event, and for a body
// that holds no sensible rating: such an event is still stored (the stream keeps no gap,
// and IT can read it), it only adds no row to the table.
func ratingOf(e wire.Event) (ratingEvent, bool) {
	if e.Kind != RatingEventKind {
		return ratingEvent{}, false
	}
	var r ratingEvent
	if err := json.Unmarshal(e.Body, &r); err != nil {
		return ratingEvent{}, false
	}
	if _, err := time.Parse(time.DateOnly, r.Day); err != nil || r.TicketID <= 0 || r.CounterID <= 0 ||
		(r.Scale != 3 && r.Scale != 5) || r.Score < 1 || r.Score > r.Scale {
		return ratingEvent{}, false
	}
	if r.At.IsZero() {
		r.At = e.CreatedAt
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	r.Class = ratingClass(r.Score, r.Scale)
	return r, true
}

// Groupings of RatingQuery.By.
const (
	ByCommune = "commune"
	ByCounter = "counter"
	ByStaff   = "staff"
)

// RatingQuery selects ratings and says how to group them. Empty fields match everything.
type RatingQuery struct {
	By       string // ByCommune, ByCounter or ByStaff (the default)
	Commune  string
	From, To string // local days, inclusive, "2006-01-02"
}

// RatingGroup is the ratings of one commune, one counter of a commune, or one clerk of a
// commune. SatisfiedRate is Satisfied/Ratings; Reasons counts each reason given.
type RatingGroup struct {
	Commune       string         `json:"commune"`
	CounterID     int            `json:"counter_id,omitempty"`
	StaffID       string         `json:"staff_id,omitempty"`
	Ratings       int            `json:"ratings"`
	Satisfied     int            `json:"satisfied"`
	Neutral       int            `json:"neutral"`
	Dissatisfied  int            `json:"dissatisfied"`
	SatisfiedRate float64        `json:"satisfied_rate"`
	Reasons       map[string]int `json:"reasons"`
}

// check validates q, filling the default grouping.
func (q *RatingQuery) check() error {
	switch q.By {
	case "":
		q.By = ByStaff
	case ByCommune, ByCounter, ByStaff:
	default:
		return fmt.Errorf("by must be commune, counter or staff, not %q", q.By)
	}
	return checkDays(q.From, q.To)
}

// checkDays refuses a day that is not YYYY-MM-DD (empty is no bound): the range of ratings
// and of assessments alike.
func checkDays(days ...string) error {
	for _, d := range days {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return fmt.Errorf("days are YYYY-MM-DD, not %q", d)
		}
	}
	return nil
}

// ratingCount is what a store counts, grouped under RatingQuery.By (the columns not
// grouped on are zero): how many ratings of a class, or how many times a reason was given.
type ratingCount struct {
	Commune   string
	CounterID int
	StaffID   string
	Class     string // set for a class count
	Reason    string // set for a reason count
	N         int
}

// foldRatingCounts turns a store's counts into groups sorted by commune, counter, clerk:
// the one place the totals and the rate are made, whatever the store.
func foldRatingCounts(counts []ratingCount) []RatingGroup {
	type key struct {
		commune string
		counter int
		staff   string
	}
	groups := map[key]*RatingGroup{}
	for _, c := range counts {
		k := key{c.Commune, c.CounterID, c.StaffID}
		g := groups[k]
		if g == nil {
			g = &RatingGroup{Commune: c.Commune, CounterID: c.CounterID, StaffID: c.StaffID, Reasons: map[string]int{}}
			groups[k] = g
		}
		switch {
		case c.Reason != "":
			g.Reasons[c.Reason] += c.N
		case c.Class == RatingSatisfied:
			g.Satisfied += c.N
		case c.Class == RatingNeutral:
			g.Neutral += c.N
		default:
			g.Dissatisfied += c.N
		}
	}
	out := make([]RatingGroup, 0, len(groups))
	for _, g := range groups {
		g.Ratings = g.Satisfied + g.Neutral + g.Dissatisfied
		if g.Ratings > 0 {
			g.SatisfiedRate = float64(g.Satisfied) / float64(g.Ratings)
		}
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Commune != b.Commune {
			return a.Commune < b.Commune
		}
		if a.CounterID != b.CounterID {
			return a.CounterID < b.CounterID
		}
		return a.StaffID < b.StaffID
	})
	return out
}

// apiRatings lists ratings per commune, counter or clerk:
// GET /admin/v1/ratings?by=staff|counter|commune&commune=&from=&to=[&format=csv].
func (s *Server) apiRatings(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := RatingQuery{By: v.Get("by"), Commune: v.Get("commune"), From: v.Get("from"), To: v.Get("to")}
	if err := q.check(); err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: err.Error(),
			ReasonVI: "Tham số không hợp lệ: by là commune, counter hoặc staff; ngày dạng YYYY-MM-DD"})
		return
	}
	cluster, ok := s.clusterOf(w, r, q.Commune)
	if !ok {
		return
	}
	groups, err := s.Store.RatingGroups(r.Context(), q)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	groups = inCluster(groups, cluster, func(g RatingGroup) string { return g.Commune })
	if v.Get("format") != "csv" {
		writeJSON(w, http.StatusOK, groups)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ratings-by-`+q.By+`.csv"`)
	writeRatingsCSV(w, groups)
}

// writeRatingsCSV writes groups as CSV for a spreadsheet, one reasons column ("attitude=2; other=1").
func writeRatingsCSV(w http.ResponseWriter, groups []RatingGroup) {
	c := kiosk.NewSpreadsheetCSV(w)
	_ = c.Write([]string{"commune", "counter_id", "staff_id", "ratings", "satisfied", "neutral", "dissatisfied", "satisfied_rate", "reasons"})
	for _, g := range groups {
		reasons := make([]string, 0, len(g.Reasons))
		for why, n := range g.Reasons {
			reasons = append(reasons, why+"="+strconv.Itoa(n))
		}
		sort.Strings(reasons)
		counter := ""
		if g.CounterID != 0 {
			counter = strconv.Itoa(g.CounterID)
		}
		_ = c.Write([]string{g.Commune, counter, g.StaffID, strconv.Itoa(g.Ratings), strconv.Itoa(g.Satisfied), strconv.Itoa(g.Neutral),
			strconv.Itoa(g.Dissatisfied), strconv.FormatFloat(g.SatisfiedRate, 'f', 4, 64), strings.Join(reasons, "; ")})
	}
	_ = c.Flush()
}

// sql gives the two queries a store runs for RatingGroups, counts per class and counts per
// reason, and their arguments. placeholder writes the store's n-th parameter ("?" or "$n");
// reasons is the table function that unnests a row's JSON array of reasons as j(value).
func (q RatingQuery) sql(placeholder func(n int) string, reasons string) (queries [2]string, args []any) {
	counter, staff := "0", "''"
	switch q.By {
	case ByCounter:
		counter = "r.counter_id"
	case ByStaff:
		staff = "r.staff_id"
	}
	cond, args := communeDaysWhere("r", q.Commune, q.From, q.To, placeholder)
	keys := `r.commune, ` + counter + `, ` + staff
	return [2]string{
		`SELECT ` + keys + `, r.class, '', count(*) FROM ratings r` + cond + ` GROUP BY 1, 2, 3, 4`,
		`SELECT ` + keys + `, '', j.value, count(*) FROM ratings r, ` + reasons + cond + ` GROUP BY 1, 2, 3, 5`,
	}, args
}

// communeDaysWhere is the condition on table alias's commune and day (inclusive) columns,
// with the store's placeholders: empty values select everything. Ratings and assessments
// are both read per commune over a range of local days.
func communeDaysWhere(alias, commune, from, to string, placeholder func(n int) string) (string, []any) {
	var where []string
	var args []any
	for _, f := range []struct{ cond, v string }{{".commune = ", commune}, {".day >= ", from}, {".day <= ", to}} {
		if f.v != "" {
			args = append(args, f.v)
			where = append(where, alias+f.cond+placeholder(len(args)))
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// fields are c's columns in the order of q.sql's queries.
func (c *ratingCount) fields() []any {
	return []any{&c.Commune, &c.CounterID, &c.StaffID, &c.Class, &c.Reason, &c.N}
}

// scanCounts appends a C per row of rows to counts, each scanned into fields(&c): how both
// stores read the counts of ratings and of assessments (pgCounts, sqliteCounts), so the
// drivers differ only in how they run a query.
func scanCounts[C any](rows resultRows, counts []C, fields func(*C) []any) ([]C, error) {
	for rows.Next() {
		var c C
		if err := rows.Scan(fields(&c)...); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}
