// Package hub is the province hub: the sync API kiosks talk to, the fleet dashboard, and
// its store: SQLite by default (one small hub, `make run`), PostgreSQL when a province
// runs several hub processes over one database (Open picks by the address).
package hub

import (
	"context"
	"crypto/ed25519"
	"errors"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Errors a Store returns; the server maps them to answers.
var (
	ErrNotFound  = errors.New("not found")
	ErrTokenUsed = errors.New("token unknown, used or expired")
)

// Kiosk is one enrolled kiosk.
type Kiosk struct {
	ID        string            `json:"id"`
	Commune   string            `json:"commune"`
	Region    string            `json:"region,omitempty"`
	Cluster   string            `json:"cluster,omitempty"`
	PublicKey ed25519.PublicKey `json:"-"`
	Epoch     string            `json:"epoch"`
	Hostname  string            `json:"hostname,omitempty"`
	Enrolled  time.Time         `json:"enrolled"`
	Revoked   time.Time         `json:"revoked,omitzero"`
	// Last heartbeat and sync, kept on the row for the dashboard.
	LastSeen      time.Time      `json:"last_seen,omitzero"`
	LastSync      time.Time      `json:"last_sync,omitzero"`
	SkewMillis    int64          `json:"skew_ms"`
	LastHeartbeat wire.Heartbeat `json:"last_heartbeat"`
	HeldThrough   int64          `json:"held_through"` // for the current epoch
}

// InScope tells whether a bundle scope ("" or "commune:X", "region:X", "cluster:X")
// covers the kiosk.
func (k *Kiosk) InScope(scope string) bool {
	switch {
	case scope == "":
		return true
	case scope == "commune:"+k.Commune, k.Region != "" && scope == "region:"+k.Region, k.Cluster != "" && scope == "cluster:"+k.Cluster:
		return true
	}
	return false
}

// Token is a one-time enrolment token as IT creates it.
type Token struct {
	Commune, Region, Cluster string
	Expires                  time.Time
}

// StoredEvent is an event as the hub holds it.
type StoredEvent struct {
	Kiosk string `json:"kiosk"`
	Epoch string `json:"epoch"`
	wire.Event
	Received time.Time `json:"received"`
	Rejected string    `json:"rejected,omitempty"` // non-empty: a business refusal
}

// EventQuery selects events; empty fields match everything.
type EventQuery struct {
	Kiosk, Epoch, Kind string
	AfterSeq           int64
	Limit              int
}

// CommandRow is a command with its state.
type CommandRow struct {
	wire.Command
	Kiosk     string    `json:"kiosk"`
	State     string    `json:"state"`
	Detail    string    `json:"detail,omitempty"`
	Delivered time.Time `json:"delivered,omitzero"`
	Finished  time.Time `json:"finished,omitzero"`
}

// HeartbeatRow is one heartbeat in a kiosk's history.
type HeartbeatRow struct {
	Received   time.Time      `json:"received"`
	SkewMillis int64          `json:"skew_ms"`
	Heartbeat  wire.Heartbeat `json:"heartbeat"`
}

// Store is the hub's persistence. Every method is safe for concurrent use; every write is
// one transaction.
type Store interface {
	CreateToken(ctx context.Context, t Token, now time.Time) (token string, err error)
	// Enrol spends a token and registers a kiosk with its key; ErrTokenUsed when the token
	// is unknown, expired, or spent by another key. The same key again within the token's
	// life gets the same kiosk (the first answer was lost on the way).
	Enrol(ctx context.Context, token string, pub ed25519.PublicKey, epoch, hostname string, now time.Time) (*Kiosk, error)
	Kiosk(ctx context.Context, id string) (*Kiosk, error)
	Kiosks(ctx context.Context) ([]Kiosk, error)
	Revoke(ctx context.Context, id string, now time.Time) error

	// Ingest stores a checked batch idempotently on (kiosk, epoch, seq) in one transaction.
	// A batch starting past held+1, or whose events the hub holds with other content (a
	// kiosk database restored from an older copy), changes nothing and returns a
	// *wire.Problem with CodeGap and the seq the hub wants next. reject decides business
	// refusals ("" accepts). The result's HeldThrough is the highest seq of the batch now
	// held: never more than the batch's last, so a kiosk is never told of events it did
	// not send. Two hubs given the same batch at once store it once: one stores it, the
	// other answers as to a retry.
	//
	// Each accepted "rating.given" event (RatingEventKind) whose body holds a rating also
	// adds its row to the ratings table, in the same transaction (ratingOf); each ticket
	// event changes its ticket's row in the tickets table (ticketOf), each dossier event
	// its dossier's row in the dossiers table (dossierOf). A dossier event's applicant is
	// taken out of its body before it is stored (heldBody) and kept only sealed on the
	// dossier's row (personal.go); a retried batch is compared without it.
	Ingest(ctx context.Context, b *wire.Batch, reject func(wire.Event) string, now time.Time) (IngestResult, error)
	Events(ctx context.Context, q EventQuery) ([]StoredEvent, error)
	// RatingGroups counts the ratings q selects per commune, counter or clerk (q.By), with
	// the reasons given; the totals are made by foldRatingCounts. An error for a bad query.
	RatingGroups(ctx context.Context, q RatingQuery) ([]RatingGroup, error)
	// AssessmentSummaries sums the nine-indicator assessments q selects per commune (the
	// first "assessment.given" of each dossier, kept on ingest by assessmentOf); the
	// averages are made by foldAssessmentCounts. An error for a bad query.
	AssessmentSummaries(ctx context.Context, q AssessmentQuery) ([]AssessmentSummary, error)
	// CommuneReports sums tickets, waits, ratings and dossiers per commune over q's days
	// (dossiers overdue judged at now); SatisfiedRate is left to the caller.
	CommuneReports(ctx context.Context, q ReportQuery, now time.Time) ([]CommuneReport, error)
	// Dossiers lists the dossiers q selects, newest received first: the state the kiosk's
	// events left, and the state set here (a dossier_state command) the kiosk has not
	// answered with its event yet.
	Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error)
	// DossierHistories calls each with every dossier q selects, whatever its Limit, oldest
	// received first (then by kiosk and code), with the events that made it in the kiosk's
	// order (DossierHistory; its Requested is not read). Rows are read while each runs, one
	// dossier held at a time: a province's hundreds of thousands stream. The first error of
	// each stops it and is returned.
	DossierHistories(ctx context.Context, q DossierQuery, each func(DossierHistory) error) error
	// KioskDays counts each kiosk's tickets and ratings of a local day ("2006-01-02").
	KioskDays(ctx context.Context, day string) (map[string]KioskDay, error)

	PublishBundle(ctx context.Context, b *wire.Bundle) error
	LatestBundleVersion(ctx context.Context, kind string) (int64, error)
	// Bundles lists what was published, newest first, without the payloads.
	Bundles(ctx context.Context) ([]BundleRow, error)
	// Bundle returns the newest bundle of kind in scope for k with version > since, or ErrNotFound.
	Bundle(ctx context.Context, kind string, since int64, k *Kiosk) (*wire.Bundle, error)

	// Heartbeat records hb, applies its command results, expires stale commands, and
	// returns the commands the kiosk has not acknowledged yet (a result in a heartbeat is
	// the acknowledgement): one handed out to a replayed or lost answer goes out again.
	Heartbeat(ctx context.Context, kiosk string, hb wire.Heartbeat, now time.Time) ([]wire.Command, error)
	Heartbeats(ctx context.Context, kiosk string, limit int) ([]HeartbeatRow, error)
	// QueueCommand is QueueCommandArg without an argument.
	QueueCommand(ctx context.Context, kiosk, kind string, ttl time.Duration, now time.Time) (int64, error)
	// QueueCommandArg queues a command (wire.Command*) for the kiosk, handed out with its
	// heartbeat replies until a result acknowledges it; an error for an unknown kind, a
	// wrong argument, or an unknown kiosk (ErrNotFound). A dossier_state command marks its
	// dossier's row as waiting on it, in the same transaction, until an event of the kiosk
	// names it; ErrNotFound when the hub holds no such dossier from that kiosk.
	QueueCommandArg(ctx context.Context, kiosk, kind, arg string, ttl time.Duration, now time.Time) (int64, error)
	// Commands returns a kiosk's commands, newest first ("" for every kiosk).
	Commands(ctx context.Context, kiosk string) ([]CommandRow, error)

	// RememberNonce is the replay guard's memory (wire.NonceStore), in the database so
	// that every hub over it refuses a request another hub has seen. A pair whose until
	// has passed counts as fresh again.
	RememberNonce(ctx context.Context, kiosk, nonce string, until, now time.Time) (fresh bool, err error)

	// IT's accounts, sessions, audit log and the tokens' list (accounts.go).
	AccountStore
	// Alerts and their webhook notices (alerts.go).
	AlertStore
	// Logs kiosks upload for send_logs (kiosk_logs.go).
	LogStore
	// Binaries of program updates (updates.go).
	UpdateStore
	// Applicants' personal data, sealed: the purge (personal.go).
	PersonalStore

	// Pools reports the connection pools, for /metrics.
	Pools() []PoolStats
	Close() error
}

// IngestResult is what Ingest did with a batch.
type IngestResult struct {
	HeldThrough int64
	Stored      int // events new to the hub (0 for a retried batch)
	Rejected    []wire.Rejection
}

// PoolStats is one connection pool of a store at a moment.
type PoolStats struct {
	Name        string // "writer" and "reader" (SQLite), "postgres"
	Max         int    // connections the pool may open
	Open, InUse int
	// Waits counts the acquisitions that found no idle connection and waited; WaitTime is
	// their total wait.
	Waits    int64
	WaitTime time.Duration
}

// Open opens the hub's store at where: a postgres:// (or postgresql://) URL for a
// PostgreSQL database, which several hub processes may share; anything else is the path
// of a SQLite file, for one hub alone. A PostgreSQL store needs WithPersonalKey.
func Open(ctx context.Context, where string, opts ...Option) (Store, error) {
	if IsPostgresURL(where) {
		return OpenPostgres(ctx, where, opts...)
	}
	return OpenSQLite(ctx, where, opts...)
}
