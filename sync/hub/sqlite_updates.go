package hub

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// PutUpdateBinary stores a binary in chunks; see UpdateStore.
func (s *SQLite) PutUpdateBinary(ctx context.Context, sha256 string, data []byte, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO update_binaries(sha256, size, stored_at) VALUES (?,?,?) ON CONFLICT DO NOTHING`,
			sha256, len(data), ft(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // stored before: the same bytes, by their hash
		}
		for i, c := range chunks(data) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO update_chunks(sha256, n, data) VALUES (?,?,?)`, sha256, i, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateBinarySize returns a stored binary's size; see UpdateStore.
func (s *SQLite) UpdateBinarySize(ctx context.Context, sha256 string) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT size FROM update_binaries WHERE sha256 = ?`, sha256).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return n, err
}

// UpdateChunk returns one chunk of a stored binary; see UpdateStore.
func (s *SQLite) UpdateChunk(ctx context.Context, sha256 string, n int64) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM update_chunks WHERE sha256 = ? AND n = ?`, sha256, n).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}
