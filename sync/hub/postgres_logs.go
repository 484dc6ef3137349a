package hub

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// KeepLog stores an uploaded log; see LogStore.
func (s *Postgres) KeepLog(ctx context.Context, kiosk string, command int64, gz []byte, size int64, now time.Time) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO kiosk_logs(kiosk, command_id, received_at, bytes, body) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
			kiosk, command, now, size, gz).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM kiosk_logs WHERE kiosk = $1 AND id NOT IN
			(SELECT id FROM kiosk_logs WHERE kiosk = $1 ORDER BY id DESC LIMIT $2)`, kiosk, KeepLogs)
		return err
	})
	return id, err
}

// Logs lists a kiosk's logs, newest first (IT's pool).
func (s *Postgres) Logs(ctx context.Context, kiosk string) ([]LogRow, error) {
	rows, err := s.admin.Query(ctx, `SELECT id, kiosk, command_id, received_at, bytes FROM kiosk_logs WHERE kiosk = $1 ORDER BY id DESC`, kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogRow
	for rows.Next() {
		var l LogRow
		if err := rows.Scan(&l.ID, &l.Kiosk, &l.Command, &l.Received, &l.Bytes); err != nil {
			return nil, err
		}
		l.Received = l.Received.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// Log returns one log and its gzip'd text (IT's pool).
func (s *Postgres) Log(ctx context.Context, kiosk string, id int64) (*LogRow, []byte, error) {
	var l LogRow
	var body []byte
	err := s.admin.QueryRow(ctx, `SELECT id, kiosk, command_id, received_at, bytes, body FROM kiosk_logs WHERE kiosk = $1 AND id = $2`, kiosk, id).
		Scan(&l.ID, &l.Kiosk, &l.Command, &l.Received, &l.Bytes, &body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	l.Received = l.Received.UTC()
	return &l, body, err
}
