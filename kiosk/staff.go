package kiosk

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Role is what a staff member may do.
type Role string

// Clerks serve at counters; admins also change settings and see every counter.
const (
	RoleClerk Role = "clerk"
	RoleAdmin Role = "admin"
)

// Staff is a cán bộ who logs in with a PIN. The PIN itself is never stored.
type Staff struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Title    string `json:"title,omitempty"` // chức danh, shown on the staff badge
	Role     Role   `json:"role"`
	Counter  int    `json:"counter,omitempty"` // the counter they usually sit at
	PhotoURL string `json:"photo_url,omitempty"`
}

// StaffPublic is what the hall display shows beside a counter: the directive's staff badge.
type StaffPublic struct {
	Name     string `json:"name"`
	Title    string `json:"title,omitempty"`
	PhotoURL string `json:"photo_url,omitempty"`
}

// Public returns the badge fields only.
func (s Staff) Public() *StaffPublic {
	return &StaffPublic{Name: s.Name, Title: s.Title, PhotoURL: s.PhotoURL}
}

// Session is a logged-in staff member.
type Session struct {
	Staff     Staff     `json:"staff"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Lockout rules: after MaxPINFailures wrong PINs in a row the account is locked for
// PINLockout; sessions last SessionTTL (a working day).
const (
	MaxPINFailures = 5
	PINLockout     = 15 * time.Minute
	SessionTTL     = 12 * time.Hour
)

// AuthService logs staff in with PINs. Login returns EUNAUTHORIZED for a wrong PIN and
// EFORBIDDEN while the account is locked; the messages say how long to wait.
type AuthService interface {
	Login(ctx context.Context, staffID, pin string) (token string, s Session, err error)
	Session(ctx context.Context, token string) (Session, error)
	Logout(ctx context.Context, token string) error
	ListStaff(ctx context.Context) ([]Staff, error)
}

// ValidatePIN checks a PIN's shape: 4 to 8 digits.
func ValidatePIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 || strings.IndexFunc(pin, func(r rune) bool { return !unicode.IsDigit(r) || r > '9' }) >= 0 {
		return Invalid("pin", "Mã PIN phải gồm 4 đến 8 chữ số", "the PIN must be 4 to 8 digits")
	}
	return nil
}
