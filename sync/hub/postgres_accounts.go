package hub

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// CreateUser stores a new user; see AccountStore.
func (s *Postgres) CreateUser(ctx context.Context, u User, hash string, now time.Time) error {
	if err := u.Check(); err != nil {
		return err
	}
	if err := checkHash(hash); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO users(name, display_name, role, cluster, password_hash, created_at, password_changed_at)
		VALUES ($1,$2,$3,$4,$5,$6,$6) ON CONFLICT (name) DO NOTHING`, u.Name, u.DisplayName, u.Role, u.Cluster, hash, now)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrExists
	}
	return nil
}

// SetPassword replaces the hash and ends the user's sessions.
func (s *Postgres) SetPassword(ctx context.Context, name, hash string, now time.Time) error {
	if err := checkHash(hash); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE name = $3`, hash, now, name)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_name = $1`, name)
		return err
	})
}

// DisableUser refuses the user's logins from now and ends its sessions.
func (s *Postgres) DisableUser(ctx context.Context, name string, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET disabled_at = coalesce(disabled_at, $1) WHERE name = $2`, now, name)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_name = $1`, name)
		return err
	})
}

const pgUserCols = `u.name, u.display_name, u.role, u.cluster, u.created_at, u.password_changed_at, u.disabled_at`

func pgScanUser(row pgx.Row, extra ...any) (*User, error) {
	var u User
	var disabled pgtype.Timestamptz
	if err := row.Scan(append([]any{&u.Name, &u.DisplayName, &u.Role, &u.Cluster, &u.Created, &u.PasswordChanged, &disabled}, extra...)...); err != nil {
		return nil, err
	}
	u.Created, u.PasswordChanged, u.Disabled = u.Created.UTC(), u.PasswordChanged.UTC(), utc(disabled)
	return &u, nil
}

// User returns a user and its hash.
func (s *Postgres) User(ctx context.Context, name string) (*User, string, error) {
	var hash string
	u, err := pgScanUser(s.pool.QueryRow(ctx, `SELECT `+pgUserCols+`, u.password_hash FROM users u WHERE u.name = $1`, name), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	return u, hash, err
}

// Users lists every user by name (IT's pool).
func (s *Postgres) Users(ctx context.Context) ([]User, error) {
	rows, err := s.admin.Query(ctx, `SELECT `+pgUserCols+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := pgScanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CreateSession stores a new session.
func (s *Postgres) CreateSession(ctx context.Context, ss Session) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions(id_hash, user_name, csrf, created_at, seen_at, expires_at, remote) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		ss.IDHash, ss.User, ss.CSRF, ss.Created, ss.Seen, ss.Expires, ss.Remote)
	return err
}

// Session returns a live session and its user; see AccountStore. IT's pool: every page
// view asks it.
func (s *Postgres) Session(ctx context.Context, idHash string, now, idleSince time.Time) (*Session, *User, error) {
	var ss Session
	u, err := pgScanUser(s.admin.QueryRow(ctx, `SELECT `+pgUserCols+`, s.id_hash, s.csrf, s.created_at, s.seen_at, s.expires_at, s.remote
		FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.seen_at > $3 AND u.disabled_at IS NULL`, idHash, now, idleSince),
		&ss.IDHash, &ss.CSRF, &ss.Created, &ss.Seen, &ss.Expires, &ss.Remote)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	ss.User = u.Name
	ss.Created, ss.Seen, ss.Expires = ss.Created.UTC(), ss.Seen.UTC(), ss.Expires.UTC()
	return &ss, u, nil
}

// TouchSession records activity.
func (s *Postgres) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	_, err := s.admin.Exec(ctx, `UPDATE sessions SET seen_at = greatest(seen_at, $1) WHERE id_hash = $2`, now, idHash)
	return err
}

// DeleteSession ends a session (logout).
func (s *Postgres) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return err
}

// LoginFailures counts a key's failures since since.
func (s *Postgres) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest pgtype.Timestamptz
	err := s.pool.QueryRow(ctx, `SELECT count(*), min(at) FROM login_failures WHERE key = $1 AND at > $2`, key, since).Scan(&n, &oldest)
	return n, utc(oldest), err
}

// RecordLoginFailure adds a failure under each key.
func (s *Postgres) RecordLoginFailure(ctx context.Context, keys []string, now, forget time.Time) error {
	var batch pgx.Batch
	batch.Queue(`DELETE FROM login_failures WHERE at < $1`, forget)
	batch.Queue(`INSERT INTO login_failures(key, at) SELECT k, $2 FROM unnest($1::text[]) AS k`, keys, now)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return tx.SendBatch(ctx, &batch).Close() })
}

// ClearLoginFailures forgets a key's failures (a right password).
func (s *Postgres) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return err
}

// Audit appends a line to the audit log.
func (s *Postgres) Audit(ctx context.Context, e AuditEntry) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO audit(at, actor, action, target, detail, remote) VALUES ($1,$2,$3,$4,$5,$6)`,
		e.At, e.Actor, e.Action, e.Target, e.Detail, e.Remote)
	return err
}

// AuditLog returns audit lines, newest first (IT's pool).
func (s *Postgres) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 200
	}
	if q.Before <= 0 {
		q.Before = 1 << 62
	}
	rows, err := s.admin.Query(ctx, `SELECT id, at, actor, action, target, detail, remote FROM audit
		WHERE id < $1 AND ($2 = '' OR actor = $2) ORDER BY id DESC LIMIT $3`, q.Before, q.Actor, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Remote); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Tokens lists enrolment tokens, newest first (IT's pool).
func (s *Postgres) Tokens(ctx context.Context) ([]TokenRow, error) {
	rows, err := s.admin.Query(ctx, `SELECT substr(hash, 1, $1), commune, region, cluster, created_at, expires_at, used_at, coalesce(used_by, ''), revoked_at
		FROM tokens ORDER BY created_at DESC, hash`, tokenIDLen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TokenRow
	for rows.Next() {
		var t TokenRow
		var used, revoked pgtype.Timestamptz
		if err := rows.Scan(&t.ID, &t.Commune, &t.Region, &t.Cluster, &t.Created, &t.Expires, &used, &t.UsedBy, &revoked); err != nil {
			return nil, err
		}
		t.Created, t.Expires, t.Used, t.Revoked = t.Created.UTC(), t.Expires.UTC(), utc(used), utc(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends an unused token: its expiry moves to just before now, which Enrol
// already refuses; the token's row lock orders it with an enrolment at the same moment.
func (s *Postgres) RevokeToken(ctx context.Context, id string, now time.Time) error {
	if len(id) != tokenIDLen || strings.Trim(id, "0123456789abcdef") != "" {
		return ErrNotFound
	}
	tag, err := s.pool.Exec(ctx, `UPDATE tokens SET revoked_at = $1, expires_at = least(expires_at, $2)
		WHERE substr(hash, 1, $3) = $4 AND used_at IS NULL AND revoked_at IS NULL`, now, now.Add(-time.Microsecond), tokenIDLen, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
