package sync

import (
	"encoding/json"
	"time"
)

// Limits of one batch. MaxBatchBytes bounds the uncompressed JSON; the gzip on the wire is
// smaller still. MaxWireBytes bounds what the hub reads before it unzips.
const (
	MaxBatchEvents = 500
	MaxBatchBytes  = 256 << 10
	MaxWireBytes   = MaxBatchBytes
	MaxEventBody   = 64 << 10
	MaxKindLen     = 64
)

// Event is one outbox event as it travels: the kiosk's seq, its kind, its JSON body and the
// kiosk's wall time when it was written (which may be wrong; ordering is by Seq).
type Event struct {
	Seq       int64           `json:"seq"`
	Kind      string          `json:"kind"`
	Body      json.RawMessage `json:"body"`
	CreatedAt time.Time       `json:"created_at"`
}

// Batch is the body of POST /v1/events: consecutive events of one (kiosk, epoch) stream
// starting at FromSeq.
type Batch struct {
	Kiosk   string  `json:"kiosk"`
	Epoch   string  `json:"epoch"`
	FromSeq int64   `json:"from_seq"`
	Events  []Event `json:"events"`
}

// Ack is the hub's answer to a batch. AckedThrough is the highest seq of the stream the hub
// holds with no gap below it; the kiosk may mark everything through it as synced.
// Rejected events are business refusals: the hub holds them as refused (so the stream has
// no gap) and the kiosk records the reason and never resends them.
type Ack struct {
	AckedThrough int64       `json:"acked_through"`
	Rejected     []Rejection `json:"rejected,omitempty"`
	ServerTime   time.Time   `json:"server_time"`
}

// Rejection names one refused event and why.
type Rejection struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// Gap is the 409 answer when a batch would leave a hole: the hub holds the stream through
// ExpectedSeq-1 and wants ExpectedSeq next.
type Gap struct {
	ExpectedSeq int64 `json:"expected_seq"`
}
