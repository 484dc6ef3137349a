package hub

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// PutUpdateBinary stores a binary in chunks; see UpdateStore.
func (s *Postgres) PutUpdateBinary(ctx context.Context, sha256 string, data []byte, now time.Time) error {
	return pgx.BeginFunc(ctx, s.admin, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO update_binaries(sha256, size, stored_at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
			sha256, len(data), now)
		if err != nil || tag.RowsAffected() == 0 {
			return err // or stored before: the same bytes, by their hash
		}
		for i, c := range chunks(data) {
			if _, err := tx.Exec(ctx, `INSERT INTO update_chunks(sha256, n, data) VALUES ($1,$2,$3)`, sha256, i, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateBinarySize returns a stored binary's size; see UpdateStore.
func (s *Postgres) UpdateBinarySize(ctx context.Context, sha256 string) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT size FROM update_binaries WHERE sha256 = $1`, sha256).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	return n, err
}

// UpdateChunk returns one chunk of a stored binary; see UpdateStore.
func (s *Postgres) UpdateChunk(ctx context.Context, sha256 string, n int64) ([]byte, error) {
	var b []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM update_chunks WHERE sha256 = $1 AND n = $2`, sha256, n).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}
