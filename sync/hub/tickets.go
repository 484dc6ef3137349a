package hub

import (
	"encoding/json"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Ticket events as the hub reads them (the kiosk's kiosk/sqlite queue emits them; the
// bodies are in docs/sync.md). Ingest keeps one row per ticket in the tickets table, so
// the fleet view counts a kiosk's tickets of the day and the reports measure waiting
// times from a table, as the ratings table does for ratings.
const (
	TicketIssuedKind   = "ticket.issued"
	TicketCalledKind   = "ticket.called"
	TicketFinishedKind = "ticket.finished"
	TicketNoShowKind   = "ticket.no_show"
)

// ticketFact is what one ticket event changes in the tickets table: Kind says which.
type ticketFact struct {
	Kind      string
	TicketID  int64
	Day       string    // issued: the kiosk's local day
	ServiceID string    // issued
	At        time.Time // issued_at, or the time of the call, finish or no-show
}

// ticketOf reads a ticket event. It is false for any other event and for a body without
// a sensible ticket (stored all the same; it only changes no row).
func ticketOf(e wire.Event) (ticketFact, bool) {
	switch e.Kind {
	case TicketIssuedKind, TicketCalledKind, TicketFinishedKind, TicketNoShowKind:
	default:
		return ticketFact{}, false
	}
	var b struct {
		ID        int64     `json:"id"`        // issued: the Ticket itself
		TicketID  int64     `json:"ticket_id"` // the others
		Day       string    `json:"day"`
		ServiceID string    `json:"service_id"`
		IssuedAt  time.Time `json:"issued_at"`
	}
	if err := json.Unmarshal(e.Body, &b); err != nil {
		return ticketFact{}, false
	}
	f := ticketFact{Kind: e.Kind, TicketID: b.TicketID, At: e.CreatedAt}
	if e.Kind == TicketIssuedKind {
		f.TicketID, f.Day, f.ServiceID = b.ID, b.Day, b.ServiceID
		if !b.IssuedAt.IsZero() {
			f.At = b.IssuedAt
		}
		if _, err := time.Parse(time.DateOnly, f.Day); err != nil {
			return ticketFact{}, false
		}
	}
	if f.TicketID <= 0 {
		return ticketFact{}, false
	}
	return f, true
}

// KioskDay is one kiosk's day as the fleet view shows it: tickets issued and called,
// ratings and how many were satisfied.
type KioskDay struct {
	Tickets, Called    int
	Ratings, Satisfied int
}
