package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// throttle is one stored bucket of wrong PINs (table login_throttle), drained to now.
type throttle struct {
	kind, key string
	bucket    kiosk.Bucket
	blocked   time.Time // the wait after the last failure ends then
}

func throttleOf(kind string) kiosk.Throttle {
	if kind == kiosk.ThrottleStaff {
		return kiosk.AccountThrottle
	}
	return kiosk.SourceThrottle
}

// wait is how long until a try is allowed again; 0 when it is now.
func (t throttle) wait(now time.Time) time.Duration { return max(0, t.blocked.Sub(now)) }

func (t throttle) left() int { return throttleOf(t.kind).Left(t.bucket.Level) }

func loadThrottle(ctx context.Context, q querier, kind, key string, now time.Time) (throttle, error) {
	t := throttle{kind: kind, key: key, bucket: kiosk.Bucket{At: now}}
	var level int
	var at, blocked string
	err := q.QueryRowContext(ctx, `SELECT level, level_at, blocked_until FROM login_throttle WHERE kind = ? AND key = ?`, kind, key).
		Scan(&level, &at, &blocked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	levelAt, err := parseTime(at)
	if err != nil {
		return t, fmt.Errorf("login_throttle %s %s: %w", kind, key, err)
	}
	if blocked != "" {
		if t.blocked, err = parseTime(blocked); err != nil {
			return t, fmt.Errorf("login_throttle %s %s: %w", kind, key, err)
		}
	}
	t.bucket = kiosk.Bucket{Level: level, At: levelAt}.Drain(now, throttleOf(kind).Leak)
	return t, nil
}

// fail counts one more failure in t and stores it, with the wait it imposes.
func (t throttle) fail(ctx context.Context, tx *Tx) (throttle, error) {
	now, policy := tx.Now(), throttleOf(t.kind)
	t.bucket.Level = min(t.bucket.Level+1, policy.MaxLevel())
	t.blocked = time.Time{}
	blocked := ""
	if w := policy.Wait(t.bucket.Level); w > 0 {
		t.blocked = now.Add(w)
		blocked = formatTime(t.blocked)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO login_throttle(kind, key, level, level_at, blocked_until) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(kind, key) DO UPDATE SET level = excluded.level, level_at = excluded.level_at, blocked_until = excluded.blocked_until`,
		t.kind, t.key, t.bucket.Level, formatTime(t.bucket.At), blocked)
	return t, err
}

// pruneThrottles forgets buckets that have emptied and impose no wait, so addresses seen
// once do not pile up: a bucket untouched for MaxLevel leaks is empty whatever it held.
func pruneThrottles(ctx context.Context, tx *Tx) error {
	for _, kind := range []string{kiosk.ThrottleStaff, kiosk.ThrottleSource} {
		p := throttleOf(kind)
		cutoff := tx.Now().Add(-time.Duration(p.MaxLevel()) * p.Leak)
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE kind = ? AND level_at < ? AND blocked_until < ?`,
			kind, formatTime(cutoff), formatTime(tx.Now())); err != nil {
			return err
		}
	}
	return nil
}

// waitError is the refusal of a try made while any of ts imposes a wait (the longest
// one), or nil.
func waitError(now time.Time, ts ...throttle) error {
	var longest throttle
	for _, t := range ts {
		if t.wait(now) > longest.wait(now) {
			longest = t
		}
	}
	w := longest.wait(now)
	if w == 0 {
		return nil
	}
	vi, en := kiosk.WaitText(w)
	e := kiosk.Errorf(kiosk.ETOOMANY, "Máy này đã nhập sai mã PIN nhiều lần. Xin chờ "+vi+" rồi thử lại.",
		"too many wrong PINs from this device; wait "+en+" and try again")
	if longest.kind == kiosk.ThrottleStaff {
		e = kiosk.Errorf(kiosk.ETOOMANY, "Tài khoản này đã bị nhập sai mã PIN nhiều lần. Xin chờ "+vi+" rồi thử lại, hoặc nhờ quản trị viên mở khóa.",
			"too many wrong PINs for this account; wait "+en+" and try again, or ask an admin to unlock it")
	}
	e.RetryAfter = w
	return e
}

