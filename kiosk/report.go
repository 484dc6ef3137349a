package kiosk

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Reports are the commune's own measures of its desk: tickets issued, served and missed,
// waiting and service times, satisfaction from the rating pad, dossiers on time, and how
// counters' working time was used. They are not the national Decision 766/QĐ-TTg score,
// whose satisfaction item is computed from overdue and complained-about dossiers, and they
// must not be presented as it.

// ReportPeriod is how a report's days are grouped.
type ReportPeriod string

// Periods: a day, an ISO week (Monday to Sunday), a calendar month.
const (
	PeriodDay   ReportPeriod = "day"
	PeriodWeek  ReportPeriod = "week"
	PeriodMonth ReportPeriod = "month"
)

// ReportBy is what a report's rows are per.
type ReportBy string

// Rows per line (service), per counter or per clerk.
const (
	ByLine    ReportBy = "line"
	ByCounter ReportBy = "counter"
	ByClerk   ReportBy = "clerk"
)

// MaxReportDays bounds a report's range: a year and a day.
const MaxReportDays = 366

// ReportQuery asks for a report: local days From to To inclusive ("2006-01-02").
type ReportQuery struct {
	From   string       `json:"from"`
	To     string       `json:"to"`
	Period ReportPeriod `json:"period"`
	By     ReportBy     `json:"by"`
}

// Range returns the first instant of From and the instant after To, in Zone, or EINVALID
// naming the parameter at fault.
func (q ReportQuery) Range() (from, to time.Time, err error) {
	from, err1 := time.ParseInLocation(time.DateOnly, q.From, Zone)
	last, err2 := time.ParseInLocation(time.DateOnly, q.To, Zone)
	switch {
	case err1 != nil:
		return from, to, Invalid("from", "«Từ ngày» phải có dạng YYYY-MM-DD", "from must be YYYY-MM-DD")
	case err2 != nil:
		return from, to, Invalid("to", "«Đến ngày» phải có dạng YYYY-MM-DD", "to must be YYYY-MM-DD")
	case last.Before(from):
		return from, to, Invalid("to", "«Đến ngày» phải sau hoặc bằng «Từ ngày»", "to must not be before from")
	case last.Sub(from) >= MaxReportDays*24*time.Hour:
		return from, to, Invalid("to", fmt.Sprintf("Một báo cáo tối đa %d ngày", MaxReportDays), fmt.Sprintf("a report covers at most %d days", MaxReportDays))
	}
	switch q.Period {
	case PeriodDay, PeriodWeek, PeriodMonth:
	default:
		return from, to, Invalid("period", "«Theo» phải là ngày, tuần hoặc tháng (day, week, month)", "period must be day, week or month")
	}
	switch q.By {
	case ByLine, ByCounter, ByClerk:
	default:
		return from, to, Invalid("by", "«Chia theo» phải là dịch vụ, quầy hoặc cán bộ (line, counter, clerk)", "by must be line, counter or clerk")
	}
	return from, last.AddDate(0, 0, 1), nil
}

// BucketOf returns the first day of the period that day falls in: the day itself, the
// Monday of its ISO week, or the first of its month.
func (p ReportPeriod) BucketOf(day time.Time) time.Time {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, Zone)
	switch p {
	case PeriodWeek:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case PeriodMonth:
		return day.AddDate(0, 0, 1-day.Day())
	}
	return day
}

// next returns the first day of the period after the one starting at b.
func (p ReportPeriod) next(b time.Time) time.Time {
	switch p {
	case PeriodWeek:
		return b.AddDate(0, 0, 7)
	case PeriodMonth:
		return b.AddDate(0, 1, 0)
	}
	return b.AddDate(0, 0, 1)
}

