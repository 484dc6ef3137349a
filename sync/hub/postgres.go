package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// Postgres is the Store for a province that runs several hub processes over one database.
// Each write is one READ COMMITTED transaction; what two hubs could do to the same thing
// at once is serialised by a row lock (the stream's row for a batch, the token's for an
// enrolment, the kiosk's for a heartbeat), so no hub keeps any state of its own.
//
// Two pools: pool serves the kiosks' requests; admin, of AdminConns connections, serves
// what IT reads (the fleet list, events, heartbeats, commands), so IT's pages never queue
// behind a fleet pushing its backlog.
type Postgres struct {
	pool, admin *pgxpool.Pool
	key         *kiosk.PersonalKey // seals applicants' personal data (personal.go)
}

// AdminConns is the size of the pool for IT's reads.
const AdminConns = 4

var _ Store = (*Postgres)(nil)

// IsPostgresURL tells whether a -db value names a PostgreSQL database rather than a file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// migrationLock is the advisory lock key under which a hub applies migrations, so hubs
// started together apply each step once.
const migrationLock = 0x6d6f7463 // "motc"

// OpenPostgres connects to the database at url (postgres://user@host:port/db?…, the
// libpq keywords and PG* variables apply: a password belongs in PGPASSWORD or
// ~/.pgpass, not in a URL that shows in ps) and applies the migrations it lacks.
// pool_max_conns in the URL sizes the pool (default: 4 or the cores, whichever is more).
// WithPersonalKey is required: the same key file on every hub over the database.
func OpenPostgres(ctx context.Context, url string, opts ...Option) (*Postgres, error) {
	keyPath := optionsOf(opts).personalKey
	if keyPath == "" {
		return nil, errNoPersonalKey
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("hub store: %w", err)
	}
	adminCfg := cfg.Copy()
	adminCfg.MaxConns, adminCfg.MinConns = AdminConns, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("hub store: %w", err)
	}
	if err := migratePostgres(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("hub store %s@%s/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	admin, err := pgxpool.NewWithConfig(ctx, adminCfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("hub store: %w", err)
	}
	s := &Postgres{pool: pool, admin: admin}
	if err := s.usePersonalKey(ctx, keyPath); err != nil {
		s.Close()
		return nil, fmt.Errorf("hub store %s@%s/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return s, nil
}

func migratePostgres(ctx context.Context, pool *pgxpool.Pool) error {
	steps, err := migrations("postgres")
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		for _, m := range steps {
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&done); err != nil {
				return err
			}
			if done {
				continue
			}
			// Savepoint-free: the whole list is one transaction, so a failed step leaves
			// the database as it was.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close closes both pools.
func (s *Postgres) Close() error { s.admin.Close(); s.pool.Close(); return nil }

// Pools reports the kiosks' pool ("sync") and IT's ("admin").
func (s *Postgres) Pools() []PoolStats {
	stat := func(name string, p *pgxpool.Pool) PoolStats {
		st := p.Stat()
		return PoolStats{Name: name, Max: int(st.MaxConns()), Open: int(st.TotalConns()), InUse: int(st.AcquiredConns()),
			Waits: st.EmptyAcquireCount(), WaitTime: st.EmptyAcquireWaitTime()}
	}
	return []PoolStats{stat("sync", s.pool), stat("admin", s.admin)}
}

// utc gives a nullable time from the database in UTC (pgx gives the machine's zone), the
// zero time for NULL.
func utc(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// CreateToken makes a one-time token; only its hash is stored.
func (s *Postgres) CreateToken(ctx context.Context, t Token, now time.Time) (string, error) {
	tok, hash, err := newToken(&t, now)
	if err != nil {
		return "", err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO tokens(hash, commune, region, cluster, created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6)`,
		hash, t.Commune, t.Region, t.Cluster, now, t.Expires)
	return tok, err
}

const pgKioskSelect = `SELECT k.id, k.commune, k.region, k.cluster, k.public_key, k.epoch, k.hostname, k.enrolled_at,
	k.revoked_at, k.last_seen, k.last_sync, k.skew_ms, k.heartbeat, coalesce(st.held_through, 0)
	FROM kiosks k LEFT JOIN streams st ON st.kiosk = k.id AND st.epoch = k.epoch`

func pgScanKiosk(row pgx.Row) (*Kiosk, error) {
	var k Kiosk
	var pub, hb []byte
	var enrolled, revoked, seen, synced pgtype.Timestamptz
	if err := row.Scan(&k.ID, &k.Commune, &k.Region, &k.Cluster, &pub, &k.Epoch, &k.Hostname, &enrolled,
		&revoked, &seen, &synced, &k.SkewMillis, &hb, &k.HeldThrough); err != nil {
		return nil, err
	}
	k.PublicKey = pub
	k.Enrolled, k.Revoked, k.LastSeen, k.LastSync = utc(enrolled), utc(revoked), utc(seen), utc(synced)
	_ = json.Unmarshal(hb, &k.LastHeartbeat)
	return &k, nil
}

// Enrol spends token and registers the kiosk; see Store. The token's row is locked, so
// two hubs given the same token at once enrol one kiosk.
func (s *Postgres) Enrol(ctx context.Context, token string, pub ed25519.PublicKey, epoch, hostname string, now time.Time) (*Kiosk, error) {
	k := &Kiosk{PublicKey: pub, Epoch: epoch, Hostname: hostname, Enrolled: now}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var exp time.Time
		var usedBy pgtype.Text
		err := tx.QueryRow(ctx, `SELECT commune, region, cluster, expires_at, used_by FROM tokens WHERE hash = $1 FOR UPDATE`,
			tokenHash(token)).Scan(&k.Commune, &k.Region, &k.Cluster, &exp, &usedBy)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && exp.Before(now)) {
			return ErrTokenUsed
		}
		if err != nil {
			return err
		}
		if usedBy.Valid {
			// Spent already: by this very key, the kiosk is asking again because the
			// answer never reached it; it gets the same kiosk, not a second one.
			prev, err := pgScanKiosk(tx.QueryRow(ctx, pgKioskSelect+` WHERE k.id = $1`, usedBy.String))
			if errors.Is(err, pgx.ErrNoRows) {
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
		if _, err := tx.Exec(ctx, `UPDATE tokens SET used_at = $1, used_by = $2 WHERE hash = $3`, now, k.ID, tokenHash(token)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO kiosks(id, commune, region, cluster, public_key, epoch, hostname, enrolled_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			k.ID, k.Commune, k.Region, k.Cluster, []byte(pub), epoch, hostname, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Kiosk returns one kiosk or ErrNotFound.
func (s *Postgres) Kiosk(ctx context.Context, id string) (*Kiosk, error) {
	k, err := pgScanKiosk(s.pool.QueryRow(ctx, pgKioskSelect+` WHERE k.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	return k, err
}

// Kiosks returns every kiosk, by commune (IT's pool).
func (s *Postgres) Kiosks(ctx context.Context) ([]Kiosk, error) {
	rows, err := s.admin.Query(ctx, pgKioskSelect+` ORDER BY k.commune, k.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		k, err := pgScanKiosk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *k)
	}
	return out, rows.Err()
}

// Revoke refuses every later request of the kiosk.
func (s *Postgres) Revoke(ctx context.Context, id string, now time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE kiosks SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, now, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// Ingest stores a batch; see Store. The stream's row, taken first with an upsert that
// returns it locked, orders two hubs writing the same stream: the second reads what the
// first stored and answers as to a retry. The events go in one statement (arrays
// unnested), so a batch of 500 is four round trips.
func (s *Postgres) Ingest(ctx context.Context, b *wire.Batch, reject func(wire.Event) string, now time.Time) (IngestResult, error) {
	var res IngestResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = IngestResult{}
		var held int64
		if err := tx.QueryRow(ctx, `INSERT INTO streams(kiosk, epoch, held_through) VALUES ($1, $2, 0)
			ON CONFLICT (kiosk, epoch) DO UPDATE SET held_through = streams.held_through RETURNING held_through`,
			b.Kiosk, b.Epoch).Scan(&held); err != nil {
			return err
		}
		if b.FromSeq > held+1 {
			return gapProblem(b, held)
		}
		if b.FromSeq <= held {
			if seq, err := pgHeldDiffers(ctx, tx, b, held); err != nil {
				return err
			} else if seq > 0 {
				return differsProblem(seq, held)
			}
		}
		if b.LastSeq() <= held {
			res.HeldThrough = b.LastSeq() // all held already: a retried batch, acknowledged as sent
			return nil
		}
		n := len(b.Events)
		seqs, kinds, bodies := make([]int64, 0, n), make([]string, 0, n), make([]string, 0, n)
		created, why := make([]time.Time, 0, n), make([]pgtype.Text, 0, n)
		for _, e := range b.Events {
			if e.Seq <= held {
				continue
			}
			var r pgtype.Text
			if reject != nil {
				if r.String = reject(e); r.String != "" {
					r.Valid = true
					res.Rejected = append(res.Rejected, wire.Rejection{Seq: e.Seq, Reason: r.String})
				}
			}
			body, _ := heldBody(e)
			seqs, kinds, bodies = append(seqs, e.Seq), append(kinds, e.Kind), append(bodies, string(body))
			created, why = append(created, e.CreatedAt), append(why, r)
		}
		res.HeldThrough = b.LastSeq()
		var batch pgx.Batch
		batch.Queue(`INSERT INTO events(kiosk, epoch, seq, kind, body, created_at, received_at, rejected)
			SELECT $1, $2, u.seq, u.kind, u.body::json, u.created, $3, u.why
			FROM unnest($4::bigint[], $5::text[], $6::text[], $7::timestamptz[], $8::text[]) AS u(seq, kind, body, created, why)
			ON CONFLICT (kiosk, epoch, seq) DO NOTHING`, b.Kiosk, b.Epoch, now, seqs, kinds, bodies, created, why).Exec(
			func(tag pgconn.CommandTag) error { res.Stored = int(tag.RowsAffected()); return nil })
		for i, seq := range seqs {
			if rt, ok := ratingOf(b.Events[seq-b.FromSeq]); ok && !why[i].Valid {
				queueRating(&batch, b.Kiosk, b.Epoch, seq, rt)
			}
			if as, ok := assessmentOf(b.Events[seq-b.FromSeq]); ok && !why[i].Valid {
				queueAssessment(&batch, b.Kiosk, b.Epoch, seq, as)
			}
			if tf, ok := ticketOf(b.Events[seq-b.FromSeq]); ok && !why[i].Valid {
				queueTicket(&batch, b.Kiosk, tf)
			}
			if df, ok := dossierOf(b.Events[seq-b.FromSeq]); ok && !why[i].Valid {
				queueDossier(&batch, b.Kiosk, df, now)
				_, applicant := heldBody(b.Events[seq-b.FromSeq])
				if sa, ok := sealApplicant(s.key, b.Kiosk, df.Code, applicant); ok {
					queueApplicant(&batch, b.Kiosk, df.Code, sa)
				}
			}
		}
		batch.Queue(`UPDATE streams SET held_through = greatest(held_through, $3) WHERE kiosk = $1 AND epoch = $2`, b.Kiosk, b.Epoch, res.HeldThrough)
		batch.Queue(`UPDATE kiosks SET last_sync = $1, epoch = $2 WHERE id = $3`, now, b.Epoch, b.Kiosk)
		return tx.SendBatch(ctx, &batch).Close()
	})
	return res, err
}

// pgHeldDiffers returns the first seq of b the hub holds with another kind, body or time
// (0: none), as heldDiffers does for SQLite.
func pgHeldDiffers(ctx context.Context, tx pgx.Tx, b *wire.Batch, held int64) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT seq, kind, body::text, created_at FROM events WHERE kiosk = $1 AND epoch = $2 AND seq BETWEEN $3 AND $4`,
		b.Kiosk, b.Epoch, b.FromSeq, min(held, b.LastSeq()))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var kind, body string
		var created time.Time
		if err := rows.Scan(&seq, &kind, &body, &created); err != nil {
			return 0, err
		}
		if !sameEvent(b.Events[seq-b.FromSeq], kind, body, created) {
			return seq, nil
		}
	}
	return 0, rows.Err()
}

// Events returns events matching q in (kiosk, epoch, seq) order (IT's pool).
func (s *Postgres) Events(ctx context.Context, q EventQuery) ([]StoredEvent, error) {
	var where []string
	var args []any
	for _, f := range []struct{ col, v string }{{"kiosk", q.Kiosk}, {"epoch", q.Epoch}, {"kind", q.Kind}} {
		if f.v != "" {
			args = append(args, f.v)
			where = append(where, f.col+" = $"+strconv.Itoa(len(args)))
		}
	}
	args = append(args, q.AfterSeq)
	where = append(where, "seq > $"+strconv.Itoa(len(args)))
	if q.Limit <= 0 {
		q.Limit = 1000
	}
	args = append(args, q.Limit)
	rows, err := s.admin.Query(ctx, `SELECT kiosk, epoch, seq, kind, body::text, created_at, received_at, coalesce(rejected, '')
		FROM events WHERE `+strings.Join(where, " AND ")+` ORDER BY kiosk, epoch, seq LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredEvent
	for rows.Next() {
		var e StoredEvent
		var body string
		if err := rows.Scan(&e.Kiosk, &e.Epoch, &e.Seq, &e.Kind, &body, &e.CreatedAt, &e.Received, &e.Rejected); err != nil {
			return nil, err
		}
		e.Body = json.RawMessage(body)
		e.CreatedAt, e.Received = e.CreatedAt.UTC(), e.Received.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// PublishBundle stores a signed bundle; its version must be above every published one of
// its kind. A lock per kind orders two publications at once.
func (s *Postgres) PublishBundle(ctx context.Context, b *wire.Bundle) error {
	env, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('bundle:' || $1))`, b.Kind); err != nil {
			return err
		}
		var latest int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM bundles WHERE kind = $1`, b.Kind).Scan(&latest); err != nil {
			return err
		}
		if err := laterBundle(b, latest); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO bundles(kind, version, scope, envelope, published_at) VALUES ($1,$2,$3,$4,$5)`,
			b.Kind, b.Version, b.Scope, string(env), b.Issued)
		return err
	})
}

// LatestBundleVersion returns the highest published version of kind (0 if none).
func (s *Postgres) LatestBundleVersion(ctx context.Context, kind string) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM bundles WHERE kind = $1`, kind).Scan(&v)
	return v, err
}

// Bundle returns the newest bundle for k; see Store.
func (s *Postgres) Bundle(ctx context.Context, kind string, since int64, k *Kiosk) (*wire.Bundle, error) {
	rows, err := s.pool.Query(ctx, `SELECT scope, envelope FROM bundles WHERE kind = $1 AND version > $2 ORDER BY version DESC`, kind, since)
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

// Heartbeat records hb; see Store. The kiosk's row is updated first, which locks it: a
// kiosk's heartbeats arriving at two hubs at once (a retry after a lost answer) take
// turns, and a command's result is applied once.
func (s *Postgres) Heartbeat(ctx context.Context, kiosk string, hb wire.Heartbeat, now time.Time) ([]wire.Command, error) {
	body, err := json.Marshal(hb)
	if err != nil {
		return nil, err
	}
	skew := hb.Clock.Sub(now).Milliseconds()
	var cmds []wire.Command
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cmds = nil
		var batch pgx.Batch
		batch.Queue(`UPDATE kiosks SET last_seen = $1, skew_ms = $2, heartbeat = $3 WHERE id = $4`, now, skew, string(body), kiosk)
		batch.Queue(`INSERT INTO heartbeats(kiosk, received_at, skew_ms, body) VALUES ($1,$2,$3,$4)`, kiosk, now, skew, string(body))
		for _, r := range hb.Results {
			if r.State != wire.StateDone && r.State != wire.StateFailed {
				continue
			}
			batch.Queue(`UPDATE commands SET state = $1, detail = $2, finished_at = $3 WHERE id = $4 AND kiosk = $5 AND state IN ('queued','delivered')`,
				r.State, r.Detail, now, r.ID, kiosk)
		}
		batch.Queue(`UPDATE commands SET state = 'expired', finished_at = $1 WHERE kiosk = $2 AND state IN ('queued','delivered') AND expires_at < $1`, now, kiosk)
		// Delivered only says it was handed out; it stays in the reply until the kiosk's
		// result acknowledges it.
		batch.Queue(`WITH due AS (SELECT id, kind, arg, state, created_at, expires_at FROM commands
				WHERE kiosk = $2 AND state IN ('queued','delivered') ORDER BY id FOR UPDATE),
			marked AS (UPDATE commands c SET state = 'delivered', delivered_at = $1 FROM due WHERE c.id = due.id AND due.state = 'queued')
			SELECT id, kind, arg, created_at, expires_at FROM due ORDER BY id`, now, kiosk).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var c wire.Command
				if err := rows.Scan(&c.ID, &c.Kind, &c.Arg, &c.Issued, &c.Expires); err != nil {
					return err
				}
				c.Issued, c.Expires = c.Issued.UTC(), c.Expires.UTC()
				cmds = append(cmds, c)
			}
			return rows.Err()
		})
		return tx.SendBatch(ctx, &batch).Close()
	})
	return cmds, err
}

// RememberNonce implements wire.NonceStore in one round trip: a pair held and still live
// is a replay; a pair whose time has passed is taken again. The kiosk's own old pairs are
// swept on the way, skipping any another request has locked, so no request waits.
func (s *Postgres) RememberNonce(ctx context.Context, kiosk, nonce string, until, now time.Time) (bool, error) {
	var batch pgx.Batch
	batch.Queue(`DELETE FROM nonces WHERE ctid IN (SELECT ctid FROM nonces WHERE kiosk = $1 AND until < $2 FOR UPDATE SKIP LOCKED)`, kiosk, now)
	var fresh bool
	batch.Queue(`INSERT INTO nonces(kiosk, nonce, until) VALUES ($1, $2, $3)
		ON CONFLICT (kiosk, nonce) DO UPDATE SET until = excluded.until WHERE nonces.until < $4`, kiosk, nonce, until, now).Exec(
		func(tag pgconn.CommandTag) error { fresh = tag.RowsAffected() == 1; return nil })
	return fresh, s.pool.SendBatch(ctx, &batch).Close()
}

// Heartbeats returns the newest heartbeats of a kiosk, newest first (IT's pool).
func (s *Postgres) Heartbeats(ctx context.Context, kiosk string, limit int) ([]HeartbeatRow, error) {
	rows, err := s.admin.Query(ctx, `SELECT received_at, skew_ms, body FROM heartbeats WHERE kiosk = $1 ORDER BY received_at DESC LIMIT $2`, kiosk, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HeartbeatRow
	for rows.Next() {
		var h HeartbeatRow
		var body []byte
		if err := rows.Scan(&h.Received, &h.SkewMillis, &body); err != nil {
			return nil, err
		}
		h.Received = h.Received.UTC()
		_ = json.Unmarshal(body, &h.Heartbeat)
		out = append(out, h)
	}
	return out, rows.Err()
}

// QueueCommand queues a command without an argument.
func (s *Postgres) QueueCommand(ctx context.Context, kiosk, kind string, ttl time.Duration, now time.Time) (int64, error) {
	return s.QueueCommandArg(ctx, kiosk, kind, "", ttl, now)
}

// QueueCommandArg queues a command for a kiosk, delivered with its next heartbeat reply.
func (s *Postgres) QueueCommandArg(ctx context.Context, kiosk, kind, arg string, ttl time.Duration, now time.Time) (int64, error) {
	ttl, err := checkCommand(kind, arg, ttl)
	if err != nil {
		return 0, err
	}
	if _, err := s.Kiosk(ctx, kiosk); err != nil {
		return 0, fmt.Errorf("kiosk %s: %w", kiosk, err)
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO commands(kiosk, kind, arg, state, created_at, expires_at) VALUES ($1,$2,$3,'queued',$4,$5) RETURNING id`,
			kiosk, kind, arg, now, now.Add(ttl)).Scan(&id); err != nil {
			return err
		}
		if code := requestedDossier(kind, arg); code != "" {
			tag, err := tx.Exec(ctx, `UPDATE dossiers SET requested = $1 WHERE kiosk = $2 AND code = $3`, id, kiosk, code)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return noDossier(kiosk, code)
			}
		}
		return nil
	})
	return id, err
}

