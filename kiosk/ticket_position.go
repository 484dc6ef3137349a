package kiosk

import "fmt"

// TicketState is where a ticket stands as its holder is told: the ticket's status in
// words a villager reads ("skipped" rather than "no_show").
type TicketState string

// The states a ticket's holder may see.
const (
	StateWaiting TicketState = "waiting" // in line; Ahead people before it
	StateCalled  TicketState = "called"  // called to Counter, not yet arrived
	StateServing TicketState = "serving" // being served at Counter
	StateServed  TicketState = "served"  // done: it may be rated
	StateSkipped TicketState = "skipped" // called, did not come; a clerk may call it back today
)

// TicketPosition is what a villager who scans their ticket at the kiosk is told: the
// number, its line, where it stands and, while it waits, how many go before it and how
// many counters serve the line now. Public: a priority ticket says so as a yes/no, never
// which group (see PublicTicket); no clerk, no personal data.
type TicketPosition struct {
	Code     string      `json:"code"`
	Day      string      `json:"day"`
	Service  string      `json:"service_name"`
	Priority bool        `json:"priority"`
	State    TicketState `json:"state"`
	// CounterID and Counter name the counter that called or serves it.
	CounterID int    `json:"counter_id,omitempty"`
	Counter   string `json:"counter_name,omitempty"`
	// Ahead counts the tickets of its line called before it in the queue's own order
	// (LineAhead); OpenCounters the counters open for its line. Both only while waiting.
	Ahead        int    `json:"ahead"`
	OpenCounters int    `json:"open_counters"`
	Text         string `json:"text"`
	TextEN       string `json:"text_en"`
}

// StateOf is the state a ticket's holder sees.
func StateOf(t Ticket) TicketState {
	switch t.Status {
	case TicketCalled:
		return StateCalled
	case TicketServing:
		return StateServing
	case TicketDone:
		return StateServed
	case TicketNoShow:
		return StateSkipped
	}
	return StateWaiting
}

// LineAhead counts the tickets called before t in its own line, in the order the queue
// calls them (CallOrder, with its priority policy): waiting holds the day's tickets, of
// any line; only those of t's line count, and of those only the ones a counter of the
// line may call (not those reserved for another counter). ordinarySince is a counter's
// count of ordinary calls since its last priority one (the interleave policy).
func LineAhead(waiting []Ticket, t Ticket, policy string, every, ordinarySince int) int {
	var line []Ticket
	for _, w := range waiting {
		if w.ServiceID == t.ServiceID {
			line = append(line, w)
		}
	}
	// A counter of this line alone, or the counter t is reserved for: CallOrder keeps the
	// tickets it may call, and t is one of them.
	c := Counter{ID: t.ToCounter, Services: []string{t.ServiceID}}
	for i, o := range CallOrder(line, c, policy, every, ordinarySince, 0) {
		if o.ID == t.ID {
			return i
		}
	}
	return 0
}

// Describe fills p's Text and TextEN from its state.
func (p *TicketPosition) Describe() {
	switch p.State {
	case StateWaiting:
		p.Text = fmt.Sprintf("Số %s — %s: còn %d người trước quý vị; %s", p.Code, p.Service, p.Ahead, openVI(p.OpenCounters))
		p.TextEN = fmt.Sprintf("Number %s — %s: %d ahead of you; %s", p.Code, p.Service, p.Ahead, openEN(p.OpenCounters))
	case StateCalled:
		p.Text = fmt.Sprintf("Mời số %s đến %s", p.Code, p.Counter)
		p.TextEN = fmt.Sprintf("Number %s, please go to %s", p.Code, p.Counter)
	case StateServing:
		p.Text = fmt.Sprintf("Số %s đang được phục vụ tại %s", p.Code, p.Counter)
		p.TextEN = fmt.Sprintf("Number %s is being served at %s", p.Code, p.Counter)
	case StateServed:
		p.Text = fmt.Sprintf("Số %s đã được phục vụ xong", p.Code)
		p.TextEN = fmt.Sprintf("Number %s has been served", p.Code)
	case StateSkipped:
		p.Text = fmt.Sprintf("Số %s đã được gọi nhưng quý vị chưa đến. Xin báo cán bộ tại quầy để được gọi lại.", p.Code)
		p.TextEN = fmt.Sprintf("Number %s was called but you did not come. Please tell a clerk at the counter to be called again.", p.Code)
	}
}

func openVI(n int) string {
	if n == 0 {
		return "chưa có quầy nào đang mở"
	}
	return fmt.Sprintf("%d quầy đang mở", n)
}

func openEN(n int) string {
	switch n {
	case 0:
		return "no counter is open yet"
	case 1:
		return "1 counter open"
	}
	return fmt.Sprintf("%d counters open", n)
}

// OtherDay refuses a ticket of another day than today: its place in line is gone.
func OtherDay(day string) *Error {
	return Errorf(ECONFLICT, "Phiếu này của ngày "+dmy(day)+", không còn hiệu lực hôm nay. Xin lấy số mới.",
		"this ticket is of "+day+", not valid today; please take a new number").WithReason(ReasonOtherDay)
}