// Report is the answer: figures per period (Rows), per group over the whole range
// (Totals) and for everything (Total). Groups and Buckets list the rows' keys in order,
// with names people read.
type Report struct {
	ReportQuery
	Buckets []ReportBucket `json:"buckets"`
	Groups  []ReportGroup  `json:"groups"`
	Rows    []ReportRow    `json:"rows"`
	Totals  []ReportRow    `json:"totals"`
	Total   ReportFigures  `json:"total"`
	// Ratings and Dossiers say whether those figures exist at all on this kiosk (the rating
	// pad and the dossier register may not be in use); absent figures are not zeros.
	Ratings  bool `json:"ratings"`
	Dossiers bool `json:"dossiers"`
	// Assessment is the nine indicators' averages over the whole range, present only while
	// the province has the assessment on (QueueConfig.RatingAssessment); its Note says it
	// is not the Decision 766 score.
	Assessment *AssessmentFigures `json:"assessment,omitempty"`
}

// ReportBucket is one period: days From to To inclusive (To is cut at the report's end).
type ReportBucket struct {
	Key  string `json:"key"` // From
	From string `json:"from"`
	To   string `json:"to"`
}

// ReportGroup is one line, counter or clerk, by its key and its name.
type ReportGroup struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// ReportRow is a group's figures in one bucket (Bucket "" in Totals).
type ReportRow struct {
	Bucket string `json:"bucket,omitempty"`
	Group  string `json:"group"`
	ReportFigures
}

// ReportFigures are the measures. Times are seconds. Satisfaction and dossier figures are
// nil when the kiosk has none of them in that row.
type ReportFigures struct {
	Issued      int     `json:"issued"`
	Served      int     `json:"served"`
	NoShows     int     `json:"no_shows"`
	WaitMean    float64 `json:"wait_mean_s"`
	WaitP90     float64 `json:"wait_p90_s"`
	ServiceMean float64 `json:"service_mean_s"`
	ServiceP90  float64 `json:"service_p90_s"`
	// Counter time: for counters, and for clerks by the time they held a counter.
	OpenSeconds   float64 `json:"open_s"`
	PausedSeconds float64 `json:"paused_s"`
	ClosedSeconds float64 `json:"closed_s"`

	Satisfaction *Satisfaction   `json:"satisfaction,omitempty"`
	Dossiers     *DossierFigures `json:"dossiers,omitempty"`
}

// Satisfaction sums ratings: Satisfied counts "Hài lòng" and above; Rate is Satisfied /
// Count (0 to 1); Reasons counts the reasons tapped after "Không hài lòng".
type Satisfaction struct {
	Count     int            `json:"count"`
	Satisfied int            `json:"satisfied"`
	Rate      float64        `json:"rate"`
	Reasons   map[string]int `json:"reasons"`
}

// DossierFigures counts dossiers received in the period and, of those finished, how many
// by their appointment date (OnTime) or after it (Late); an unfinished dossier past its
// date is late too.
type DossierFigures struct {
	Received int `json:"received"`
	OnTime   int `json:"on_time"`
	Late     int `json:"late"`
}

// RatingFact is one rating as the reports read it.
type RatingFact struct {
	Day       string   // local day of the ticket
	CounterID int      //
	StaffID   string   //
	ServiceID string   //
	Score     int      // 1 (least satisfied) to Scale
	Scale     int      // 3 or 5
	Reasons   []string // after "Không hài lòng"
}

// Satisfied says whether the rating is "Hài lòng" or better: the top two of three levels
// (Rất hài lòng, Hài lòng), the top two of five.
func (r RatingFact) Satisfied() bool { return r.Score >= r.Scale-1 }

// RatingSource gives the ratings of tickets of days [from, to). Nil until the rating pad
// keeps ratings; reports then say they have none.
type RatingSource interface {
	RatingFacts(ctx context.Context, from, to string) ([]RatingFact, error)
}

// DossierFact is one dossier as the reports read it.
type DossierFact struct {
	Day       string    // local day it was received
	CounterID int       //
	StaffID   string    //
	ServiceID string    // the line of its procedure's field
	Due       time.Time // the appointment date (hẹn trả)
	Finished  time.Time // when it was returned or its result made ready; zero while open
}

// DossierSource gives the dossiers received on days [from, to). Nil while the kiosk keeps
// no dossier register.
type DossierSource interface {
	DossierFacts(ctx context.Context, from, to string) ([]DossierFact, error)
}

