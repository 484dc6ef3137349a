package hub

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
	_ "modernc.org/sqlite"
)

// SQLite is the default Store: one file, WAL, one writer connection with BEGIN IMMEDIATE
// and synchronous=FULL, a pool of query-only readers (DESIGN.md, Known pitfalls).
type SQLite struct {
	w, r *sql.DB
	key  *kiosk.PersonalKey // seals applicants' personal data (personal.go)
}

var _ Store = (*SQLite)(nil)

const timeFormat = "2006-01-02T15:04:05.000000Z"

func ft(t time.Time) string { return t.UTC().Format(timeFormat) }

func pt(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(timeFormat, s.String)
	return t
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	// On every connection, as in the kiosk's store: SQLite leaves foreign keys off by
	// default, and the dossier and rating tables to come reference their kiosks.
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		// Deleted content is zeroed, not left in free pages: a purge or the sealing of old
		// plain-text events leaves nothing to read in the file.
		q.Add("_pragma", "secure_delete(1)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// OpenSQLite opens or creates the hub database at path, with its personal data key (by
// default PersonalKeyFile beside it; see usePersonalKey).
func OpenSQLite(ctx context.Context, path string, opts ...Option) (*SQLite, error) {
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if err := migrateSQLite(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("hub store %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	s := &SQLite{w: w, r: r}
	keyPath := optionsOf(opts).personalKey
	if keyPath == "" {
		keyPath = filepath.Join(filepath.Dir(path), PersonalKeyFile)
	}
	if err := s.usePersonalKey(ctx, keyPath); err != nil {
		s.Close()
		return nil, fmt.Errorf("hub store %s: %w", path, err)
	}
	return s, nil
}

// migrateSQLite applies the migrations the database lacks. The writer's BEGIN IMMEDIATE
// keeps two processes opening one file from applying a step twice.
func migrateSQLite(ctx context.Context, w *sql.DB) error {
	steps, err := migrations("sqlite")
	if err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return err
	}
	for _, m := range steps {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil || n > 0 {
			_ = tx.Rollback()
			if err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,strftime('%Y-%m-%dT%H:%M:%fZ'))`,
			m.Version, m.Name); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Close closes both pools.
func (s *SQLite) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

// Pools reports the writer and the reader pool.
func (s *SQLite) Pools() []PoolStats {
	stat := func(name string, db *sql.DB) PoolStats {
		st := db.Stats()
		return PoolStats{Name: name, Max: st.MaxOpenConnections, Open: st.OpenConnections, InUse: st.InUse,
			Waits: st.WaitCount, WaitTime: st.WaitDuration}
	}
	return []PoolStats{stat("writer", s.w), stat("reader", s.r)}
}

func (s *SQLite) write(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// CreateToken makes a one-time token; only its hash is stored.
func (s *SQLite) CreateToken(ctx context.Context, t Token, now time.Time) (string, error) {
	tok, hash, err := newToken(&t, now)
	if err != nil {
		return "", err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens(hash, commune, region, cluster, created_at, expires_at) VALUES (?,?,?,?,?,?)`,
			hash, t.Commune, t.Region, t.Cluster, ft(now), ft(t.Expires))
		return err
	})
	return tok, err
}

// Enrol spends token and registers the kiosk; see Store.
func (s *SQLite) Enrol(ctx context.Context, token string, pub ed25519.PublicKey, epoch, hostname string, now time.Time) (*Kiosk, error) {
	k := &Kiosk{PublicKey: pub, Epoch: epoch, Hostname: hostname, Enrolled: now}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var exp string
		var usedBy sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT commune, region, cluster, expires_at, used_by FROM tokens WHERE hash = ?`,
			tokenHash(token)).Scan(&k.Commune, &k.Region, &k.Cluster, &exp, &usedBy)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && exp < ft(now)) {
			return ErrTokenUsed
		}
		if err != nil {
			return err
		}
		if usedBy.Valid {
			// Spent already: by this very key, the kiosk is asking again because the
			// answer never reached it; it gets the same kiosk, not a second one.
			prev, err := scanKiosk(tx.QueryRowContext(ctx, `SELECT `+kioskCols+` FROM kiosks k
				LEFT JOIN streams st ON st.kiosk = k.id AND st.epoch = k.epoch WHERE k.id = ?`, usedBy.String))
			if errors.Is(err, sql.ErrNoRows) {
				return ErrTokenUsed
			}
			if err != nil {
				return err
			}
			if !prev.PublicKey.Equal(pub) || !prev.Revoked.IsZero() {
				return ErrTokenUsed
			}
			*k = *prev
			return nil
		}
		k.ID = newKioskID(k.Commune)
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET used_at = ?, used_by = ? WHERE hash = ?`, ft(now), k.ID, tokenHash(token)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO kiosks(id, commune, region, cluster, public_key, epoch, hostname, enrolled_at) VALUES (?,?,?,?,?,?,?,?)`,
			k.ID, k.Commune, k.Region, k.Cluster, []byte(pub), epoch, hostname, ft(now))
		return err
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

const kioskCols = `k.id, k.commune, k.region, k.cluster, k.public_key, k.epoch, k.hostname, k.enrolled_at, k.revoked_at,
	k.last_seen, k.last_sync, k.skew_ms, k.heartbeat, coalesce(st.held_through, 0)`

func scanKiosk(sc interface{ Scan(...any) error }) (*Kiosk, error) {
	var k Kiosk
	var pub []byte
	var enrolled string
	var revoked, seen, synced sql.NullString
	var hb string
	if err := sc.Scan(&k.ID, &k.Commune, &k.Region, &k.Cluster, &pub, &k.Epoch, &k.Hostname, &enrolled, &revoked,
		&seen, &synced, &k.SkewMillis, &hb, &k.HeldThrough); err != nil {
		return nil, err
	}
	k.PublicKey = pub
	k.Enrolled = pt(sql.NullString{String: enrolled, Valid: true})
	k.Revoked, k.LastSeen, k.LastSync = pt(revoked), pt(seen), pt(synced)
	_ = json.Unmarshal([]byte(hb), &k.LastHeartbeat)
	return &k, nil
}

// Kiosk returns one kiosk or ErrNotFound.
func (s *SQLite) Kiosk(ctx context.Context, id string) (*Kiosk, error) {
	k, err := scanKiosk(s.r.QueryRowContext(ctx, `SELECT `+kioskCols+` FROM kiosks k
		LEFT JOIN streams st ON st.kiosk = k.id AND st.epoch = k.epoch WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return k, err
}

// Kiosks returns every kiosk, by commune.
func (s *SQLite) Kiosks(ctx context.Context) ([]Kiosk, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+kioskCols+` FROM kiosks k
		LEFT JOIN streams st ON st.kiosk = k.id AND st.epoch = k.epoch ORDER BY k.commune, k.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		k, err := scanKiosk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *k)
	}
	return out, rows.Err()
}

// Revoke refuses every later request of the kiosk.
func (s *SQLite) Revoke(ctx context.Context, id string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, ft(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Ingest stores a batch; see Store.
func (s *SQLite) Ingest(ctx context.Context, b *wire.Batch, reject func(wire.Event) string, now time.Time) (IngestResult, error) {
	var held int64
	var res IngestResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		held = 0
		res = IngestResult{}
		err := tx.QueryRowContext(ctx, `SELECT held_through FROM streams WHERE kiosk = ? AND epoch = ?`, b.Kiosk, b.Epoch).Scan(&held)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if b.FromSeq > held+1 {
			return gapProblem(b, held)
		}
		if b.FromSeq <= held {
			if seq, err := heldDiffers(ctx, tx, b, held); err != nil {
				return err
			} else if seq > 0 {
				return differsProblem(seq, held)
			}
		}
		if b.LastSeq() <= held {
			held = b.LastSeq() // all held already: a retried batch, acknowledged as sent
			return nil
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO events(kiosk, epoch, seq, kind, body, created_at, received_at, rejected)
			VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(kiosk, epoch, seq) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		recv := ft(now)
		commune := ""
		for _, e := range b.Events {
			if e.Seq <= held {
				continue
			}
			var why sql.NullString
			if reject != nil {
				if r := reject(e); r != "" {
					why = sql.NullString{String: r, Valid: true}
					res.Rejected = append(res.Rejected, wire.Rejection{Seq: e.Seq, Reason: r})
				}
			}
			body, applicant := heldBody(e)
			r, err := stmt.ExecContext(ctx, b.Kiosk, b.Epoch, e.Seq, e.Kind, string(body), ft(e.CreatedAt), recv, why)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			res.Stored += int(n)
			if rt, ok := ratingOf(e); ok && !why.Valid {
				if err := keepRating(ctx, tx, b.Kiosk, b.Epoch, e.Seq, rt, &commune); err != nil {
					return err
				}
			}
			if as, ok := assessmentOf(e); ok && !why.Valid {
				if err := keepAssessment(ctx, tx, b.Kiosk, b.Epoch, e.Seq, as, &commune); err != nil {
					return err
				}
			}
			if tf, ok := ticketOf(e); ok && !why.Valid {
				if err := keepTicket(ctx, tx, b.Kiosk, tf, &commune); err != nil {
					return err
				}
			}
			if df, ok := dossierOf(e); ok && !why.Valid {
				if err := keepDossier(ctx, tx, b.Kiosk, df, &commune, recv); err != nil {
					return err
				}
				if sa, ok := sealApplicant(s.key, b.Kiosk, df.Code, applicant); ok {
					if err := keepApplicant(ctx, tx, b.Kiosk, df.Code, sa); err != nil {
						return err
					}
				}
			}
		}
		held = b.LastSeq()
		if _, err := tx.ExecContext(ctx, `INSERT INTO streams(kiosk, epoch, held_through) VALUES (?,?,?)
			ON CONFLICT(kiosk, epoch) DO UPDATE SET held_through = max(held_through, excluded.held_through)`, b.Kiosk, b.Epoch, held); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE kiosks SET last_sync = ?, epoch = ? WHERE id = ?`, recv, b.Epoch, b.Kiosk)
		return err
	})
	res.HeldThrough = held
	return res, err
}

