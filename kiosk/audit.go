package kiosk

import (
	"context"
	"time"
)

// AuditEntry is one change made to the kiosk's settings (nhật ký thay đổi): who made it,
// when, and what changed in words, for the admin page's audit list. The same change is an
// outbox event of Kind (OutboxSeq), for the province; the audit list stays on the kiosk
// after the outbox has been acknowledged and pruned.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"` // a staff id, or ActorLoopback, ActorProvince, ActorSystem
	ActorName string    `json:"actor_name,omitempty"`
	Kind      string    `json:"kind"`
	Summary   string    `json:"summary"` // Vietnamese
	SummaryEN string    `json:"summary_en"`
	OutboxSeq int64     `json:"outbox_seq"`
}

// Actor is whoever asks for a change: a staff member logged in with a PIN, the installer's
// shell on loopback, the province's bundle, or the kiosk itself.
type Actor struct {
	ID   string
	Name string
}

// Actors that are not staff.
var (
	ActorLoopback = Actor{ID: "loopback", Name: "Máy kiosk (loopback)"}
	ActorProvince = Actor{ID: "province", Name: "Cấu hình của tỉnh"}
	ActorSystem   = Actor{ID: "system", Name: "Hệ thống"}
)

type actorKey struct{}

// WithActor returns ctx carrying who asks: the store records it beside each change. The
// LAN server sets it from the session; services keep their signatures.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf returns the actor ctx carries, ActorSystem when none.
func ActorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.ID != "" {
		return a
	}
	return ActorSystem
}

// AuditLog lists the changes, newest first. Admins only.
type AuditLog interface {
	// Audit returns up to limit entries with ID < before (0: from the newest).
	Audit(ctx context.Context, before int64, limit int) ([]AuditEntry, error)
}
