package kiosk

import (
	"context"
	"time"
)

// Assessment is the đánh giá việc giải quyết thủ tục hành chính of one returned dossier: the
// nine indicators deployed systems store per dossier (domain/ratings.md). Those the
// dossier's own record answers are computed from it (ComputeAssessment), never asked; the
// others are asked of the villager on the rating pad, or at the kiosk with the receipt's
// QR. One per dossier. It is the commune's own measure, not the national Decision
// 766/QĐ-TTg score (AssessmentNote).
type Assessment struct {
	DossierCode string    `json:"dossier_code"`
	Procedure   string    `json:"procedure"`  // the procedure's code in the catalog
	ServiceID   string    `json:"service_id"` // the line of its field
	Day         string    `json:"day"`        // local day the assessment was given
	ReturnedAt  time.Time `json:"returned_at"`
	StaffID     string    `json:"staff_id"` // the clerk who handed the result back
	// CounterID and TicketID are the counter and visit of a pad's assessment (0 by QR).
	CounterID int   `json:"counter_id,omitempty"`
	TicketID  int64 `json:"ticket_id,omitempty"`
	// Scores holds each indicator scored, by AssessmentIndicator ID; one the villager
	// skipped, or the record cannot answer (no appointment), is absent, never 0.
	Scores AssessmentScores `json:"scores"`
	// Bodies is how body_time was judged: each body that held the dossier.
	Bodies []BodyTime `json:"bodies"`
	Via    string     `json:"via"` // RatingViaPad or RatingViaQR
	At     time.Time  `json:"at"`
}

// AssessmentScores maps indicator ids to scores.
type AssessmentScores map[string]int

// BodyTime is one body's hold of a dossier, from the tracking sheet: the office time it
// held it, and how much of that was after the appointment. Body "" is the commune's own
// desk and staff; others are named as the hand-over or forward named them.
type BodyTime struct {
	Body        string  `json:"body"`
	HeldSeconds float64 `json:"held_s"`
	LateSeconds float64 `json:"late_s"`
}

// Indicator ids, in the order of the nine.
const (
	IndTotalTime   = "total_time"  // total time against the statutory time (computed)
	IndBodyTime    = "body_time"   // each body's time (computed from the hand-overs)
	IndContacts    = "contacts"    // contacts needed to complete the dossier (computed from supplement requests)
	IndBodies      = "bodies"      // bodies the villager had to contact (asked)
	IndOneStop     = "one_stop"    // received, handled and returned at the one-stop desk (computed)
	IndDisclosed   = "disclosed"   // the procedure was publicly disclosed (computed: in the published catalog)
	IndAttitude    = "attitude"    // staff attitude (asked)
	IndConvenience = "convenience" // convenience (asked, three-level scale)
	IndOverall     = "overall"     // overall service (asked, three-level scale)
)