// heldDiffers compares the events of b the hub holds already (seq ≤ held) with what it
// holds, and returns the first seq whose kind, body or time differ (0: none).
func heldDiffers(ctx context.Context, tx *sql.Tx, b *wire.Batch, held int64) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, kind, body, created_at FROM events WHERE kiosk = ? AND epoch = ? AND seq BETWEEN ? AND ?`,
		b.Kiosk, b.Epoch, b.FromSeq, min(held, b.LastSeq()))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var kind, body, created string
		if err := rows.Scan(&seq, &kind, &body, &created); err != nil {
			return 0, err
		}
		if !sameEvent(b.Events[seq-b.FromSeq], kind, body, pt(sql.NullString{String: created, Valid: true})) {
			return seq, nil
		}
	}
	return 0, rows.Err()
}

// Events returns events matching q in (kiosk, epoch, seq) order.
func (s *SQLite) Events(ctx context.Context, q EventQuery) ([]StoredEvent, error) {
	var where []string
	var args []any
	for col, v := range map[string]string{"kiosk": q.Kiosk, "epoch": q.Epoch, "kind": q.Kind} {
		if v != "" {
			where = append(where, col+" = ?")
			args = append(args, v)
		}
	}
	where = append(where, "seq > ?")
	args = append(args, q.AfterSeq)
	if q.Limit <= 0 {
		q.Limit = 1000
	}
	args = append(args, q.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT kiosk, epoch, seq, kind, body, created_at, received_at, coalesce(rejected, '')
		FROM events WHERE `+strings.Join(where, " AND ")+` ORDER BY kiosk, epoch, seq LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredEvent
	for rows.Next() {
		var e StoredEvent
		var body, created, recv string
		if err := rows.Scan(&e.Kiosk, &e.Epoch, &e.Seq, &e.Kind, &body, &created, &recv, &e.Rejected); err != nil {
			return nil, err
		}
		e.Body = json.RawMessage(body)
		e.CreatedAt = pt(sql.NullString{String: created, Valid: true})
		e.Received = pt(sql.NullString{String: recv, Valid: true})
		out = append(out, e)
	}
	return out, rows.Err()
}

// PublishBundle stores a signed bundle; its version must be above every published one of its kind.
func (s *SQLite) PublishBundle(ctx context.Context, b *wire.Bundle) error {
	env, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var latest int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM bundles WHERE kind = ?`, b.Kind).Scan(&latest); err != nil {
			return err
		}
		if err := laterBundle(b, latest); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bundles(kind, version, scope, envelope, published_at) VALUES (?,?,?,?,?)`,
			b.Kind, b.Version, b.Scope, string(env), ft(b.Issued))
		return err
	})
}

// LatestBundleVersion returns the highest published version of kind (0 if none).
func (s *SQLite) LatestBundleVersion(ctx context.Context, kind string) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM bundles WHERE kind = ?`, kind).Scan(&v)
	return v, err
}

