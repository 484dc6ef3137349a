package hub

import (
	"context"
	"database/sql"
	"time"
)

// SyncAlerts makes the open alerts exactly want; see AlertStore. The one writer orders
// two calls.
func (s *SQLite) SyncAlerts(ctx context.Context, want []Alert, now time.Time) (opened, closed []Alert, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		opened, closed = nil, nil
		open, err := sqliteAlerts(ctx, tx, AlertQuery{OpenOnly: true, Limit: 1 << 30})
		if err != nil {
			return err
		}
		toOpen, toClose := alertChanges(open, want)
		for _, a := range toOpen {
			res, err := tx.ExecContext(ctx, `INSERT INTO alerts(kiosk, kind, detail, opened_at) VALUES (?,?,?,?)`, a.Kiosk, a.Kind, a.Detail, ft(now))
			if err != nil {
				return err
			}
			a.ID, _ = res.LastInsertId()
			a.Opened = now
			if err := sqliteNotice(ctx, tx, a.ID, "opened", now); err != nil {
				return err
			}
			opened = append(opened, a)
		}
		for _, a := range toClose {
			if _, err := tx.ExecContext(ctx, `UPDATE alerts SET closed_at = ? WHERE id = ?`, ft(now), a.ID); err != nil {
				return err
			}
			if err := sqliteNotice(ctx, tx, a.ID, "closed", now); err != nil {
				return err
			}
			a.Closed = now
			closed = append(closed, a)
		}
		return nil
	})
	return opened, closed, err
}

func sqliteNotice(ctx context.Context, tx *sql.Tx, alert int64, event string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO alert_notices(alert_id, event, created_at, next_at) VALUES (?,?,?,?)`, alert, event, ft(now), ft(now))
	return err
}

const alertSelect = `SELECT a.id, a.kiosk, coalesce(k.commune, ''), coalesce(k.cluster, ''), a.kind, a.detail, a.opened_at, a.closed_at
	FROM alerts a LEFT JOIN kiosks k ON k.id = a.kiosk`

func sqliteAlerts(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, aq AlertQuery) ([]Alert, error) {
	if aq.Limit <= 0 {
		aq.Limit = 500
	}
	rows, err := q.QueryContext(ctx, alertSelect+` WHERE (? = '' OR a.kiosk = ?) AND (a.closed_at IS NULL OR (? = 0 AND a.closed_at >= ?))
		ORDER BY a.id DESC LIMIT ?`, aq.Kiosk, aq.Kiosk, aq.OpenOnly, ft(aq.ClosedFrom), aq.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var opened string
		var closed sql.NullString
		if err := rows.Scan(&a.ID, &a.Kiosk, &a.Commune, &a.Cluster, &a.Kind, &a.Detail, &opened, &closed); err != nil {
			return nil, err
		}
		a.Opened, a.Closed = pt(sql.NullString{String: opened, Valid: true}), pt(closed)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Alerts lists alerts, newest first.
func (s *SQLite) Alerts(ctx context.Context, q AlertQuery) ([]Alert, error) {
	return sqliteAlerts(ctx, s.r, q)
}

// ClaimNotices returns the notices due and moves them past the lease; see AlertStore.
func (s *SQLite) ClaimNotices(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Notice, error) {
	var out []Notice
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT n.id, n.event, n.attempts, a.id, a.kiosk, coalesce(k.commune, ''), coalesce(k.cluster, ''), a.kind, a.detail, a.opened_at, a.closed_at
			FROM alert_notices n JOIN alerts a ON a.id = n.alert_id LEFT JOIN kiosks k ON k.id = a.kiosk
			WHERE n.sent_at IS NULL AND n.given_up_at IS NULL AND n.next_at <= ? ORDER BY n.id LIMIT ?`, ft(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n Notice
			var opened string
			var closed sql.NullString
			if err := rows.Scan(&n.ID, &n.Event, &n.Attempts, &n.Alert.ID, &n.Alert.Kiosk, &n.Alert.Commune, &n.Alert.Cluster, &n.Alert.Kind,
				&n.Alert.Detail, &opened, &closed); err != nil {
				rows.Close()
				return err
			}
			n.Alert.Opened, n.Alert.Closed = pt(sql.NullString{String: opened, Valid: true}), pt(closed)
			out = append(out, n)
		}
		rows.Close()
		for _, n := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE alert_notices SET next_at = ? WHERE id = ?`, ft(now.Add(lease)), n.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// NoticeSent marks a notice delivered.
func (s *SQLite) NoticeSent(ctx context.Context, id int64, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE alert_notices SET sent_at = ?, attempts = attempts + 1 WHERE id = ?`, ft(now), id)
		return err
	})
}

// NoticeFailed records a failed attempt; see AlertStore.
func (s *SQLite) NoticeFailed(ctx context.Context, id int64, why string, next, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if next.IsZero() {
			_, err = tx.ExecContext(ctx, `UPDATE alert_notices SET attempts = attempts + 1, last_error = ?, given_up_at = ? WHERE id = ?`, why, ft(now), id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE alert_notices SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`, why, ft(next), id)
		}
		return err
	})
}
