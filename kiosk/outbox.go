package kiosk

import (
	"context"
	"encoding/json"
	"time"
)

// OutboxEvent is one change the province must see, written in the same transaction as
// the change itself. Seq is per kiosk database, gap-free and never reused; together with
// the database's Epoch it identifies the event for ever.
type OutboxEvent struct {
	Seq       int64           `json:"seq"`
	Kind      string          `json:"kind"`
	Body      json.RawMessage `json:"body"`
	CreatedAt time.Time       `json:"created_at"`
}

// Outbox is what the sync worker reads and acknowledges.
type Outbox interface {
	// Pending returns up to limit events with Seq > afterSeq, in Seq order.
	Pending(ctx context.Context, afterSeq int64, limit int) ([]OutboxEvent, error)
	// MarkSynced records that the hub holds every event through seq. It never moves back.
	MarkSynced(ctx context.Context, throughSeq int64) error
	// SyncedThrough returns the highest seq the hub has acknowledged (0 if none).
	SyncedThrough(ctx context.Context) (int64, error)
	// Epoch is a random id made when the database was created: a kiosk restored from a
	// backup or reinstalled gets a new one, so its events are never taken for replays.
	Epoch() string
	// KioskID is this kiosk's id (set at enrolment; a random id until then).
	KioskID() string
}
