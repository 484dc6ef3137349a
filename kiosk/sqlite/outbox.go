package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/motcua/motcua/kiosk"
)

var _ kiosk.Outbox = (*DB)(nil)

// timeFormat is how every timestamp is stored: UTC, fixed width, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeFormat, s) }

// Emit appends an event to the outbox inside tx and returns its seq. body is marshalled
// to JSON; the event commits or vanishes with the change it describes.
func (tx *Tx) Emit(kind string, body any) (int64, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO outbox(kind, body, created_at) VALUES (?, ?, ?)`,
		kind, string(b), formatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	return res.LastInsertId()
}

// Pending returns up to limit events after afterSeq, in order.
func (db *DB) Pending(ctx context.Context, afterSeq int64, limit int) ([]kiosk.OutboxEvent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, kind, body, created_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
	if err != nil {
		return nil, storageError(db.Path, err)
	}
	defer rows.Close()
	var out []kiosk.OutboxEvent
	for rows.Next() {
		var e kiosk.OutboxEvent
		var body, at string
		if err := rows.Scan(&e.Seq, &e.Kind, &body, &at); err != nil {
			return nil, err
		}
		e.Body = json.RawMessage(body)
		if e.CreatedAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("outbox seq %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkSynced records that the hub holds every event through throughSeq; it never moves
// back, and never past the last event written.
func (db *DB) MarkSynced(ctx context.Context, throughSeq int64) error {
	return db.Write(ctx, func(tx *Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM outbox`).Scan(&last); err != nil {
			return err
		}
		if throughSeq > last {
			return kiosk.Errorf(kiosk.ECONFLICT, "Máy chủ tỉnh xác nhận sự kiện chưa tồn tại", fmt.Sprintf("ack through %d is past the last event %d", throughSeq, last))
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('synced_through', ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value
			WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER)`, strconv.FormatInt(throughSeq, 10))
		return err
	})
}

// SyncedThrough returns the highest acknowledged seq.
func (db *DB) SyncedThrough(ctx context.Context) (int64, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'synced_through'), '0')`).Scan(&v)
	if err != nil {
		return 0, storageError(db.Path, err)
	}
	return strconv.ParseInt(v, 10, 64)
}

// Backlog returns how many events the hub has not acknowledged and when the oldest of
// them was written.
func (db *DB) Backlog(ctx context.Context) (n int64, oldest time.Time, err error) {
	var at sql.NullString
	err = db.r.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox
		WHERE seq > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synced_through'), 0)`).Scan(&n, &at)
	if err != nil {
		return 0, time.Time{}, storageError(db.Path, err)
	}
	if at.Valid {
		oldest, err = parseTime(at.String)
	}
	return n, oldest, err
}

// Size returns the bytes the database takes on disk, its write-ahead log included.
func (db *DB) Size() int64 {
	var total int64
	for _, p := range []string{db.Path, db.Path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	return total
}
