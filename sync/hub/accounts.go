package hub

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ErrExists is returned when a user of that name exists already.
var ErrExists = errors.New("exists already")

// Roles of IT accounts. Province IT sees and steers every kiosk; a cluster's IT (the
// former district's, a cụm xã) only the kiosks enrolled with its cluster tag, and gets
// 403 for any other, from the pages and the API alike.
const (
	RoleProvince = "province"
	RoleCluster  = "cluster"
)

// User is an IT account of the hub.
type User struct {
	Name            string    `json:"name"`
	DisplayName     string    `json:"display_name,omitempty"`
	Role            string    `json:"role"`
	Cluster         string    `json:"cluster,omitempty"` // RoleCluster: the cluster tag its kiosks carry
	Created         time.Time `json:"created"`
	PasswordChanged time.Time `json:"password_changed"`
	Disabled        time.Time `json:"disabled,omitzero"`
}

// tokenUser is who the break-glass admin token acts as: province rights, its own name in
// the audit log.
var tokenUser = &User{Name: "admin-token", Role: RoleProvince}

// Sees tells whether u may see and steer k.
func (u *User) Sees(k *Kiosk) bool {
	return u.Role == RoleProvince || (u.Role == RoleCluster && u.Cluster != "" && k.Cluster == u.Cluster)
}

// SeesScope tells whether u may publish to a bundle scope: province anywhere, a cluster's
// IT only to its own cluster.
func (u *User) SeesScope(scope string) bool {
	return u.Role == RoleProvince || (u.Role == RoleCluster && u.Cluster != "" && scope == "cluster:"+u.Cluster)
}

// Label is how pages name the user.
func (u *User) Label() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// Check refuses a user the hub cannot store: a name of lower-case ASCII letters, digits,
// '.', '-' or '_' (it is typed at a login prompt and shows in the audit log), a known
// role, a cluster for exactly the cluster role.
func (u *User) Check() error {
	if n := len(u.Name); n < 2 || n > 64 {
		return fmt.Errorf("user name %q: 2 to 64 characters", u.Name)
	}
	for _, r := range u.Name {
		if !(r >= 'a' && r <= 'z') && !(r >= '0' && r <= '9') && !strings.ContainsRune(".-_", r) {
			return fmt.Errorf("user name %q: lower-case letters, digits, '.', '-' and '_' only", u.Name)
		}
	}
	switch u.Role {
	case RoleProvince:
		if u.Cluster != "" {
			return errors.New("a province user has no cluster")
		}
	case RoleCluster:
		if strings.TrimSpace(u.Cluster) == "" {
			return errors.New("a cluster user needs its cluster (the tag its kiosks were enrolled with)")
		}
	default:
		return fmt.Errorf("role %q: want %s or %s", u.Role, RoleProvince, RoleCluster)
	}
	return nil
}

// MinPasswordLen is the shortest password an IT account may have: it opens a fleet's
// commands from anywhere the hub is reachable.
const MinPasswordLen = 12

// CheckPassword refuses a password that is too short or has control characters.
func CheckPassword(pw string) error {
	if n := len([]rune(pw)); n < MinPasswordLen {
		return fmt.Errorf("the password has %d characters; it needs at least %d", n, MinPasswordLen)
	}
	for _, r := range pw {
		if unicode.IsControl(r) {
			return errors.New("the password has a control character")
		}
	}
	return nil
}

// Session is a signed-in user's session. The cookie holds ID; the store keeps its hash.
type Session struct {
	IDHash  string
	User    string
	CSRF    string // the token every form and script sends back with a change
	Created time.Time
	Seen    time.Time
	Expires time.Time
	Remote  string
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Remote string    `json:"remote,omitempty"`
}

// AuditQuery selects audit lines, newest first; empty fields match all.
type AuditQuery struct {
	Actor  string
	Before int64 // id: lines older than it (paging)
	Limit  int
}

// TokenRow is an enrolment token as IT's page lists it: never the secret, only the start
// of its hash as an id.
type TokenRow struct {
	ID      string    `json:"id"`
	Commune string    `json:"commune"`
	Region  string    `json:"region,omitempty"`
	Cluster string    `json:"cluster,omitempty"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Used    time.Time `json:"used,omitzero"`
	UsedBy  string    `json:"used_by,omitempty"`
	Revoked time.Time `json:"revoked,omitzero"`
}

// State is what the token is at now: "used", "revoked", "expired" or "open".
func (t *TokenRow) State(now time.Time) string {
	switch {
	case !t.Used.IsZero():
		return "used"
	case !t.Revoked.IsZero():
		return "revoked"
	case !t.Expires.After(now):
		return "expired"
	}
	return "open"
}

// tokenIDLen is how many hex digits of a token's hash name it on the page.
const tokenIDLen = 16

// AccountStore keeps IT's accounts, sessions, login failures, the audit log and the
// enrolment tokens' list. Part of Store.
type AccountStore interface {
	// CreateUser stores u with its password hash; ErrExists when the name is taken.
	CreateUser(ctx context.Context, u User, hash string, now time.Time) error
	// SetPassword replaces a user's hash and ends its sessions; ErrNotFound.
	SetPassword(ctx context.Context, name, hash string, now time.Time) error
	// DisableUser refuses the user's later logins and ends its sessions; ErrNotFound.
	DisableUser(ctx context.Context, name string, now time.Time) error
	// User returns a user and its password hash; ErrNotFound.
	User(ctx context.Context, name string) (*User, string, error)
	Users(ctx context.Context) ([]User, error)

	CreateSession(ctx context.Context, s Session) error
	// Session returns the live session of that hash and its user: ErrNotFound when it is
	// unknown, past its end, idle since before idleSince, or its user is disabled.
	Session(ctx context.Context, idHash string, now, idleSince time.Time) (*Session, *User, error)
	// TouchSession records activity (the idle timeout counts from it).
	TouchSession(ctx context.Context, idHash string, now time.Time) error
	DeleteSession(ctx context.Context, idHash string) error

	// LoginFailures counts the failures recorded under key since since, and gives the
	// oldest of them (when the throttle lifts).
	LoginFailures(ctx context.Context, key string, since time.Time) (n int, oldest time.Time, err error)
	// RecordLoginFailure adds one failure under each key and forgets those before forget.
	RecordLoginFailure(ctx context.Context, keys []string, now, forget time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error

	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error)

	// Tokens lists enrolment tokens, newest first.
	Tokens(ctx context.Context) ([]TokenRow, error)
	// RevokeToken ends an unused token (id: TokenRow.ID); ErrNotFound when no unused
	// token has that id.
	RevokeToken(ctx context.Context, id string, now time.Time) error
}