// CounterSpan is a stretch of a counter's day in one state (CounterPeriod with its counter).
type CounterSpan struct {
	CounterID int
	CounterPeriod
}

// ReportService answers reports; admins and clerks may read them. EINVALID names the
// parameter at fault.
type ReportService interface {
	Report(ctx context.Context, q ReportQuery) (Report, error)
}

// ReportInput is what BuildReport counts: the tickets of the range's days, the counters'
// spans, ratings and dossiers (nil when the kiosk keeps none), the names to show, and now
// (a dossier still open past its date is late as of now).
type ReportInput struct {
	Tickets  []Ticket
	Spans    []CounterSpan
	Ratings  []RatingFact
	Dossiers []DossierFact
	// HasRatings and HasDossiers say whether the sources exist at all.
	HasRatings, HasDossiers bool
	Names                   map[string]string // group key → name; unknown keys show as themselves
	Order                   []string          // group keys in the order to list them first
	Now                     time.Time
}

// BuildReport counts in into the report q asks for. q must have a valid Range.
func BuildReport(q ReportQuery, in ReportInput) Report {
	from, to, _ := q.Range()
	r := Report{ReportQuery: q, Buckets: []ReportBucket{}, Groups: []ReportGroup{}, Rows: []ReportRow{}, Totals: []ReportRow{},
		Ratings: in.HasRatings, Dossiers: in.HasDossiers}
	for b := q.Period.BucketOf(from); b.Before(to); b = q.Period.next(b) {
		start, end := b, q.Period.next(b).AddDate(0, 0, -1)
		if start.Before(from) {
			start = from
		}
		if !end.Before(to) {
			end = to.AddDate(0, 0, -1)
		}
		r.Buckets = append(r.Buckets, ReportBucket{Key: start.Format(time.DateOnly), From: start.Format(time.DateOnly), To: end.Format(time.DateOnly)})
	}
	bucketOf := func(day string) string {
		d, err := time.ParseInLocation(time.DateOnly, day, Zone)
		if err != nil {
			return ""
		}
		b := q.Period.BucketOf(d)
		if b.Before(from) {
			b = from
		}
		return b.Format(time.DateOnly)
	}

	type key struct{ bucket, group string }
	cells := map[key]*tally{}
	groups := map[string]bool{}
	var total tally
	cell := func(bucket, group string) []*tally {
		groups[group] = true
		k := key{bucket, group}
		if cells[k] == nil {
			cells[k] = &tally{}
		}
		kt := key{"", group}
		if cells[kt] == nil {
			cells[kt] = &tally{}
		}
		return []*tally{cells[k], cells[kt], &total}
	}
	groupOf := func(service string, counter int, staff string) string {
		switch q.By {
		case ByCounter:
			if counter == 0 {
				return ""
			}
			return fmt.Sprint(counter)
		case ByClerk:
			return staff
		}
		return service
	}
	for _, t := range in.Tickets {
		g := groupOf(t.ServiceID, t.CounterID, t.StaffID)
		if g == "" { // never called: it counts in the total only
			total.ticket(t)
			continue
		}
		for _, c := range cell(bucketOf(t.Day), g) {
			c.ticket(t)
		}
	}
	if q.By != ByLine {
		for _, s := range in.Spans {
			g := groupOf("", s.CounterID, s.StaffID)
			if g == "" {
				continue
			}
			// The total's counter time sums every counter's, whatever the grouping.
			for _, c := range cell(bucketOf(LocalDay(s.From)), g)[:2] {
				c.span(s)
			}
		}
	}
	for _, s := range in.Spans {
		total.span(s)
	}
	for _, f := range in.Ratings {
		if g := groupOf(f.ServiceID, f.CounterID, f.StaffID); g != "" {
			for _, c := range cell(bucketOf(f.Day), g)[:2] {
				c.rating(f)
			}
		}
		total.rating(f)
	}
	for _, d := range in.Dossiers {
		if g := groupOf(d.ServiceID, d.CounterID, d.StaffID); g != "" {
			for _, c := range cell(bucketOf(d.Day), g)[:2] {
				c.dossier(d, in.Now)
			}
		}
		total.dossier(d, in.Now)
	}

	rank := map[string]int{}
	for i, k := range in.Order {
		rank[k] = i + 1
	}
	for g := range groups {
		name := in.Names[g]
		if name == "" {
			name = g
		}
		r.Groups = append(r.Groups, ReportGroup{Key: g, Name: name})
	}
	sort.Slice(r.Groups, func(i, j int) bool {
		a, b := r.Groups[i], r.Groups[j]
		ra, rb := rank[a.Key], rank[b.Key]
		switch {
		case ra != rb && ra != 0 && rb != 0:
			return ra < rb
		case (ra == 0) != (rb == 0):
			return ra != 0
		}
		return a.Name < b.Name
	})
	for _, b := range r.Buckets {
		for _, g := range r.Groups {
			if c := cells[key{b.Key, g.Key}]; c != nil {
				r.Rows = append(r.Rows, ReportRow{Bucket: b.Key, Group: g.Key, ReportFigures: c.figures(in)})
			}
		}
	}
	for _, g := range r.Groups {
		r.Totals = append(r.Totals, ReportRow{Group: g.Key, ReportFigures: cells[key{"", g.Key}].figures(in)})
	}
	r.Total = total.figures(in)
	return r
}

