package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SyncRejection is an event the hub refused as a business error.
type SyncRejection struct {
	Seq    int64
	Reason string
}

// BundleVersion returns the newest version of kind this kiosk has accepted (0 if none).
func (db *DB) BundleVersion(ctx context.Context, kind string) (int64, error) {
	var v int64
	err := db.r.QueryRowContext(ctx, `SELECT version FROM sync_bundles WHERE kind = ?`, kind).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, storageError(db.Path, err)
	}
	return v, nil
}

// SetBundleVersion records that version of kind was applied. It never moves back: a
// lower or equal version is refused.
func (db *DB) SetBundleVersion(ctx context.Context, kind string, version int64, sha256 string) error {
	return db.Write(ctx, func(tx *Tx) error { return tx.SetBundleVersion(kind, version, sha256) })
}

// SetBundleVersion is SetBundleVersion inside a transaction, so an applier can record the
// version in the same transaction as the bundle's rows.
func (tx *Tx) SetBundleVersion(kind string, version int64, sha256 string) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO sync_bundles(kind, version, sha256, applied_at) VALUES (?,?,?,?)
		ON CONFLICT(kind) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, applied_at = excluded.applied_at
		WHERE excluded.version > sync_bundles.version`, kind, version, sha256, formatTime(tx.now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("bundle %s v%d: not newer than the version applied", kind, version)
	}
	return nil
}

// RecordRejected keeps a refusal of the hub (the first reason wins on a repeat).
func (db *DB) RecordRejected(ctx context.Context, seq int64, reason string) error {
	return db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_rejected(seq, reason, rejected_at) VALUES (?,?,?) ON CONFLICT(seq) DO NOTHING`,
			seq, reason, formatTime(tx.now))
		return err
	})
}

// Rejected returns the hub's refusals, newest first.
func (db *DB) Rejected(ctx context.Context, limit int) ([]SyncRejection, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, reason FROM sync_rejected ORDER BY seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, storageError(db.Path, err)
	}
	defer rows.Close()
	var out []SyncRejection
	for rows.Next() {
		var r SyncRejection
		if err := rows.Scan(&r.Seq, &r.Reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