// wrongPINError answers a wrong PIN, telling how many tries are left before a wait (the
// fewest of ts), or how long the wait now is.
func wrongPINError(now time.Time, ts ...throttle) error {
	left, wait := -1, time.Duration(0)
	for _, t := range ts {
		if left < 0 || t.left() < left {
			left = t.left()
		}
		wait = max(wait, t.wait(now))
	}
	if wait > 0 {
		vi, en := kiosk.WaitText(wait)
		e := kiosk.Errorf(kiosk.EUNAUTHORIZED, "Mã cán bộ hoặc mã PIN không đúng. Xin chờ "+vi+" rồi thử lại.",
			"wrong staff id or PIN; wait "+en+" before trying again")
		e.RetryAfter = wait
		return e
	}
	return kiosk.Errorf(kiosk.EUNAUTHORIZED, fmt.Sprintf("Mã cán bộ hoặc mã PIN không đúng. Còn %d lần thử trước khi phải chờ.", left),
		fmt.Sprintf("wrong staff id or PIN; %d tries left before a wait", left))
}

// LoginThrottles lists the accounts and addresses with wrong PINs not yet forgotten, or a
// wait not yet over, the longest waits first: the admin page shows them with an unlock
// button.
func (a *AuthService) LoginThrottles(ctx context.Context) ([]kiosk.LoginThrottle, error) {
	now := a.DB.Clock()
	rows, err := a.DB.Reader().QueryContext(ctx, `SELECT t.kind, t.key, coalesce(s.name, '') FROM login_throttle t
		LEFT JOIN staff s ON t.kind = 'staff' AND s.id = t.key ORDER BY t.blocked_until DESC, t.kind, t.key`)
	if err != nil {
		return nil, storageError(a.DB.Path, err)
	}
	type named struct{ kind, key, name string }
	var keys []named
	for rows.Next() {
		var n named
		if err := rows.Scan(&n.kind, &n.key, &n.name); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []kiosk.LoginThrottle{}
	for _, n := range keys {
		t, err := loadThrottle(ctx, a.DB.Reader(), n.kind, n.key, now)
		if err != nil {
			return nil, err
		}
		if t.bucket.Level == 0 && t.wait(now) == 0 {
			continue
		}
		lt := kiosk.LoginThrottle{Kind: n.kind, Key: n.key, Name: n.name, Failures: t.bucket.Level, Left: t.left()}
		if t.wait(now) > 0 {
			lt.BlockedUntil = t.blocked
		}
		out = append(out, lt)
	}
	return out, nil
}

// Unlock forgets the wrong PINs of one account or address and ends its wait, with an
// outbox event and an audit entry. An unknown kind is EINVALID; a key
// with nothing to forget is ENOTFOUND.
func (a *AuthService) Unlock(ctx context.Context, kind, key string) error {
	if kind != kiosk.ThrottleStaff && kind != kiosk.ThrottleSource {
		return kiosk.Invalid("kind", "Loại phải là staff hoặc source", "kind must be staff or source")
	}
	return a.DB.Write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE kind = ? AND key = ?`, kind, key)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kiosk.Errorf(kiosk.ENOTFOUND, "Không có lần nhập sai nào để mở khóa", "nothing to unlock")
		}
		vi, en := "Mở khóa đăng nhập cho máy "+key, "Unlocked logins from "+key
		if kind == kiosk.ThrottleStaff {
			var name string
			_ = tx.QueryRowContext(ctx, `SELECT name FROM staff WHERE id = ?`, key).Scan(&name)
			vi, en = "Mở khóa đăng nhập cho tài khoản «"+cmp.Or(name, key)+"»", "Unlocked the account "+cmp.Or(name, key)
		} else if key == "window" {
			vi, en = "Mở khóa đăng nhập tại cửa sổ kiosk", "Unlocked logins at the kiosk window"
		}
		return tx.Change("staff.unlocked", map[string]string{"kind": kind, "key": key}, vi, en)
	})
}
