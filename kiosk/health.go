package kiosk

import "time"

// Health is what a kiosk knows about itself: shown on the admin and counter pages and
// carried to the province by the heartbeat.
type Health struct {
	Version   string    `json:"version"`
	KioskID   string    `json:"kiosk_id"`
	Epoch     string    `json:"epoch"`
	StartedAt time.Time `json:"started_at"`
	Clock     time.Time `json:"clock"` // the kiosk's own clock; the hub computes the skew

	DiskFreeBytes uint64 `json:"disk_free_bytes"`
	DBBytes       int64  `json:"db_bytes"`

	// Backlog is how many outbox events the hub has not acknowledged; OldestPending the
	// time the oldest of them was written (zero when none).
	Backlog       int64     `json:"backlog"`
	OldestPending time.Time `json:"oldest_pending,omitzero"`

	Printer PrinterHealth `json:"printer"`
	Sync    SyncHealth    `json:"sync"`
	// Update is the last program update tried through the hub; nil when there was none,
	// or the kiosk does not take updates (not run through the update link).
	Update *UpdateHealth `json:"update,omitempty"`
}

// UpdateHealth is what became of the last program update, for the admin page: the
// heartbeat's update outcome (docs/updates.md) as the kiosk's own pages read it.
type UpdateHealth struct {
	Version  string    `json:"version"`        // the version tried
	From     string    `json:"from,omitempty"` // the one it replaced, or still runs
	State    string    `json:"state"`          // "trying", "installed", "rolled_back", "refused"
	Reason   string    `json:"reason,omitempty"`
	ReasonVI string    `json:"reason_vi,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

// PrinterHealth is the ticket printer's last known state.
type PrinterHealth struct {
	Configured string    `json:"configured"` // the printer URI, e.g. "virtual:"
	Online     bool      `json:"online"`
	PaperLow   bool      `json:"paper_low"`
	PaperOut   bool      `json:"paper_out"`
	CoverOpen  bool      `json:"cover_open"`
	Error      string    `json:"error,omitempty"` // Vietnamese words for a person
	Queued     int       `json:"queued"`          // print jobs waiting
	CheckedAt  time.Time `json:"checked_at,omitzero"`
}

// SyncHealth is the sync worker's state as a person should read it.
type SyncHealth struct {
	Enabled     bool      `json:"enabled"` // a hub is configured and the kiosk enrolled
	Hub         string    `json:"hub,omitempty"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"` // Vietnamese words
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
}