// AssessmentChoice is one large button of an asked indicator.
type AssessmentChoice struct {
	Score  int    `json:"score"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// AssessmentIndicator is one of the nine. The first seven score 2/1/0, the last two use
// the pad's three-level scale (3 Rất hài lòng, 2 Hài lòng, 1 Không hài lòng).
type AssessmentIndicator struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	NameEN   string `json:"name_en"`
	Min      int    `json:"min"`
	Max      int    `json:"max"`
	Computed bool   `json:"computed"`
	// Question and Choices are what the villager is asked (asked indicators only), best
	// first.
	Question   string             `json:"question,omitempty"`
	QuestionEN string             `json:"question_en,omitempty"`
	Choices    []AssessmentChoice `json:"choices,omitempty"`
}

var threeLevels = []AssessmentChoice{
	{Score: 3, Name: "Rất hài lòng", NameEN: "Very satisfied"},
	{Score: 2, Name: "Hài lòng", NameEN: "Satisfied"},
	{Score: 1, Name: "Không hài lòng", NameEN: "Dissatisfied"},
}

// AssessmentIndicators are the nine, in their order.
var AssessmentIndicators = []AssessmentIndicator{
	{ID: IndTotalTime, Name: "Tổng thời gian giải quyết so với thời gian quy định", NameEN: "Total time against the statutory time", Max: 2, Computed: true},
	{ID: IndBodyTime, Name: "Thời gian thực hiện của từng cơ quan, đơn vị", NameEN: "Each body's time", Max: 2, Computed: true},
	{ID: IndContacts, Name: "Số lần phải liên hệ để hoàn thiện hồ sơ", NameEN: "Contacts needed to complete the dossier", Max: 2, Computed: true},
	{ID: IndBodies, Name: "Số cơ quan, đơn vị phải liên hệ", NameEN: "Bodies contacted", Max: 2,
		Question:   "Ngoài bộ phận một cửa, quý vị có phải đến cơ quan, đơn vị nào khác để hoàn thiện hồ sơ không?",
		QuestionEN: "Besides the one-stop desk, did you have to go to any other office to complete the dossier?",
		Choices: []AssessmentChoice{
			{Score: 2, Name: "Không phải đi nơi nào khác", NameEN: "No other office"},
			{Score: 1, Name: "Thêm 1 nơi", NameEN: "One more office"},
			{Score: 0, Name: "Từ 2 nơi trở lên", NameEN: "Two or more"},
		}},
	{ID: IndOneStop, Name: "Tiếp nhận, giải quyết và trả kết quả tại bộ phận một cửa", NameEN: "Handled at the one-stop desk", Max: 2, Computed: true},
	{ID: IndDisclosed, Name: "Thủ tục được công khai", NameEN: "The procedure was publicly disclosed", Max: 2, Computed: true},
	{ID: IndAttitude, Name: "Thái độ của cán bộ", NameEN: "Staff attitude", Max: 2,
		Question:   "Cán bộ đã phục vụ quý vị thế nào?",
		QuestionEN: "How did the staff treat you?",
		Choices: []AssessmentChoice{
			{Score: 2, Name: "Nhiệt tình, chu đáo", NameEN: "Helpful and attentive"},
			{Score: 1, Name: "Bình thường", NameEN: "Ordinary"},
			{Score: 0, Name: "Chưa nhiệt tình, gây phiền hà", NameEN: "Unhelpful, made it hard"},
		}},
	{ID: IndConvenience, Name: "Sự thuận tiện", NameEN: "Convenience", Min: 1, Max: 3,
		Question: "Quý vị thấy việc làm thủ tục có thuận tiện không?", QuestionEN: "How convenient was it to do this procedure?",
		Choices: threeLevels},
	{ID: IndOverall, Name: "Mức độ hài lòng chung", NameEN: "Overall service", Min: 1, Max: 3,
		Question: "Nhìn chung, quý vị hài lòng với việc giải quyết hồ sơ này không?", QuestionEN: "Overall, how satisfied are you with how this dossier was handled?",
		Choices: threeLevels},
}

// AssessmentNote says what the assessment is, wherever its figures are shown.
const AssessmentNote = "Đánh giá 9 chỉ số theo từng hồ sơ đã trả kết quả, do kiosk tự tính (thời gian, bổ sung, liên thông, công khai) " +
	"và do người dân chọn trên máy đánh giá. Đây là số liệu riêng của xã, không phải điểm chấm theo Quyết định 766/QĐ-TTg."

// AssessmentNoteEN is AssessmentNote in English.
const AssessmentNoteEN = "The nine indicators per returned dossier, computed by the kiosk (time, supplements, forwarding, disclosure) " +
	"and chosen by villagers on the rating pad. The commune's own figures, not the Decision 766/QĐ-TTg score."

// Windows in which a returned dossier may be assessed: on the pad, after the visit's
// ticket was finished (the faces come first, then up to four questions); at the kiosk by
// the receipt's QR, after the return.
const (
	AssessmentPadWindow = 15 * time.Minute
	AssessmentQRWindow  = 30 * 24 * time.Hour
)

// AskedIndicators returns the indicators asked of the villager, in order.
func AskedIndicators() []AssessmentIndicator {
	var out []AssessmentIndicator
	for _, ind := range AssessmentIndicators {
		if !ind.Computed {
			out = append(out, ind)
		}
	}
	return out
}

func indicatorByID(id string) (AssessmentIndicator, bool) {
	for _, ind := range AssessmentIndicators {
		if ind.ID == id {
			return ind, true
		}
	}
	return AssessmentIndicator{}, false
}

// AssessmentAnswer is what the villager tapped: asked indicators by id; one skipped is
// absent.
type AssessmentAnswer struct {
	Scores AssessmentScores `json:"scores"`
}

// Clean checks a: only asked indicators, each score one of its choices. EINVALID names
// the indicator at fault. An answer with nothing chosen is valid (everything skipped):
// the computed indicators are still stored.
func (a AssessmentAnswer) Clean() (AssessmentScores, error) {
	out := AssessmentScores{}
	for id, score := range a.Scores {
		ind, ok := indicatorByID(id)
		if !ok || ind.Computed {
			return nil, Invalid("scores."+id, "Câu hỏi đánh giá không hợp lệ: "+id, "not an asked indicator: "+id)
		}
		valid := false
		for _, c := range ind.Choices {
			valid = valid || c.Score == score
		}
		if !valid {
			return nil, Invalid("scores."+id, "Lựa chọn không hợp lệ cho câu «"+ind.Name+"»", "bad score for "+id)
		}
		out[id] = score
	}
	return out, nil
}

// AssessmentRequest is a returned dossier that may be assessed now, with the questions to
// ask. It names the procedure, never the applicant.
type AssessmentRequest struct {
	DossierCode string                `json:"dossier_code"`
	Procedure   string                `json:"procedure"` // its name
	ReturnedAt  time.Time             `json:"returned_at"`
	Questions   []AssessmentIndicator `json:"questions"`
}

// Late-time thresholds of total_time and body_time: on time (no office time after the
// appointment) scores 2; late by at most AssessLateGrace of office time (one working day,
// Deadlines.DayLength) scores 1; later scores 0.
func lateScore(late, day time.Duration) int {
	switch {
	case late <= 0:
		return 2
	case late <= day:
		return 1
	}
	return 0
}

// ComputeAssessment scores the indicators a returned dossier's record answers, from its
// tracking sheet (d.Events), by the office time of dl; published says its procedure is in
// the catalog the kiosk publishes. Rules (docs/dossiers.md, "Assessment"):
//
//   - The due time is the appointment given at intake, moved only by the return of
//     missing documents (the statutory clock's own rule); a reschedule (with its apology)
//     does not excuse lateness. The finish is the first time the result was ready or
//     handed back: a villager who collects late does not make the desk late.
//   - total_time: office time from the due time to the finish, scored by lateScore.
//     Absent when the dossier had no appointment.
//   - body_time: each body holding the dossier (the commune from intake; the body named
//     by each hand-over or forward; the commune again when it comes back) is judged by the
//     office time it held it after the due time; the worst body's score counts.
//   - contacts: no request to complete the dossier 2, one 1, two or more 0.
//   - one_stop: never forwarded to another level 2, forwarded 0.
//   - disclosed: in the published catalog 2, not 0.
func ComputeAssessment(d Dossier, dl Deadlines, published bool) (AssessmentScores, []BodyTime) {
	scores := AssessmentScores{}
	var due, finished time.Time
	supplements, forwarded := 0, false
	for _, e := range d.Events {
		switch e.Action {
		case ActionReceive, ActionSupplemented:
			due = e.Appointment
		case ActionSupplement:
			supplements++
		case ActionForward:
			forwarded = true
		}
		if finished.IsZero() && (e.Status == DossierReady || e.Status == DossierReturned) {
			finished = e.At
		}
	}
	if finished.IsZero() {
		finished = d.ClosedAt
	}
	scores[IndContacts] = max(0, 2-supplements)
	scores[IndOneStop] = 2
	if forwarded {
		scores[IndOneStop] = 0
	}
	scores[IndDisclosed] = 0
	if published {
		scores[IndDisclosed] = 2
	}
	bodies := bodyTimes(d.Events, due, finished, dl)
	if due.IsZero() || finished.IsZero() {
		return scores, bodies
	}
	day := dl.DayLength()
	scores[IndTotalTime] = lateScore(dl.Between(due, finished), day)
	worst := 2
	for _, b := range bodies {
		worst = min(worst, lateScore(time.Duration(b.LateSeconds*float64(time.Second)), day))
	}
	scores[IndBodyTime] = worst
	return scores, bodies
}

// bodyTimes splits the tracking sheet into the bodies that held the dossier until
// finished, with the office time each held it and held it after due (none when due is
// zero).
func bodyTimes(events []DossierEvent, due, finished time.Time, dl Deadlines) []BodyTime {
	var out []BodyTime
	holder, since := "", time.Time{}
	closeHold := func(end time.Time) {
		if since.IsZero() || end.Before(since) {
			return
		}
		b := BodyTime{Body: holder, HeldSeconds: dl.Between(since, end).Seconds()}
		if !due.IsZero() {
			b.LateSeconds = dl.Between(maxTime(since, due), end).Seconds()
		}
		out = append(out, b)
	}
	for _, e := range events {
		if !finished.IsZero() && e.At.After(finished) {
			break
		}
		switch e.Action {
		case ActionReceive:
			holder, since = "", e.At
		case ActionHandover, ActionForward:
			closeHold(e.At)
			holder, since = e.To, e.At
		case ActionBack:
			closeHold(e.At)
			holder, since = "", e.At
		}
	}
	if !finished.IsZero() {
		closeHold(finished)
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// AssessmentService records assessments of returned dossiers, when the province turns
// them on (QueueConfig.RatingAssessment); otherwise every method but Assessments answers
// ENOTFOUND ("not asked here"). The pad and the kiosk are public screens: the public
// methods take only what those screens know, bounded by AssessmentPadWindow and
// AssessmentQRWindow; refusals are kiosk.Errors with Vietnamese for the villager.
type AssessmentService interface {
	// ForTicket returns the dossier to assess after ticketID's rating: one its clerk handed
	// back while serving it, not yet assessed; nil when none (or the setting is off).
	// The rating pad calls it through RatingService.Pending.
	ForTicket(ctx context.Context, t Ticket) (*AssessmentRequest, error)
	// AssessAtCounter records the answer given on counterID's pad for the dossier code
	// returned during ticketID's visit, with its outbox event "assessment.given".
	// ECONFLICT when the dossier is assessed already (a second tap, a replayed QR), was not
	// returned during that visit at that counter, or the window has passed. Anyone.
	AssessAtCounter(ctx context.Context, counterID int, ticketID int64, code string, a AssessmentAnswer) (Assessment, error)
	// Lookup returns the returned dossier a receipt's QR (its lookup URL or code) names, if
	// it may be assessed. EINVALID for something not a dossier code; ENOTFOUND for no
	// such dossier or the setting off; ECONFLICT when it is not returned, assessed already
	// or returned more than AssessmentQRWindow ago. Anyone (the kiosk).
	Lookup(ctx context.Context, code string) (AssessmentRequest, error)
	// AssessByCode records the answer for the dossier a receipt's QR names, once, under
	// Lookup's rules. Anyone (the kiosk).
	AssessByCode(ctx context.Context, code string, a AssessmentAnswer) (Assessment, error)
	// Assessments lists the assessments given on local days from..to (inclusive),
	// oldest first. Admins only: each names the clerk. EINVALID for a bad day.
	Assessments(ctx context.Context, from, to string) ([]Assessment, error)
}

// AssessmentFigures are the averages of the nine over a report's range (indicators with
// no score are absent), with the number of assessments, for the report when the setting
// is on.
type AssessmentFigures struct {
	Count    int                `json:"count"`
	Averages map[string]float64 `json:"averages"`
	Scored   map[string]int     `json:"scored"` // how many scored each
	// Indicators names the nine in order, with their ranges, for the report's table.
	Indicators []AssessmentIndicator `json:"indicators"`
	Note       string                `json:"note"`
	NoteEN     string                `json:"note_en"`
}

// AssessmentSource gives the reports the assessments given on days [from, to), and
// whether the setting is on.
type AssessmentSource interface {
	AssessmentOn(ctx context.Context) (bool, error)
	AssessmentFacts(ctx context.Context, from, to string) ([]AssessmentScores, error)
}

// SumAssessments averages each indicator over the assessments that scored it.
func SumAssessments(list []AssessmentScores) AssessmentFigures {
	f := AssessmentFigures{Count: len(list), Averages: map[string]float64{}, Scored: map[string]int{},
		Note: AssessmentNote, NoteEN: AssessmentNoteEN}
	for _, ind := range AssessmentIndicators {
		ind.Question, ind.QuestionEN, ind.Choices = "", "", nil
		f.Indicators = append(f.Indicators, ind)
	}
	sums := map[string]int{}
	for _, s := range list {
		for id, v := range s {
			sums[id] += v
			f.Scored[id]++
		}
	}
	for id, n := range f.Scored {
		f.Averages[id] = float64(sums[id]) / float64(n)
	}
	return f
}
