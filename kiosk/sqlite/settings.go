package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// Setting returns a run-time setting's value, or def if it was never set.
func (db *DB) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", storageError(db.Path, err)
	}
	return v, nil
}

// SetSetting stores a run-time setting inside tx.
func (tx *Tx) SetSetting(key, value string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, formatTime(tx.now))
	return err
}
