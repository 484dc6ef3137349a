package sqlite

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/kiosk"
)

// Change records an admin's change inside tx: its outbox event (kind, body) for the
// province and its line in the audit list, in words, with who made it (kiosk.ActorOf the
// transaction's context). Both commit or vanish with the change.
func (tx *Tx) Change(kind string, body any, summary, summaryEN string) error {
	seq, err := tx.Emit(kind, body)
	if err != nil {
		return err
	}
	a := kiosk.ActorOf(tx.ctx)
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO audit(at, actor, actor_name, kind, summary, summary_en, outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(tx.now), a.ID, a.Name, kind, summary, summaryEN, seq); err != nil {
		return fmt.Errorf("audit %s: %w", kind, err)
	}
	return nil
}

// AuditLog lists the audit entries (kiosk.AuditLog).
type AuditLog struct {
	DB *DB
}

var _ kiosk.AuditLog = (*AuditLog)(nil)

// Audit returns up to limit entries older than before (all when before is 0), newest first.
func (l *AuditLog) Audit(ctx context.Context, before int64, limit int) ([]kiosk.AuditEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := l.DB.Reader().QueryContext(ctx, `SELECT id, at, actor, actor_name, kind, summary, summary_en, outbox_seq
		FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, storageError(l.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.AuditEntry{}
	for rows.Next() {
		var e kiosk.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.ActorName, &e.Kind, &e.Summary, &e.SummaryEN, &e.OutboxSeq); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("audit %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
