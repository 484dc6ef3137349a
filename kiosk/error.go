package kiosk

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. Each maps to one HTTP status in kiosk/web and to a message a person can
// read; programs switch on the code, people read the message.
const (
	EINVALID      = "invalid"      // the input is wrong; nothing changed
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // the state does not allow it (already called, already rated…)
	EUNAUTHORIZED = "unauthorized" // not logged in, or a wrong PIN
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	ETOOLARGE     = "too_large"    // a body or file over its limit
	ETOOMANY      = "too_many"     // too many tries or requests from here; wait RetryAfter
	EUNAVAILABLE  = "unavailable"  // a dependency (disk, printer, hub) cannot serve now; try later
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is the one error type whose code and message cross the boundary to people and
// programs. Message is Vietnamese (the language the desk works in), MessageEN its English
// twin. Field names the input at fault, when there is one. RetryAfter, with ETOOMANY, is
// how long until a new try can succeed. Reason, when set, tells one refusal of a code from
// the others of the same code (ReasonRated, ReasonLate, …), for a screen that answers each
// in its own words and its own spoken prompt rather than reading the message.
type Error struct {
	Code       string
	Message    string
	MessageEN  string
	Field      string
	RetryAfter time.Duration
	Reason     string
}

// Reasons of the refusals a villager's screen answers each its own way (the kiosk's "Đánh
// giá sự phục vụ"): programs switch on them, people still read the message.
const (
	ReasonRated      = "rated"       // rated (or assessed) already
	ReasonLate       = "late"        // older than the window in which it may be rated
	ReasonNotServed  = "not_served"  // the ticket not served yet, the dossier not returned yet
	ReasonOtherKiosk = "other_kiosk" // a ticket another kiosk issued
	ReasonOff        = "off"         // the assessment is not in use here
	ReasonOtherDay   = "other_day"   // a ticket of another day: its place in line is gone
)

// WithReason returns a copy of e carrying reason.
func (e *Error) WithReason(reason string) *Error {
	c := *e
	c.Reason = reason
	return &c
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.MessageEN, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.MessageEN)
}

// Errorf returns an *Error with the code and the two messages.
func Errorf(code, vi, en string) *Error {
	return &Error{Code: code, Message: vi, MessageEN: en}
}

// Invalid returns an EINVALID error naming the field at fault.
func Invalid(field, vi, en string) *Error {
	return &Error{Code: EINVALID, Message: vi, MessageEN: en, Field: field}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorOf returns the *Error in err's chain, or a generic internal error that reveals
// nothing of err to the person reading it (the details belong in the log).
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EINTERNAL,
		Message:   "Hệ thống gặp lỗi. Xin vui lòng thử lại hoặc báo cán bộ.",
		MessageEN: "The system hit an error. Please try again or tell a clerk."}
}
