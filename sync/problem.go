package sync

import (
	"encoding/json"
	"fmt"
	"time"
)

// Problem is every 4xx/5xx answer of the hub. Code is for programs, Reason (English) and
// ReasonVI for the people reading the kiosk's admin page or the hub's log.
type Problem struct {
	Status      int       `json:"-"`
	Code        string    `json:"code"`
	Reason      string    `json:"reason"`
	ReasonVI    string    `json:"reason_vi,omitempty"`
	ExpectedSeq int64     `json:"expected_seq,omitempty"` // with CodeGap
	ServerTime  time.Time `json:"server_time"`
}

// HeaderProblem carries a refusal's code on the hub's answer, so a client can decide to
// retry without reading the body (a clock_skew answer is retried with the hub's time).
const HeaderProblem = "X-Motcua-Problem"

// Problem codes.
const (
	CodeBadSignature = "bad_signature"
	CodeUnknownKiosk = "unknown_kiosk"
	CodeRevoked      = "revoked"
	CodeReplay       = "replay"
	CodeClockSkew    = "clock_skew" // the signed time is outside the window: resync the clock offset and retry
	CodeMalformed    = "malformed"
	CodeTooLarge     = "too_large"
	CodeGap          = "gap"
	CodeBadToken     = "bad_token"
	CodeAdminAuth    = "admin_auth" // the dashboard and admin API want the admin token
	CodeNotFound     = "not_found"
	CodeOverloaded   = "overloaded"
	CodeInternal     = "internal"
)

func (p *Problem) Error() string {
	if p.Code == CodeGap {
		return fmt.Sprintf("hub %d %s: %s (expected seq %d)", p.Status, p.Code, p.Reason, p.ExpectedSeq)
	}
	return fmt.Sprintf("hub %d %s: %s", p.Status, p.Code, p.Reason)
}

// DecodeProblem reads a hub's error body; a body that is not a Problem gives one with
// only the status.
func DecodeProblem(status int, body []byte) *Problem {
	p := &Problem{}
	if err := json.Unmarshal(body, p); err != nil || p.Code == "" {
		p = &Problem{Code: CodeInternal, Reason: fmt.Sprintf("HTTP %d", status)}
	}
	p.Status = status
	return p
}
