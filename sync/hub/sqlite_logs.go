package hub

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// KeepLog stores an uploaded log; see LogStore.
func (s *SQLite) KeepLog(ctx context.Context, kiosk string, command int64, gz []byte, size int64, now time.Time) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO kiosk_logs(kiosk, command_id, received_at, bytes, body) VALUES (?,?,?,?,?)`,
			kiosk, command, ft(now), size, gz)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		_, err = tx.ExecContext(ctx, `DELETE FROM kiosk_logs WHERE kiosk = ? AND id NOT IN
			(SELECT id FROM kiosk_logs WHERE kiosk = ? ORDER BY id DESC LIMIT ?)`, kiosk, kiosk, KeepLogs)
		return err
	})
	return id, err
}

// Logs lists a kiosk's logs, newest first.
func (s *SQLite) Logs(ctx context.Context, kiosk string) ([]LogRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, kiosk, command_id, received_at, bytes FROM kiosk_logs WHERE kiosk = ? ORDER BY id DESC`, kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogRow
	for rows.Next() {
		var l LogRow
		var recv string
		if err := rows.Scan(&l.ID, &l.Kiosk, &l.Command, &recv, &l.Bytes); err != nil {
			return nil, err
		}
		l.Received = pt(sql.NullString{String: recv, Valid: true})
		out = append(out, l)
	}
	return out, rows.Err()
}

// Log returns one log and its gzip'd text.
func (s *SQLite) Log(ctx context.Context, kiosk string, id int64) (*LogRow, []byte, error) {
	var l LogRow
	var recv string
	var body []byte
	err := s.r.QueryRowContext(ctx, `SELECT id, kiosk, command_id, received_at, bytes, body FROM kiosk_logs WHERE kiosk = ? AND id = ?`, kiosk, id).
		Scan(&l.ID, &l.Kiosk, &l.Command, &recv, &l.Bytes, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	l.Received = pt(sql.NullString{String: recv, Valid: true})
	return &l, body, err
}
