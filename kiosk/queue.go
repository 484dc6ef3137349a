package kiosk

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Service is a line villagers queue in (lĩnh vực or group of procedures), with the letter
// its ticket numbers start with: A012.
type Service struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	NameEN string   `json:"name_en"`
	Prefix string   `json:"prefix"`
	Fields []string `json:"fields,omitempty"` // lĩnh vực it covers, to route a procedure to its line
	// Examples are everyday words for what the line handles, shown on its kiosk tile so a
	// villager who does not know the name of a lĩnh vực still finds it: "khai sinh, kết
	// hôn, sao y…". ExamplesEN is the English twin.
	Examples   string `json:"examples,omitempty"`
	ExamplesEN string `json:"examples_en,omitempty"`
}

// Counter is a quầy: a desk that calls tickets of the services it serves, in its order.
type Counter struct {
	ID       int      `json:"id"`
	Name     string   `json:"name"`
	Services []string `json:"services"`
}

// Priority is a group the law or the commune puts first (người được ưu tiên). "" is none.
type Priority string

// PriorityCategory names a priority group for the kiosk's buttons.
type PriorityCategory struct {
	ID     Priority `json:"id"`
	Name   string   `json:"name"`
	NameEN string   `json:"name_en"`
}

// Priority policies, the two that users of existing queue systems ask for.
const (
	PolicyStrict     = "strict"     // every waiting priority ticket before any ordinary one
	PolicyInterleave = "interleave" // one priority ticket after every N ordinary ones
)

// TicketStatus is where a ticket is in its day.
type TicketStatus string

// A ticket waits, is called to a counter, is served, and is done; a called villager who
// does not come is a no-show and may be called back the same day.
const (
	TicketWaiting TicketStatus = "waiting"
	TicketCalled  TicketStatus = "called"
	TicketServing TicketStatus = "serving"
	TicketDone    TicketStatus = "done"
	TicketNoShow  TicketStatus = "no_show"
)

