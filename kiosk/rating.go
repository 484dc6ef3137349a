package kiosk

import (
	"context"
	"time"
)

// Rating is one villager's đánh giá mức độ hài lòng of one served ticket: one per ticket,
// tied to the counter, the clerk (StaffID), the line and, when the visit left one, the
// dossier. It is anonymous to the clerk: no clerk's page shows ratings; admins and the
// province see them.
type Rating struct {
	TicketID  int64  `json:"ticket_id"`
	Day       string `json:"day"` // the ticket's local day
	Code      string `json:"code"`
	CounterID int    `json:"counter_id"`
	StaffID   string `json:"staff_id"`
	ServiceID string `json:"service_id"`
	// DossierCode is the hồ sơ received during the visit; "" when it left none (a question,
	// a certified copy done on the spot).
	DossierCode string `json:"dossier_code,omitempty"`
	// Score is 1..Scale, higher is better; Scale is 3 or 5 (RatingLevels).
	Score   int       `json:"score"`
	Scale   int       `json:"scale"`
	Reasons []string  `json:"reasons"` // RatingReasons ids, only with a dissatisfied score
	Via     string    `json:"via"`     // RatingViaPad or RatingViaQR
	At      time.Time `json:"at"`
}

// Where a rating was given.
const (
	RatingViaPad = "pad" // the counter's rating pad, just after service
	RatingViaQR  = "qr"  // the ticket's QR code scanned at the kiosk, later
)

// Windows in which a served ticket may be rated. A pad asks right after Finish, and only
// the counter's recent villager can still be at it; a ticket's QR may be scanned on a later
// visit, but not for ever (paper tickets are dropped in the hall and picked up by others).
const (
	RatingPadWindow = 5 * time.Minute
	RatingQRWindow  = 7 * 24 * time.Hour
)

// RatingScale3 and RatingScale5 are the scales in use: three buttons at most one-stop
// desks, five where the province collects them (domain/ratings.md).
const (
	RatingScale3 = 3
	RatingScale5 = 5
)

