package kiosk

import "time"

// PublicTicket is a ticket as anyone on the LAN may see it (the display, the kiosk, a
// ticket's status page): whether it is a priority one, never which group, since a group
// such as "disabled" or "pregnant" says something about a person's health, which the law
// on personal data treats as sensitive; and not the clerk's staff id. Clerks' own answers
// (the waiting list, counter actions) carry the whole Ticket.
type PublicTicket struct {
	ID            int64        `json:"id"`
	Day           string       `json:"day"`
	ServiceID     string       `json:"service_id"`
	IssuedService string       `json:"issued_service"`
	Number        int          `json:"number"`
	Code          string       `json:"code"`
	Priority      bool         `json:"priority"`
	Status        TicketStatus `json:"status"`
	IssuedAt      time.Time    `json:"issued_at"`
	QueuedAt      time.Time    `json:"queued_at"`
	ToCounter     int          `json:"to_counter,omitempty"`
	CounterID     int          `json:"counter_id,omitempty"`
	CalledAt      time.Time    `json:"called_at,omitzero"`
	StartedAt     time.Time    `json:"started_at,omitzero"`
	FinishedAt    time.Time    `json:"finished_at,omitzero"`
	Calls         int          `json:"calls"`
}

// Public returns what anyone may see of t.
func (t Ticket) Public() PublicTicket {
	return PublicTicket{ID: t.ID, Day: t.Day, ServiceID: t.ServiceID, IssuedService: t.IssuedService, Number: t.Number,
		Code: t.Code, Priority: t.Priority != "", Status: t.Status, IssuedAt: t.IssuedAt, QueuedAt: t.QueuedAt,
		ToCounter: t.ToCounter, CounterID: t.CounterID, CalledAt: t.CalledAt, StartedAt: t.StartedAt,
		FinishedAt: t.FinishedAt, Calls: t.Calls}
}

// PublicIssued is an issued number as the hall's screens hear of it.
type PublicIssued struct {
	Ticket      PublicTicket `json:"ticket"`
	Service     string       `json:"service_name"`
	Ahead       int          `json:"ahead"`
	WaitMinutes int          `json:"wait_minutes"`
}

// Public returns what anyone may see of i.
func (i Issued) Public() PublicIssued {
	return PublicIssued{Ticket: i.Ticket.Public(), Service: i.Service, Ahead: i.Ahead, WaitMinutes: i.WaitMinutes}
}