// Ticket is a queue number (số thứ tự). Code is what people read: prefix + 3 digits.
type Ticket struct {
	ID        int64        `json:"id"`
	Day       string       `json:"day"` // local day in Zone, "2006-01-02"
	ServiceID string       `json:"service_id"`
	Number    int          `json:"number"`
	Code      string       `json:"code"`
	Priority  Priority     `json:"priority,omitempty"`
	Status    TicketStatus `json:"status"`
	IssuedAt  time.Time    `json:"issued_at"`
	// IssuedService is the line that gave the ticket its Number; ServiceID is the line it
	// waits in and is called from now. A transfer changes only ServiceID: A002 sent to line
	// B is still A002, and B goes on with its own B002, since a line's numbers are unique
	// among the tickets it issued, not among those it holds.
	IssuedService string `json:"issued_service"`
	// QueuedAt orders the queue: the issue time, kept across transfers so a transferred
	// villager keeps their place.
	QueuedAt time.Time `json:"queued_at"`
	// ToCounter, when set, reserves the ticket for that counter (a transfer to a counter).
	ToCounter  int       `json:"to_counter,omitempty"`
	CounterID  int       `json:"counter_id,omitempty"`
	CalledAt   time.Time `json:"called_at,omitzero"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Calls      int       `json:"calls"`
	StaffID    string    `json:"staff_id,omitempty"`
}

// TicketCode formats a ticket number for people: A012.
func TicketCode(prefix string, n int) string { return fmt.Sprintf("%s%03d", prefix, n) }

// CounterStatus is whether a counter is taking tickets.
type CounterStatus string

// Counter states; the time spent in each is reported (the directive asks that the use
// of working time be checked).
const (
	CounterOpen   CounterStatus = "open"
	CounterPaused CounterStatus = "paused"
	CounterClosed CounterStatus = "closed"
)

// CounterState is a counter as the display and the clerks see it.
type CounterState struct {
	Counter
	Status  CounterStatus `json:"status"`
	Current *PublicTicket `json:"current,omitempty"` // public: see PublicTicket
	Staff   *StaffPublic  `json:"staff,omitempty"`
	// OrdinarySincePriority counts ordinary calls since the last priority one, for the
	// interleave policy.
	OrdinarySincePriority int `json:"-"`
}

// Issued is what the villager is told on taking a number.
type Issued struct {
	Ticket  Ticket `json:"ticket"`
	Service string `json:"service_name"`
	Ahead   int    `json:"ahead"`
	// WaitMinutes is the estimated wait, from recent service times and open counters.
	WaitMinutes int `json:"wait_minutes"`
	// CounterOpen says a counter serving the line is open now: with nobody ahead, the
	// villager is called at once only then.
	CounterOpen bool `json:"counter_open"`
	// Print is what became of the ticket's printout.
	Print PrintStatus `json:"print"`
}

// QueueState is the public picture of the hall: for the display and the kiosk.
type QueueState struct {
	Day      string             `json:"day"`
	Services []ServiceState     `json:"services"`
	Counters []CounterState     `json:"counters"`
	Recent   []Call             `json:"recent_calls"`
	Policy   string             `json:"policy"`
	Priority []PriorityCategory `json:"priorities"`
	// Hours says whether numbers are issued now, with the hours to show before anyone taps.
	Hours HoursStatus `json:"hours"`
}

// ServiceState is one line's waiting count.
type ServiceState struct {
	Service
	Waiting     int `json:"waiting"`
	WaitMinutes int `json:"wait_minutes"`
}

// Call is one announcement: a ticket called (or recalled) to a counter.
type Call struct {
	TicketID  int64     `json:"ticket_id"`
	Code      string    `json:"code"`
	CounterID int       `json:"counter_id"`
	Counter   string    `json:"counter_name"`
	Recall    bool      `json:"recall"`
	At        time.Time `json:"at"`
}

// QueueService issues and calls numbers. Issue and Snapshot are public (the kiosk and
// the display); the counter actions are for the clerk logged in at that counter (or an
// admin); each returns EINVALID/ENOTFOUND/ECONFLICT with a Vietnamese message when the
// action makes no sense in the current state.
type QueueService interface {
	// Issue gives the next number of a line (service) for today, with the place in the line
	// and the estimated wait, committed with its outbox event before it returns. Anyone may
	// call it (the kiosk). EINVALID for an unknown line or priority group; ECONFLICT out of
	// opening hours.
	Issue(ctx context.Context, serviceID string, p Priority) (Issued, error)
	// Ticket returns one ticket by id (its owner's look-up). ENOTFOUND when there is none.
	Ticket(ctx context.Context, id int64) (Ticket, error)
	// Position says where the ticket a scanned QR ("MC1:T:…") or a typed number (today's)
	// names stands: its state and, while it waits, the people ahead of it in its line and
	// the counters open for it. Anyone may call it (the kiosk). EINVALID for a code that is
	// no ticket (or another kiosk's); ENOTFOUND for no such ticket; ECONFLICT with
	// ReasonOtherDay for a ticket of another day.
	Position(ctx context.Context, code string) (TicketPosition, error)
	// Snapshot is the hall as the display shows it: counters, what each serves now, the
	// last calls and who waits. Anyone may call it.
	Snapshot(ctx context.Context) (QueueState, error)
	// Waiting lists the tickets a counter may call, in the order it would call them.
	// ENOTFOUND for an unknown counter.
	Waiting(ctx context.Context, counterID int) ([]Ticket, error)

	// CallNext finishes the counter's current ticket and calls the next by the priority
	// policy (PickNext), as staffID. ENOTFOUND when nobody waits; ECONFLICT on a paused counter.
	CallNext(ctx context.Context, counterID int, staffID string) (Ticket, error)
	// Recall calls the counter's current ticket again (display and voice). ECONFLICT when
	// the counter serves nobody or the villager has already arrived.
	Recall(ctx context.Context, counterID int) (Ticket, error)
	// Skip marks the counter's current ticket a no-show. ECONFLICT when nobody is called
	// or the ticket is already being served.
	Skip(ctx context.Context, counterID int) (Ticket, error)
	// CallBack calls a no-show ticket of today again at this counter. ECONFLICT for any
	// other ticket; ENOTFOUND for an unknown one.
	CallBack(ctx context.Context, counterID int, ticketID int64, staffID string) (Ticket, error)
	// Start records that the called villager arrived and service began. ECONFLICT when
	// nobody is called or service already started.
	Start(ctx context.Context, counterID int) (Ticket, error)
	// Finish closes service of the counter's current ticket. ECONFLICT when nobody is called.
	Finish(ctx context.Context, counterID int) (Ticket, error)
	// Transfer sends the counter's current ticket to another line, or reserves it for
	// another counter (toCounter > 0). The ticket keeps its code and its place by issue
	// time. EINVALID for an unknown line or counter; ECONFLICT when nobody is called.
	Transfer(ctx context.Context, counterID int, toService string, toCounter int) (Ticket, error)
	// Pause stops a counter calling (lunch, a break) without closing it. ECONFLICT while it
	// serves someone or when it is paused already.
	Pause(ctx context.Context, counterID int) error
	// Resume opens the counter for calling, with staffID at it. ECONFLICT when it is open already.
	Resume(ctx context.Context, counterID int, staffID string) error
	// Close closes the counter for the day. ECONFLICT while it serves someone.
	Close(ctx context.Context, counterID int) error
	// SignOff closes every counter staffID holds open or paused, when they log out.
	SignOff(ctx context.Context, staffID string) error
}

// PickNext chooses the ticket a counter calls next from those waiting. Only tickets of
// the counter's services, or reserved for this counter, are eligible. Priority comes
// first by policy; then first come, first served by QueuedAt; ties go to the service the
// counter lists first, then to the lower id. ordinarySince is the counter's count of
// ordinary calls since its last priority call. It returns false when nothing is eligible.
func PickNext(waiting []Ticket, c Counter, policy string, every, ordinarySince int) (Ticket, bool) {
	order := CallOrder(waiting, c, policy, every, ordinarySince, 1)
	if len(order) == 0 {
		return Ticket{}, false
	}
	return order[0], true
}

// CallOrder returns the eligible tickets in the order the counter would call them if
// nobody else called and nobody new came: PickNext repeated, in O(n log n). limit > 0
// stops after that many.
func CallOrder(waiting []Ticket, c Counter, policy string, every, ordinarySince, limit int) []Ticket {
	rank := make(map[string]int, len(c.Services))
	for i, s := range c.Services {
		rank[s] = i
	}
	var eligible []Ticket
	for _, t := range waiting {
		if t.Status != TicketWaiting {
			continue
		}
		_, serves := rank[t.ServiceID]
		switch {
		case t.ToCounter == c.ID:
		case t.ToCounter == 0 && serves:
		default:
			continue
		}
		eligible = append(eligible, t)
	}
	sort.SliceStable(eligible, func(i, j int) bool {
		a, b := eligible[i], eligible[j]
		if !a.QueuedAt.Equal(b.QueuedAt) {
			return a.QueuedAt.Before(b.QueuedAt)
		}
		ra, oka := rank[a.ServiceID]
		rb, okb := rank[b.ServiceID]
		if !oka {
			ra = len(rank)
		}
		if !okb {
			rb = len(rank)
		}
		if ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
	var prio, ord []Ticket
	for _, t := range eligible {
		if t.Priority != "" {
			prio = append(prio, t)
		} else {
			ord = append(ord, t)
		}
	}
	if limit <= 0 || limit > len(eligible) {
		limit = len(eligible)
	}
	out := make([]Ticket, 0, limit)
	for len(out) < limit {
		takeOrdinary := false
		switch {
		case len(prio) == 0:
			takeOrdinary = true
		case len(ord) == 0:
		case policy == PolicyInterleave && every > 0 && ordinarySince < every:
			takeOrdinary = true
		}
		if takeOrdinary {
			out, ord = append(out, ord[0]), ord[1:]
			ordinarySince++
		} else {
			out, prio = append(out, prio[0]), prio[1:]
			ordinarySince = 0
		}
	}
	return out
}