// tally collects one row's samples: tickets, counter time, ratings, dossiers.
type tally struct {
	f             ReportFigures
	wait, service Durations
	sat           Satisfaction
	dossiers      DossierFigures
}

// group returns the ticket figures alone, as the day's statistics give them.
func (c *tally) group() GroupStats {
	return GroupStats{Issued: c.f.Issued, Served: c.f.Served, NoShows: c.f.NoShows,
		WaitMean: c.wait.Mean(), WaitP90: c.wait.P90(), ServiceMean: c.service.Mean(), ServiceP90: c.service.P90()}
}

func (c *tally) ticket(t Ticket) {
	c.f.Issued++
	if !t.CalledAt.IsZero() {
		c.wait = append(c.wait, t.CalledAt.Sub(t.IssuedAt))
	}
	switch t.Status {
	case TicketDone:
		c.f.Served++
		if !t.StartedAt.IsZero() && !t.FinishedAt.IsZero() {
			c.service = append(c.service, t.FinishedAt.Sub(t.StartedAt))
		}
	case TicketNoShow:
		c.f.NoShows++
	}
}

func (c *tally) span(s CounterSpan) {
	d := s.To.Sub(s.From).Seconds()
	switch s.Status {
	case CounterOpen:
		c.f.OpenSeconds += d
	case CounterPaused:
		c.f.PausedSeconds += d
	case CounterClosed:
		c.f.ClosedSeconds += d
	}
}

func (c *tally) rating(f RatingFact) {
	c.sat.Count++
	if f.Satisfied() {
		c.sat.Satisfied++
	}
	for _, r := range f.Reasons {
		if c.sat.Reasons == nil {
			c.sat.Reasons = map[string]int{}
		}
		c.sat.Reasons[r]++
	}
}

func (c *tally) dossier(d DossierFact, now time.Time) {
	c.dossiers.Received++
	switch {
	case !d.Finished.IsZero() && !d.Finished.After(d.Due):
		c.dossiers.OnTime++
	case !d.Finished.IsZero() || now.After(d.Due):
		c.dossiers.Late++
	}
}

func (c *tally) figures(in ReportInput) ReportFigures {
	f := c.f
	f.WaitMean, f.WaitP90 = c.wait.Mean(), c.wait.P90()
	f.ServiceMean, f.ServiceP90 = c.service.Mean(), c.service.P90()
	if in.HasRatings {
		s := c.sat
		if s.Reasons == nil {
			s.Reasons = map[string]int{}
		}
		if s.Count > 0 {
			s.Rate = float64(s.Satisfied) / float64(s.Count)
		}
		f.Satisfaction = &s
	}
	if in.HasDossiers {
		d := c.dossiers
		f.Dossiers = &d
	}
	return f
}
