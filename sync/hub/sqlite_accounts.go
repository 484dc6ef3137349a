package hub

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// CreateUser stores a new user; see AccountStore.
func (s *SQLite) CreateUser(ctx context.Context, u User, hash string, now time.Time) error {
	if err := u.Check(); err != nil {
		return err
	}
	if err := checkHash(hash); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users(name, display_name, role, cluster, password_hash, created_at, password_changed_at)
			VALUES (?,?,?,?,?,?,?) ON CONFLICT(name) DO NOTHING`, u.Name, u.DisplayName, u.Role, u.Cluster, hash, ft(now), ft(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrExists
		}
		return nil
	})
}

// SetPassword replaces the hash and ends the user's sessions.
func (s *SQLite) SetPassword(ctx context.Context, name, hash string, now time.Time) error {
	if err := checkHash(hash); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE name = ?`, hash, ft(now), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ?`, name)
		return err
	})
}

// DisableUser refuses the user's logins from now and ends its sessions.
func (s *SQLite) DisableUser(ctx context.Context, name string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE name = ?`, ft(now), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ?`, name)
		return err
	})
}

const userCols = `name, display_name, role, cluster, created_at, password_changed_at, disabled_at`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var created, changed string
	var disabled sql.NullString
	if err := sc.Scan(append([]any{&u.Name, &u.DisplayName, &u.Role, &u.Cluster, &created, &changed, &disabled}, extra...)...); err != nil {
		return nil, err
	}
	u.Created, u.PasswordChanged = pt(sql.NullString{String: created, Valid: true}), pt(sql.NullString{String: changed, Valid: true})
	u.Disabled = pt(disabled)
	return &u, nil
}

// User returns a user and its hash.
func (s *SQLite) User(ctx context.Context, name string) (*User, string, error) {
	var hash string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE name = ?`, name), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	return u, hash, err
}

// Users lists every user by name.
func (s *SQLite) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CreateSession stores a new session.
func (s *SQLite) CreateSession(ctx context.Context, ss Session) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions(id_hash, user_name, csrf, created_at, seen_at, expires_at, remote) VALUES (?,?,?,?,?,?,?)`,
			ss.IDHash, ss.User, ss.CSRF, ft(ss.Created), ft(ss.Seen), ft(ss.Expires), ss.Remote)
		return err
	})
}

// Session returns a live session and its user; see AccountStore.
func (s *SQLite) Session(ctx context.Context, idHash string, now, idleSince time.Time) (*Session, *User, error) {
	var ss Session
	var created, seen, exp string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT u.name, u.display_name, u.role, u.cluster, u.created_at, u.password_changed_at, u.disabled_at,
			s.id_hash, s.csrf, s.created_at, s.seen_at, s.expires_at, s.remote
		FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.id_hash = ? AND s.expires_at > ? AND s.seen_at > ? AND u.disabled_at IS NULL`, idHash, ft(now), ft(idleSince)),
		&ss.IDHash, &ss.CSRF, &created, &seen, &exp, &ss.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	ss.User = u.Name
	ss.Created = pt(sql.NullString{String: created, Valid: true})
	ss.Seen = pt(sql.NullString{String: seen, Valid: true})
	ss.Expires = pt(sql.NullString{String: exp, Valid: true})
	return &ss, u, nil
}

// TouchSession records activity.
func (s *SQLite) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE id_hash = ?`, ft(now), idHash)
		return err
	})
}

// DeleteSession ends a session (logout).
func (s *SQLite) DeleteSession(ctx context.Context, idHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
		return err
	})
}

// LoginFailures counts a key's failures since since.
func (s *SQLite) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT count(*), min(at) FROM login_failures WHERE key = ? AND at > ?`, key, ft(since)).Scan(&n, &oldest)
	return n, pt(oldest), err
}

// RecordLoginFailure adds a failure under each key.
func (s *SQLite) RecordLoginFailure(ctx context.Context, keys []string, now, forget time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, ft(forget)); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures(key, at) VALUES (?,?)`, k, ft(now)); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearLoginFailures forgets a key's failures (a right password).
func (s *SQLite) ClearLoginFailures(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
		return err
	})
}

// Audit appends a line to the audit log.
func (s *SQLite) Audit(ctx context.Context, e AuditEntry) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, target, detail, remote) VALUES (?,?,?,?,?,?)`,
			ft(e.At), e.Actor, e.Action, e.Target, e.Detail, e.Remote)
		return err
	})
}

// AuditLog returns audit lines, newest first.
func (s *SQLite) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 200
	}
	if q.Before <= 0 {
		q.Before = 1 << 62
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor, action, target, detail, remote FROM audit
		WHERE id < ? AND (? = '' OR actor = ?) ORDER BY id DESC LIMIT ?`, q.Before, q.Actor, q.Actor, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Remote); err != nil {
			return nil, err
		}
		e.At = pt(sql.NullString{String: at, Valid: true})
		out = append(out, e)
	}
	return out, rows.Err()
}

// Tokens lists enrolment tokens, newest first.
func (s *SQLite) Tokens(ctx context.Context) ([]TokenRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT substr(hash, 1, ?), commune, region, cluster, created_at, expires_at, used_at, coalesce(used_by, ''), revoked_at
		FROM tokens ORDER BY created_at DESC, hash`, tokenIDLen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TokenRow
	for rows.Next() {
		var t TokenRow
		var created, exp string
		var used, revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.Commune, &t.Region, &t.Cluster, &created, &exp, &used, &t.UsedBy, &revoked); err != nil {
			return nil, err
		}
		t.Created, t.Expires = pt(sql.NullString{String: created, Valid: true}), pt(sql.NullString{String: exp, Valid: true})
		t.Used, t.Revoked = pt(used), pt(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends an unused token: its expiry moves to just before now, which Enrol
// already refuses.
func (s *SQLite) RevokeToken(ctx context.Context, id string, now time.Time) error {
	if len(id) != tokenIDLen || strings.Trim(id, "0123456789abcdef") != "" {
		return ErrNotFound
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ?, expires_at = min(expires_at, ?)
			WHERE substr(hash, 1, ?) = ? AND used_at IS NULL AND revoked_at IS NULL`, ft(now), ft(now.Add(-time.Microsecond)), tokenIDLen, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}