// Bundle returns the newest bundle for k; see Store.
func (s *SQLite) Bundle(ctx context.Context, kind string, since int64, k *Kiosk) (*wire.Bundle, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT scope, envelope FROM bundles WHERE kind = ? AND version > ? ORDER BY version DESC`, kind, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var scope, env string
		if err := rows.Scan(&scope, &env); err != nil {
			return nil, err
		}
		if !k.InScope(scope) {
			continue
		}
		var b wire.Bundle
		if err := json.Unmarshal([]byte(env), &b); err != nil {
			return nil, err
		}
		return &b, nil
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return nil, ErrNotFound
}

// Heartbeat records hb; see Store.
func (s *SQLite) Heartbeat(ctx context.Context, kiosk string, hb wire.Heartbeat, now time.Time) ([]wire.Command, error) {
	body, err := json.Marshal(hb)
	if err != nil {
		return nil, err
	}
	skew := hb.Clock.Sub(now).Milliseconds()
	var cmds []wire.Command
	err = s.write(ctx, func(tx *sql.Tx) error {
		cmds = nil
		if _, err := tx.ExecContext(ctx, `INSERT INTO heartbeats(kiosk, received_at, skew_ms, body) VALUES (?,?,?,?)`, kiosk, ft(now), skew, string(body)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_seen = ?, skew_ms = ?, heartbeat = ? WHERE id = ?`, ft(now), skew, string(body), kiosk); err != nil {
			return err
		}
		for _, r := range hb.Results {
			if r.State != wire.StateDone && r.State != wire.StateFailed {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE commands SET state = ?, detail = ?, finished_at = ? WHERE id = ? AND kiosk = ? AND state IN ('queued','delivered')`,
				r.State, r.Detail, ft(now), r.ID, kiosk); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commands SET state = 'expired', finished_at = ? WHERE kiosk = ? AND state IN ('queued','delivered') AND expires_at < ?`,
			ft(now), kiosk, ft(now)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, arg, created_at, expires_at FROM commands WHERE kiosk = ? AND state IN ('queued','delivered') ORDER BY id`, kiosk)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c wire.Command
			var issued, exp string
			if err := rows.Scan(&c.ID, &c.Kind, &c.Arg, &issued, &exp); err != nil {
				rows.Close()
				return err
			}
			c.Issued = pt(sql.NullString{String: issued, Valid: true})
			c.Expires = pt(sql.NullString{String: exp, Valid: true})
			cmds = append(cmds, c)
		}
		rows.Close()
		// Delivered only says it was handed out; it stays in the reply until the kiosk's
		// result acknowledges it.
		_, err = tx.ExecContext(ctx, `UPDATE commands SET state = 'delivered', delivered_at = ? WHERE kiosk = ? AND state = 'queued'`, ft(now), kiosk)
		return err
	})
	return cmds, err
}

// RememberNonce implements wire.NonceStore: one small write, which also forgets the
// nonces whose time has passed.
func (s *SQLite) RememberNonce(ctx context.Context, kiosk, nonce string, until, now time.Time) (bool, error) {
	var fresh bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM nonces WHERE until < ?`, ft(now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO nonces(kiosk, nonce, until) VALUES (?,?,?) ON CONFLICT DO NOTHING`, kiosk, nonce, ft(until))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		fresh = n == 1
		return err
	})
	return fresh, err
}

// Heartbeats returns the newest heartbeats of a kiosk, newest first.
func (s *SQLite) Heartbeats(ctx context.Context, kiosk string, limit int) ([]HeartbeatRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT received_at, skew_ms, body FROM heartbeats WHERE kiosk = ? ORDER BY received_at DESC LIMIT ?`, kiosk, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HeartbeatRow
	for rows.Next() {
		var h HeartbeatRow
		var recv, body string
		if err := rows.Scan(&recv, &h.SkewMillis, &body); err != nil {
			return nil, err
		}
		h.Received = pt(sql.NullString{String: recv, Valid: true})
		_ = json.Unmarshal([]byte(body), &h.Heartbeat)
		out = append(out, h)
	}
	return out, rows.Err()
}

// QueueCommand queues a command without an argument.
func (s *SQLite) QueueCommand(ctx context.Context, kiosk, kind string, ttl time.Duration, now time.Time) (int64, error) {
	return s.QueueCommandArg(ctx, kiosk, kind, "", ttl, now)
}

// QueueCommandArg queues a command for a kiosk, delivered with its next heartbeat reply.
func (s *SQLite) QueueCommandArg(ctx context.Context, kiosk, kind, arg string, ttl time.Duration, now time.Time) (int64, error) {
	ttl, err := checkCommand(kind, arg, ttl)
	if err != nil {
		return 0, err
	}
	if _, err := s.Kiosk(ctx, kiosk); err != nil {
		return 0, fmt.Errorf("kiosk %s: %w", kiosk, err)
	}
	var id int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO commands(kiosk, kind, arg, state, created_at, expires_at) VALUES (?,?,?,'queued',?,?)`,
			kiosk, kind, arg, ft(now), ft(now.Add(ttl)))
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if code := requestedDossier(kind, arg); code != "" {
			res, err := tx.ExecContext(ctx, `UPDATE dossiers SET requested = ? WHERE kiosk = ? AND code = ?`, id, kiosk, code)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return noDossier(kiosk, code)
			}
		}
		return nil
	})
	return id, err
}

// Commands returns a kiosk's commands, newest first ("" for every kiosk).
func (s *SQLite) Commands(ctx context.Context, kiosk string) ([]CommandRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, kiosk, kind, arg, state, detail, created_at, expires_at, delivered_at, finished_at
		FROM commands WHERE ? = '' OR kiosk = ? ORDER BY id DESC LIMIT 500`, kiosk, kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommandRow
	for rows.Next() {
		var c CommandRow
		var issued, exp string
		var del, fin sql.NullString
		if err := rows.Scan(&c.ID, &c.Kiosk, &c.Kind, &c.Arg, &c.State, &c.Detail, &issued, &exp, &del, &fin); err != nil {
			return nil, err
		}
		c.Issued = pt(sql.NullString{String: issued, Valid: true})
		c.Expires = pt(sql.NullString{String: exp, Valid: true})
		c.Delivered, c.Finished = pt(del), pt(fin)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Bundles lists the published bundles, newest first.
func (s *SQLite) Bundles(ctx context.Context) ([]BundleRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, version, scope, published_at, length(envelope) FROM bundles ORDER BY published_at DESC, kind, version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BundleRow
	for rows.Next() {
		var b BundleRow
		var at string
		if err := rows.Scan(&b.Kind, &b.Version, &b.Scope, &at, &b.Bytes); err != nil {
			return nil, err
		}
		b.Published = pt(sql.NullString{String: at, Valid: true})
		out = append(out, b)
	}
	return out, rows.Err()
}
