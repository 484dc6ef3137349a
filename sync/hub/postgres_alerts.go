package hub

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// alertsLock is the advisory lock key under which a hub syncs the open alerts, so two
// hubs checking at once do not open one alert twice.
const alertsLock = 0x616c7274 // "alrt"

// SyncAlerts makes the open alerts exactly want; see AlertStore.
func (s *Postgres) SyncAlerts(ctx context.Context, want []Alert, now time.Time) (opened, closed []Alert, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		opened, closed = nil, nil
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, alertsLock); err != nil {
			return err
		}
		open, err := pgAlerts(ctx, tx, AlertQuery{OpenOnly: true, Limit: 1 << 30})
		if err != nil {
			return err
		}
		toOpen, toClose := alertChanges(open, want)
		for _, a := range toOpen {
			if err := tx.QueryRow(ctx, `WITH a AS (INSERT INTO alerts(kiosk, kind, detail, opened_at) VALUES ($1,$2,$3,$4) RETURNING id)
				INSERT INTO alert_notices(alert_id, event, created_at, next_at) SELECT id, 'opened', $4, $4 FROM a RETURNING alert_id`,
				a.Kiosk, a.Kind, a.Detail, now).Scan(&a.ID); err != nil {
				return err
			}
			a.Opened = now
			opened = append(opened, a)
		}
		for _, a := range toClose {
			if _, err := tx.Exec(ctx, `WITH c AS (UPDATE alerts SET closed_at = $1 WHERE id = $2 RETURNING id)
				INSERT INTO alert_notices(alert_id, event, created_at, next_at) SELECT id, 'closed', $1, $1 FROM c`, now, a.ID); err != nil {
				return err
			}
			a.Closed = now
			closed = append(closed, a)
		}
		return nil
	})
	return opened, closed, err
}

const pgAlertSelect = `SELECT a.id, a.kiosk, coalesce(k.commune, ''), coalesce(k.cluster, ''), a.kind, a.detail, a.opened_at, a.closed_at
	FROM alerts a LEFT JOIN kiosks k ON k.id = a.kiosk`

func pgAlerts(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, aq AlertQuery) ([]Alert, error) {
	if aq.Limit <= 0 {
		aq.Limit = 500
	}
	rows, err := q.Query(ctx, pgAlertSelect+` WHERE ($1 = '' OR a.kiosk = $1) AND (a.closed_at IS NULL OR (NOT $2 AND a.closed_at >= $3))
		ORDER BY a.id DESC LIMIT $4`, aq.Kiosk, aq.OpenOnly, aq.ClosedFrom, aq.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var closed pgtype.Timestamptz
		if err := rows.Scan(&a.ID, &a.Kiosk, &a.Commune, &a.Cluster, &a.Kind, &a.Detail, &a.Opened, &closed); err != nil {
			return nil, err
		}
		a.Opened, a.Closed = a.Opened.UTC(), utc(closed)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Alerts lists alerts, newest first (IT's pool).
func (s *Postgres) Alerts(ctx context.Context, q AlertQuery) ([]Alert, error) {
	return pgAlerts(ctx, s.admin, q)
}

// ClaimNotices returns the notices due and moves them past the lease; see AlertStore.
// Rows another hub is claiming are skipped, not waited for.
func (s *Postgres) ClaimNotices(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Notice, error) {
	rows, err := s.pool.Query(ctx, `WITH due AS (SELECT id FROM alert_notices WHERE sent_at IS NULL AND given_up_at IS NULL AND next_at <= $1
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED),
		claimed AS (UPDATE alert_notices n SET next_at = $2 FROM due WHERE n.id = due.id RETURNING n.id, n.alert_id, n.event, n.attempts)
		SELECT c.id, c.event, c.attempts, a.id, a.kiosk, coalesce(k.commune, ''), coalesce(k.cluster, ''), a.kind, a.detail, a.opened_at, a.closed_at
		FROM claimed c JOIN alerts a ON a.id = c.alert_id LEFT JOIN kiosks k ON k.id = a.kiosk ORDER BY c.id`, now, now.Add(lease), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var closed pgtype.Timestamptz
		if err := rows.Scan(&n.ID, &n.Event, &n.Attempts, &n.Alert.ID, &n.Alert.Kiosk, &n.Alert.Commune, &n.Alert.Cluster, &n.Alert.Kind,
			&n.Alert.Detail, &n.Alert.Opened, &closed); err != nil {
			return nil, err
		}
		n.Alert.Opened, n.Alert.Closed = n.Alert.Opened.UTC(), utc(closed)
		out = append(out, n)
	}
	return out, rows.Err()
}

// NoticeSent marks a notice delivered.
func (s *Postgres) NoticeSent(ctx context.Context, id int64, now time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE alert_notices SET sent_at = $1, attempts = attempts + 1 WHERE id = $2`, now, id)
	return err
}

// NoticeFailed records a failed attempt; see AlertStore.
func (s *Postgres) NoticeFailed(ctx context.Context, id int64, why string, next, now time.Time) error {
	var err error
	if next.IsZero() {
		_, err = s.pool.Exec(ctx, `UPDATE alert_notices SET attempts = attempts + 1, last_error = $1, given_up_at = $2 WHERE id = $3`, why, now, id)
	} else {
		_, err = s.pool.Exec(ctx, `UPDATE alert_notices SET attempts = attempts + 1, last_error = $1, next_at = $2 WHERE id = $3`, why, next, id)
	}
	return err
}