// RatingLevel is one button of the pad. Face is the drawing on it ("very_happy", "happy",
// "neutral", "sad", "very_sad").
type RatingLevel struct {
	Score  int    `json:"score"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
	Face   string `json:"face"`
	// Dissatisfied levels ask for reasons next.
	Dissatisfied bool `json:"dissatisfied"`
}

// RatingLevels returns the buttons of a scale, best first (as the pad shows them). An
// unknown scale gets the three-level one.
func RatingLevels(scale int) []RatingLevel {
	if scale == RatingScale5 {
		return []RatingLevel{
			{Score: 5, Name: "Rất hài lòng", NameEN: "Very satisfied", Face: "very_happy"},
			{Score: 4, Name: "Hài lòng", NameEN: "Satisfied", Face: "happy"},
			{Score: 3, Name: "Bình thường", NameEN: "Neutral", Face: "neutral"},
			{Score: 2, Name: "Không hài lòng", NameEN: "Dissatisfied", Face: "sad", Dissatisfied: true},
			{Score: 1, Name: "Rất không hài lòng", NameEN: "Very dissatisfied", Face: "very_sad", Dissatisfied: true},
		}
	}
	return []RatingLevel{
		{Score: 3, Name: "Rất hài lòng", NameEN: "Very satisfied", Face: "very_happy"},
		{Score: 2, Name: "Hài lòng", NameEN: "Satisfied", Face: "happy"},
		{Score: 1, Name: "Không hài lòng", NameEN: "Dissatisfied", Face: "sad", Dissatisfied: true},
	}
}

// Rating classes, for reports that mix scales: the top two levels of either scale are
// satisfied, the bottom one (of three) or two (of five) dissatisfied, the middle of five
// neutral.
const (
	RatingSatisfied    = "satisfied"
	RatingNeutral      = "neutral"
	RatingDissatisfied = "dissatisfied"
)

// RatingClass returns the class of score on scale.
func RatingClass(score, scale int) string {
	switch {
	case score >= scale-1:
		return RatingSatisfied
	case score <= (scale-1)/2:
		return RatingDissatisfied
	default:
		return RatingNeutral
	}
}

// RatingReason is a reason a dissatisfied villager may tap, taken from the indicators of
// the per-dossier assessment so the commune can act on it.
type RatingReason struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// RatingReasons are the reasons offered after a dissatisfied score, in the pad's order.
var RatingReasons = []RatingReason{
	{ID: "attitude", Name: "Thái độ của cán bộ", NameEN: "Staff attitude"},
	{ID: "waiting_time", Name: "Thời gian chờ lâu", NameEN: "Long waiting time"},
	{ID: "too_many_visits", Name: "Phải đi lại nhiều lần", NameEN: "Too many visits"},
	{ID: "unclear_requirements", Name: "Yêu cầu, giấy tờ không rõ ràng", NameEN: "Unclear requirements"},
	{ID: "other", Name: "Lý do khác", NameEN: "Other"},
}

// RatingForm is what a pad or the kiosk shows: the levels of the scale in force and the
// reasons.
type RatingForm struct {
	Scale   int            `json:"scale"`
	Levels  []RatingLevel  `json:"levels"`
	Reasons []RatingReason `json:"reasons"`
}

// FormOf returns the form of a scale (0 is the three-level one).
func FormOf(scale int) RatingForm {
	if scale != RatingScale5 {
		scale = RatingScale3
	}
	return RatingForm{Scale: scale, Levels: RatingLevels(scale), Reasons: RatingReasons}
}

// RatingAnswer is what the villager tapped.
type RatingAnswer struct {
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
}

// Clean checks a against the scale and returns it with its reasons deduplicated, in the
// form's order; EINVALID naming the field otherwise. Reasons come only with a
// dissatisfied score (a happy villager is not asked why).
func (a RatingAnswer) Clean(scale int) (RatingAnswer, error) {
	if a.Score < 1 || a.Score > scale {
		return a, Invalid("score", "Mức đánh giá không hợp lệ", "the score must be between 1 and the scale")
	}
	if len(a.Reasons) > 0 && RatingClass(a.Score, scale) != RatingDissatisfied {
		return a, Invalid("reasons", "Chỉ chọn lý do khi không hài lòng", "reasons come only with a dissatisfied score")
	}
	chosen := map[string]bool{}
	for _, id := range a.Reasons {
		if !knownReason(id) {
			return a, Invalid("reasons", "Lý do không hợp lệ", "unknown reason: "+id)
		}
		chosen[id] = true
	}
	out := RatingAnswer{Score: a.Score, Reasons: []string{}}
	for _, r := range RatingReasons {
		if chosen[r.ID] {
			out.Reasons = append(out.Reasons, r.ID)
		}
	}
	return out, nil
}

func knownReason(id string) bool {
	for _, r := range RatingReasons {
		if r.ID == id {
			return true
		}
	}
	return false
}

// RatingRequest is a served ticket that may be rated now: what a pad asks about (and the
// live notice "rating.requested" after Finish), or what a scanned QR code names. It
// names no clerk.
type RatingRequest struct {
	TicketID    int64     `json:"ticket_id"`
	Code        string    `json:"code"`
	CounterID   int       `json:"counter_id"`
	CounterName string    `json:"counter_name,omitempty"`
	ServiceID   string    `json:"service_id"`
	FinishedAt  time.Time `json:"finished_at"`
	// Assessment is the dossier handed back during this visit, to be assessed after the
	// faces, when the province asks for the nine-indicator assessment; nil otherwise. A
	// receipt's QR scanned at the kiosk gives a request with this alone (TicketID 0).
	Assessment *AssessmentRequest `json:"assessment,omitempty"`
}

// RatingService records ratings. The pad and the kiosk are public screens, so the public
// methods take only what those screens know and are bounded by time windows (RatingPadWindow,
// RatingQRWindow); every refusal is a kiosk.Error with a Vietnamese message for the villager.
type RatingService interface {
	// Form returns the scale in force (3 or 5 levels, as configured) with its reasons.
	// Anyone may call it.
	Form(ctx context.Context) (RatingForm, error)
	// Pending returns the ticket counterID's pad should ask about: the one it finished
	// last, within RatingPadWindow, not yet rated, while the counter serves nobody else.
	// ENOTFOUND when there is none (the pad waits) or no such counter. Anyone may call it.
	Pending(ctx context.Context, counterID int) (RatingRequest, error)
	// RateAtCounter records the answer given on counterID's pad for ticketID, with its
	// outbox event "rating.given". ECONFLICT when the ticket is rated already (a second tap,
	// another pad), was not served at that counter, or left it more than RatingPadWindow
	// ago; ENOTFOUND for no such ticket; EINVALID for a bad answer. Anyone may call it.
	RateAtCounter(ctx context.Context, counterID int, ticketID int64, a RatingAnswer) (Rating, error)
	// Lookup returns the ticket a scanned lookup code ("MC1:T:…", TicketLookupCode) names,
	// if it may still be rated. EINVALID for a code that is not a ticket of this kiosk;
	// ENOTFOUND for no such ticket; ECONFLICT when it is rated already, was not served, or
	// is older than RatingQRWindow. Anyone may call it (the kiosk).
	Lookup(ctx context.Context, code string) (RatingRequest, error)
	// RateByCode records the answer for the ticket a lookup code names, once, under the
	// same rules as Lookup. Anyone may call it (the kiosk).
	RateByCode(ctx context.Context, code string, a RatingAnswer) (Rating, error)
	// Ratings lists the ratings of tickets of the local days from..to (inclusive,
	// "2006-01-02"), oldest first. Admins only: each names the clerk. EINVALID for a bad day.
	Ratings(ctx context.Context, from, to string) ([]Rating, error)
}
