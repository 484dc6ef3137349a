package kiosk

import (
	"context"
	"time"
)

// Enrolment is this kiosk's registration with the province hub (ghi danh).
type Enrolment struct {
	Enrolled bool      `json:"enrolled"`
	Hub      string    `json:"hub,omitempty"`
	KioskID  string    `json:"kiosk_id,omitempty"`
	Commune  string    `json:"commune,omitempty"` // as the hub knows it
	At       time.Time `json:"enrolled_at,omitzero"`
}

// EnrolRequest asks to enrol with Hub using IT's one-time Token (mc2.…). Confirm must be
// true to enrol a kiosk already enrolled again: its old registration stops syncing.
type EnrolRequest struct {
	Hub     string `json:"hub"`
	Token   string `json:"token"`
	Confirm bool   `json:"confirm"`
}

// EnrolmentService enrols the running kiosk from the admin page. Admins only.
type EnrolmentService interface {
	// Enrolment says whether and where the kiosk is enrolled.
	Enrolment(ctx context.Context) (Enrolment, error)
	// Enrol registers the kiosk with the hub, records the kiosk id (audit list and
	// outbox) and (re)starts sync with it, without a restart. EINVALID names hub or token;
	// ECONFLICT (field "confirm") when the kiosk is enrolled and Confirm is false;
	// EFORBIDDEN when the hub refuses the token or its key is not the one the token pins;
	// EUNAVAILABLE when the hub cannot be reached. A refusal leaves the enrolment as it was.
	Enrol(ctx context.Context, r EnrolRequest) (Enrolment, error)
}
