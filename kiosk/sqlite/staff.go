package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
	"golang.org/x/crypto/argon2"
)

// AuthService keeps staff and their PIN sessions.
type AuthService struct {
	DB *DB
}

var _ kiosk.AuthService = (*AuthService)(nil)

// argon2id parameters: OWASP's minimum (19 MiB, 2 passes), ~30 ms on a kiosk PC; a PIN
// has few digits, so the throttles, not the hash, are what stop guessing on the LAN.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPIN returns the stored form of a PIN.
func HashPIN(pin string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pin), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("argon2id$%d$%d$%d$%s$%s", argonTime, argonMemory, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func checkPIN(stored, pin string) bool {
	h, err := parsePINHash(stored)
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(pin), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1
}

// PutStaff creates or replaces a staff member; pin "" keeps the current PIN. A PIN set
// here follows kiosk.ValidatePINFor: an admin's has at least 6 digits.
func (a *AuthService) PutStaff(ctx context.Context, s kiosk.Staff, pin string) error {
	if pin != "" {
		if err := kiosk.ValidatePINFor(s.Role, pin); err != nil {
			return err
		}
	}
	return a.putStaff(ctx, s, pin)
}

// putStaff is PutStaff with the PIN checked for its shape only (4 to 8 digits), for the
// demo staff, whose admin has the documented 4-digit PIN.
func (a *AuthService) putStaff(ctx context.Context, s kiosk.Staff, pin string) error {
	if strings.TrimSpace(s.ID) == "" || strings.TrimSpace(s.Name) == "" {
		return kiosk.Invalid("id", "Cán bộ phải có mã và họ tên", "staff need an id and a name")
	}
	if s.Role != kiosk.RoleClerk && s.Role != kiosk.RoleAdmin {
		return kiosk.Invalid("role", "Vai trò phải là clerk hoặc admin", "role must be clerk or admin")
	}
	hash := ""
	if pin != "" {
		if err := kiosk.ValidatePIN(pin); err != nil {
			return err
		}
		hash = HashPIN(pin)
	}
	return a.DB.Write(ctx, func(tx *Tx) error {
		if hash == "" {
			err := tx.QueryRowContext(ctx, `SELECT pin_hash FROM staff WHERE id = ?`, s.ID).Scan(&hash)
			if errors.Is(err, sql.ErrNoRows) {
				return kiosk.Invalid("pin", "Cán bộ mới phải có mã PIN", "a new staff member needs a PIN")
			}
			if err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO staff(id, name, title, role, counter_id, photo_url, pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, title = excluded.title, role = excluded.role,
			counter_id = excluded.counter_id, photo_url = excluded.photo_url, pin_hash = excluded.pin_hash`,
			s.ID, s.Name, s.Title, string(s.Role), s.Counter, s.PhotoURL, hash)
		return err
	})
}

// DemoStaff are the synthetic clerks seeded on an empty database in demo mode (Config.Demo);
// their PINs are documented in docs/api.md, their badge pictures are drawn silhouettes
// (frontend/public/demo/). Never on a real kiosk.
var DemoStaff = []struct {
	kiosk.Staff
	PIN string
}{
	{kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Title: "Công chức Tư pháp – Hộ tịch", Role: kiosk.RoleClerk, Counter: 1, PhotoURL: "/demo/canbo1.svg"}, "1111"},
	{kiosk.Staff{ID: "canbo2", Name: "Trần Văn Hùng", Title: "Công chức Địa chính – Xây dựng", Role: kiosk.RoleClerk, Counter: 2, PhotoURL: "/demo/canbo2.svg"}, "2222"},
	{kiosk.Staff{ID: "canbo3", Name: "Y Nhi Niê", Title: "Công chức Văn hóa – Xã hội", Role: kiosk.RoleClerk, Counter: 3, PhotoURL: "/demo/canbo3.svg"}, "3333"},
	{kiosk.Staff{ID: "quantri", Name: "Phạm Minh Đức", Title: "Quản trị hệ thống", Role: kiosk.RoleAdmin}, "9999"},
}

// SeedDemoStaff adds the demo clerks if there is no staff at all.
func (a *AuthService) SeedDemoStaff(ctx context.Context) (bool, error) {
	var n int
	if err := a.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	for _, d := range DemoStaff {
		if err := a.putStaff(ctx, d.Staff, d.PIN); err != nil {
			return false, err
		}
	}
	return true, nil
}

// RemoveDemoStaff deletes the demo staff that still have their documented PINs, with
// their sessions, and returns their ids: a kiosk leaving demo mode (or one seeded by an
// older release, when demo staff were on by default) must not keep an admin whose PIN is
// in the manual. An account that shares a demo id but has another PIN is kept.
func (a *AuthService) RemoveDemoStaff(ctx context.Context) ([]string, error) {
	removed := []string{}
	for _, d := range DemoStaff {
		var hash string
		err := a.DB.Reader().QueryRowContext(ctx, `SELECT pin_hash FROM staff WHERE id = ?`, d.ID).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return removed, storageError(a.DB.Path, err)
		}
		if !checkPIN(hash, d.PIN) {
			continue
		}
		if err := a.DB.Write(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM staff WHERE id = ? AND pin_hash = ?`, d.ID, hash)
			return err
		}); err != nil {
			return removed, err
		}
		removed = append(removed, d.ID)
	}
	return removed, nil
}

// SetPIN gives staff member id a new PIN (kiosk.ValidatePINFor their role) and ends their
// sessions, for an installer resetting a forgotten PIN (`motcua staff reset-pin`).
// ENOTFOUND for an unknown id.
func (a *AuthService) SetPIN(ctx context.Context, id, pin string) error {
	s, err := a.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := kiosk.ValidatePINFor(s.Role, pin); err != nil {
		return err
	}
	hash := HashPIN(pin)
	return a.DB.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET pin_hash = ? WHERE id = ?`, hash, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = ?`, id)
		return err
	})
}