// Commands returns a kiosk's commands, newest first ("" for every kiosk; IT's pool).
func (s *Postgres) Commands(ctx context.Context, kiosk string) ([]CommandRow, error) {
	rows, err := s.admin.Query(ctx, `SELECT id, kiosk, kind, arg, state, detail, created_at, expires_at, delivered_at, finished_at
		FROM commands WHERE $1 = '' OR kiosk = $1 ORDER BY id DESC LIMIT 500`, kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommandRow
	for rows.Next() {
		var c CommandRow
		var del, fin pgtype.Timestamptz
		if err := rows.Scan(&c.ID, &c.Kiosk, &c.Kind, &c.Arg, &c.State, &c.Detail, &c.Issued, &c.Expires, &del, &fin); err != nil {
			return nil, err
		}
		c.Issued, c.Expires = c.Issued.UTC(), c.Expires.UTC()
		c.Delivered, c.Finished = utc(del), utc(fin)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Bundles lists the published bundles, newest first (IT's pool).
func (s *Postgres) Bundles(ctx context.Context) ([]BundleRow, error) {
	rows, err := s.admin.Query(ctx, `SELECT kind, version, scope, published_at, octet_length(envelope) FROM bundles ORDER BY published_at DESC, kind, version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BundleRow
	for rows.Next() {
		var b BundleRow
		if err := rows.Scan(&b.Kind, &b.Version, &b.Scope, &b.Published, &b.Bytes); err != nil {
			return nil, err
		}
		b.Published = b.Published.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}
