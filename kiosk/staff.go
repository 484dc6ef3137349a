package kiosk

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	// Disabled accounts cannot log in and are not offered on the login screens; their
	// history keeps their name.
	Disabled bool `json:"disabled,omitempty"`
}

// Validate checks what an admin types for a staff member, naming the box at fault.
func (s Staff) Validate() error {
	name, title := utf8.RuneCountInString(strings.TrimSpace(s.Name)), utf8.RuneCountInString(s.Title)
	switch {
	case ValidateStaffID(s.ID) != nil:
		return Invalid("id", "«Tên đăng nhập» gồm 2–32 chữ thường không dấu, chữ số, dấu chấm, - hoặc _, bắt đầu bằng chữ hoặc số",
			"the login id takes 2–32 lowercase ASCII letters, digits, '.', '-' or '_', starting with a letter or digit")
	case name == 0:
		return Invalid("name", "Chưa nhập «Họ và tên»", "the name is empty")
	case name > 80:
		return Invalid("name", "«Họ và tên» dài quá 80 ký tự", "the name is over 80 characters")
	case title > 80:
		return Invalid("title", "«Chức danh» dài quá 80 ký tự", "the title is over 80 characters")
	case s.Role != RoleClerk && s.Role != RoleAdmin:
		return Invalid("role", "«Vai trò» phải là cán bộ tiếp nhận hoặc quản trị viên", "role must be clerk or admin")
	case s.Counter < 0:
		return Invalid("counter", "«Quầy» không hợp lệ", "bad counter")
	}
	return nil
}

// StaffAdmin is the admin page's management of staff accounts; admins only. Each change
// is in the outbox and the audit list. EINVALID names the field at fault; ENOTFOUND for an
// unknown id; ECONFLICT when the change would leave no enabled admin.
type StaffAdmin interface {
	// AllStaff lists everyone, disabled accounts included.
	AllStaff(ctx context.Context) ([]Staff, error)
	// SaveStaff creates or updates name, title, role and counter; a new member needs a PIN
	// (pin "" keeps the current one). The photo and the disabled flag are not touched.
	SaveStaff(ctx context.Context, s Staff, pin string) error
	// ResetPIN sets a new PIN and ends the member's sessions.
	ResetPIN(ctx context.Context, id, pin string) error
	// SetDisabled disables (ending their sessions) or re-enables an account.
	SetDisabled(ctx context.Context, id string, disabled bool) error
	// SetPhoto stores a badge photo already cropped and encoded (see the photo package) and
	// returns the member with its new PhotoURL.
	SetPhoto(ctx context.Context, id string, jpeg []byte) (Staff, error)
	// Photo returns a member's badge photo and its version; ENOTFOUND when there is none.
	Photo(ctx context.Context, id string) (jpeg []byte, version string, err error)
}

// StaffPublic is what the hall display shows beside a counter: the directive's staff badge.
type StaffPublic struct {
	Name     string `json:"name"`
	Title    string `json:"title,omitempty"`
	PhotoURL string `json:"photo_url,omitempty"`
}

// MayActAt says whether s may act at the counter: a clerk only at the one assigned to them
// (so no clerk opens or calls at a colleague's desk, under their own name), an admin at
// any. EFORBIDDEN says which counter is theirs.
func (s Staff) MayActAt(counter int) error {
	switch {
	case s.Role == RoleAdmin || s.Counter == counter:
		return nil
	case s.Counter == 0:
		return Errorf(EFORBIDDEN, "Tài khoản này chưa được phân công quầy nào. Xin báo quản trị viên.",
			"this account is not assigned to any counter; ask an admin")
	default:
		return Errorf(EFORBIDDEN, fmt.Sprintf("Tài khoản này chỉ được thao tác tại quầy %d, quầy được phân công.", s.Counter),
			fmt.Sprintf("this account may act only at counter %d, the one assigned to it", s.Counter))
	}
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

// SessionTTL is how long a session lasts: a working day. Wrong PINs are slowed by
// AccountThrottle and SourceThrottle (throttle.go).
const SessionTTL = 12 * time.Hour

// Throttle kinds: a staff account, or a source address (an IPv4 address, an IPv6 /64, or
// "window" for the kiosk window).
const (
	ThrottleStaff  = "staff"
	ThrottleSource = "source"
)

// LoginThrottle is one account's or one address's recent wrong PINs, for the admin page.
type LoginThrottle struct {
	Kind         string    `json:"kind"` // ThrottleStaff or ThrottleSource
	Key          string    `json:"key"`  // the staff id or the address
	Name         string    `json:"name,omitempty"`
	Failures     int       `json:"failures"` // not yet forgotten
	Left         int       `json:"left"`     // further failures before a wait
	BlockedUntil time.Time `json:"blocked_until,omitzero"`
}

// AuthService logs staff in with PINs. Login counts a wrong PIN against the account and
// against source (the client's address); it returns EUNAUTHORIZED for a wrong PIN, saying
// how many tries are left, and ETOOMANY while either must wait, saying how long. Only
// admins may call LoginThrottles and Unlock (which forgets a throttle's failures).
type AuthService interface {
	Login(ctx context.Context, staffID, pin, source string) (token string, s Session, err error)
	Session(ctx context.Context, token string) (Session, error)
	Logout(ctx context.Context, token string) error
	ListStaff(ctx context.Context) ([]Staff, error)
	LoginThrottles(ctx context.Context) ([]LoginThrottle, error)
	Unlock(ctx context.Context, kind, key string) error
}

// ValidatePIN checks a PIN's shape: 4 to 8 digits.
func ValidatePIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 || !allDigits(pin) {
		return Invalid("pin", "Mã PIN phải gồm 4 đến 8 chữ số", "the PIN must be 4 to 8 digits")
	}
	return nil
}

// AdminPINDigits is the fewest digits of an admin's PIN set on the kiosk: an admin changes
// every setting and unlocks accounts, so their PIN must hold out longer against guessing
// than a clerk's.
const AdminPINDigits = 6

// ValidatePINFor checks a PIN for a staff member of role: ValidatePIN, and for an admin
// at least AdminPINDigits digits.
func ValidatePINFor(role Role, pin string) error {
	if role == RoleAdmin && (len(pin) < AdminPINDigits || len(pin) > 8 || !allDigits(pin)) {
		return Invalid("pin", "Mã PIN của quản trị viên phải gồm 6 đến 8 chữ số", "an admin's PIN must be 6 to 8 digits")
	}
	return ValidatePIN(pin)
}

func allDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) || r > '9' }) < 0
}

// StaffRecord is one staff member as the province's staff bundle carries them: the PIN
// only as its argon2id hash, set at the province.
type StaffRecord struct {
	Staff
	PINHash string `json:"pin_hash"`
}

// StaffReplacer makes the commune's staff exactly a list, in one transaction, or refuses
// the whole list (kiosk/sqlite.AuthService).
type StaffReplacer interface {
	ReplaceStaff(ctx context.Context, records []StaffRecord) error
}

// ApplyStaffBundle applies the province's "staff" bundle through r: the list decoded
// strictly, then replaced whole or refused with nothing changed.
func ApplyStaffBundle(ctx context.Context, r StaffReplacer, payload []byte) error {
	var list []StaffRecord
	if err := DecodePayload(payload, &list); err != nil {
		return err
	}
	return r.ReplaceStaff(ctx, list)
}