// StaffCount is how many staff may log in: none means a kiosk that is not set up.
func (a *AuthService) StaffCount(ctx context.Context) (int, error) {
	var n int
	if err := a.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
		return 0, storageError(a.DB.Path, err)
	}
	return n, nil
}

// Get returns one staff member.
func (a *AuthService) Get(ctx context.Context, id string) (kiosk.Staff, error) {
	var s kiosk.Staff
	var role string
	err := a.DB.Reader().QueryRowContext(ctx, `SELECT id, name, title, role, counter_id, photo_url, disabled FROM staff WHERE id = ?`, id).
		Scan(&s.ID, &s.Name, &s.Title, &role, &s.Counter, &s.PhotoURL, &s.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return s, kiosk.Errorf(kiosk.ENOTFOUND, "Không có cán bộ này", "no such staff member")
	}
	s.Role = kiosk.Role(role)
	return s, err
}

// ListStaff returns everyone who may log in, for the login screen (no secrets): disabled
// accounts are left out.
func (a *AuthService) ListStaff(ctx context.Context) ([]kiosk.Staff, error) {
	return a.listStaff(ctx, `WHERE disabled = 0`)
}

func (a *AuthService) listStaff(ctx context.Context, where string) ([]kiosk.Staff, error) {
	rows, err := a.DB.Reader().QueryContext(ctx, `SELECT id, name, title, role, counter_id, photo_url, disabled FROM staff `+where+` ORDER BY role DESC, counter_id, name`)
	if err != nil {
		return nil, storageError(a.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.Staff{}
	for rows.Next() {
		var s kiosk.Staff
		var role string
		if err := rows.Scan(&s.ID, &s.Name, &s.Title, &role, &s.Counter, &s.PhotoURL, &s.Disabled); err != nil {
			return nil, err
		}
		s.Role = kiosk.Role(role)
		out = append(out, s)
	}
	return out, rows.Err()
}

// pinChecks lets one argon2id check run at a time: each takes 19 MiB and ~30 ms of a core,
// and a LAN client sending logins in parallel must neither exhaust the kiosk PC's memory
// nor take the cores that issue numbers (a 2-core PC keeps one free; ~30 logins a second
// is far more than a hall needs).
var pinChecks = make(chan struct{}, 1)

// dummyHash is checked for unknown staff ids so they take as long as real ones.
var dummyHash = sync.OnceValue(func() string { return HashPIN("0000") })

func checkPINLimited(ctx context.Context, stored, pin string) (bool, error) {
	select {
	case pinChecks <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-pinChecks }()
	return checkPIN(stored, pin), nil
}

// Login checks the PIN of staffID, tried from source (the client's address). A wrong PIN
// counts against the account and the source (kiosk.AccountThrottle, kiosk.SourceThrottle);
// a try while either must wait is refused before the PIN is checked, and counts nothing.
// A right PIN empties neither bucket. The slow argon2id check runs outside any
// transaction, so a login never holds the one writer that issues numbers; the buckets are
// then re-read in the write, so parallel guesses get at most Free wrong answers in commit
// order and nothing once a wait began.
func (a *AuthService) Login(ctx context.Context, staffID, pin, source string) (string, kiosk.Session, error) {
	var sess kiosk.Session
	throttles := func(q querier, now time.Time) (acct, src throttle, err error) {
		if acct, err = loadThrottle(ctx, q, kiosk.ThrottleStaff, staffID, now); err != nil {
			return
		}
		src, err = loadThrottle(ctx, q, kiosk.ThrottleSource, source, now)
		return
	}
	now := a.DB.Clock()
	acct, src, err := throttles(a.DB.Reader(), now)
	if err != nil {
		return "", sess, storageError(a.DB.Path, err)
	}
	if err := waitError(now, acct, src); err != nil {
		return "", sess, err
	}
	var hash string
	known := true
	err = a.DB.Reader().QueryRowContext(ctx, `SELECT pin_hash FROM staff WHERE id = ?`, staffID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		known, hash = false, dummyHash()
	} else if err != nil {
		return "", sess, storageError(a.DB.Path, err)
	}
	right, err := checkPINLimited(ctx, hash, pin)
	if err != nil {
		return "", sess, err
	}
	right = right && known
	var token string
	var failure error
	err = a.DB.Write(ctx, func(tx *Tx) error {
		now := tx.Now()
		acct, src, err := throttles(tx, now)
		if err != nil {
			return err
		}
		if failure = waitError(now, acct, src); failure != nil {
			return nil
		}
		if !right {
			if src, err = src.fail(ctx, tx); err != nil {
				return err
			}
			failed := []throttle{src}
			if known { // unknown ids are counted against the source only
				if acct, err = acct.fail(ctx, tx); err != nil {
					return err
				}
				failed = append(failed, acct)
			}
			failure = wrongPINError(now, failed...)
			return pruneThrottles(ctx, tx)
		}
		raw := make([]byte, 32)
		_, _ = rand.Read(raw)
		token = hex.EncodeToString(raw)
		sess.ExpiresAt = now.Add(kiosk.SessionTTL)
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sessions(token_hash, staff_id, expires_at) VALUES (?, ?, ?)`, tokenHash(token), staffID, formatTime(sess.ExpiresAt))
		return err
	})
	if err != nil {
		return "", sess, err
	}
	if failure != nil {
		return "", sess, failure
	}
	sess.Staff, err = a.Get(ctx, staffID)
	if err == nil && sess.Staff.Disabled {
		_ = a.endSessions(ctx, staffID)
		return "", kiosk.Session{}, errDisabled
	}
	return token, sess, err
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

var errNoSession = kiosk.Errorf(kiosk.EUNAUTHORIZED, "Phiên đăng nhập đã hết hạn. Xin đăng nhập lại bằng mã PIN.", "the session has expired; log in again")

// Session returns the live session for token.
func (a *AuthService) Session(ctx context.Context, token string) (kiosk.Session, error) {
	var sess kiosk.Session
	if token == "" {
		return sess, errNoSession
	}
	var staffID, exp string
	err := a.DB.Reader().QueryRowContext(ctx, `SELECT staff_id, expires_at FROM sessions WHERE token_hash = ?`, tokenHash(token)).Scan(&staffID, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, errNoSession
	}
	if err != nil {
		return sess, err
	}
	if sess.ExpiresAt, err = parseTime(exp); err != nil || !a.DB.Clock().Before(sess.ExpiresAt) {
		return kiosk.Session{}, errNoSession
	}
	sess.Staff, err = a.Get(ctx, staffID)
	if err == nil && sess.Staff.Disabled {
		return kiosk.Session{}, errNoSession
	}
	return sess, err
}

// Logout ends the session.
func (a *AuthService) Logout(ctx context.Context, token string) error {
	return a.DB.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token))
		return err
	})
}

// ReplaceStaff makes the staff exactly records, in one transaction: members not listed are
// removed (and their sessions end), the others are added or updated. A record that is not
// valid refuses the whole list and changes nothing.
func (a *AuthService) ReplaceStaff(ctx context.Context, records []kiosk.StaffRecord) error {
	if len(records) == 0 {
		return kiosk.Invalid("staff", "Danh sách cán bộ trống", "the staff list is empty")
	}
	seen := map[string]bool{}
	for i, r := range records {
		field := fmt.Sprintf("staff[%d]", i)
		switch {
		case strings.TrimSpace(r.ID) == "" || strings.TrimSpace(r.Name) == "":
			return kiosk.Invalid(field, "Cán bộ phải có mã và họ tên", "staff need an id and a name")
		case seen[r.ID]:
			return kiosk.Invalid(field, "Mã cán bộ "+r.ID+" bị trùng", "duplicate staff id "+r.ID)
		case r.Role != kiosk.RoleClerk && r.Role != kiosk.RoleAdmin:
			return kiosk.Invalid(field+".role", "Vai trò phải là clerk hoặc admin", "role must be clerk or admin")
		}
		if _, err := parsePINHash(r.PINHash); err != nil {
			return kiosk.Invalid(field+".pin_hash", "Mã PIN của cán bộ "+r.ID+" không ở dạng băm argon2id hợp lệ, hoặc có tham số ngoài giới hạn cho phép",
				"pin_hash of "+r.ID+": "+err.Error())
		}
		seen[r.ID] = true
	}
	return a.DB.Write(ctx, func(tx *Tx) error {
		ids := make([]any, 0, len(records))
		for _, r := range records {
			if _, err := tx.ExecContext(ctx, `INSERT INTO staff(id, name, title, role, counter_id, photo_url, pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(id) DO UPDATE SET name = excluded.name, title = excluded.title, role = excluded.role,
				counter_id = excluded.counter_id, photo_url = excluded.photo_url, pin_hash = excluded.pin_hash`,
				r.ID, r.Name, r.Title, string(r.Role), r.Counter, r.PhotoURL, r.PINHash); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff WHERE id NOT IN (`+in+`)`, ids...); err != nil {
			return err
		}
		_, err := tx.Emit("staff.replaced", map[string]int{"count": len(records)})
		return err
	})
}
