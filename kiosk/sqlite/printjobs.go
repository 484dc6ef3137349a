package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// PrintJobs is the durable print spool (migration 0004). It implements hardware/spool's
// JobStore with plain types, so this package does not depend on the printer code.
type PrintJobs struct{ db *DB }

// PrintJobs returns the spool store of db.
func (db *DB) PrintJobs() *PrintJobs { return &PrintJobs{db: db} }

// PrintJob is one row, for the admin page.
type PrintJob struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Ref       string    `json:"ref"`
	Bytes     int       `json:"bytes"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// AddPrintJob queues a job inside a larger write transaction (for a job that must exist if
// and only if the change it prints commits).
func (tx *Tx) AddPrintJob(kind, ref string, data []byte) (int64, error) {
	if kind == "" || len(data) == 0 {
		return 0, kiosk.Invalid("print_job", "Lệnh in trống", "empty print job")
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO print_jobs(kind, ref, data, created_at) VALUES (?, ?, ?, ?)`,
		kind, ref, data, formatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("queue print job %s %s: %w", kind, ref, err)
	}
	return res.LastInsertId()
}

// Add queues a job: kind says what it is ("ticket", "receipt"), ref which thing (ticket id).
func (s *PrintJobs) Add(ctx context.Context, kind, ref string, data []byte) (id int64, err error) {
	err = s.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.AddPrintJob(kind, ref, data)
		return err
	})
	return id, err
}

// Next returns the oldest queued job; ok is false when none waits.
func (s *PrintJobs) Next(ctx context.Context) (id int64, data []byte, ok bool, err error) {
	err = s.db.r.QueryRowContext(ctx, `SELECT id, data FROM print_jobs WHERE state = 'queued' ORDER BY id LIMIT 1`).Scan(&id, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, storageError(s.db.Path, err)
	}
	return id, data, true, nil
}

// Printed records that the printer took job id whole; it is never sent again. held says the
// printer reported, right after, that it cannot print now.
func (s *PrintJobs) Printed(ctx context.Context, id int64, held bool) error {
	state := "printed"
	if held {
		state = "held"
	}
	return s.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE print_jobs SET state = ?, attempts = attempts + 1, done_at = ? WHERE id = ? AND state = 'queued'`,
			state, formatTime(tx.now), id)
		return err
	})
}

// Failed records a failed attempt; the job stays first in the queue.
func (s *PrintJobs) Failed(ctx context.Context, id int64, reason string) error {
	return s.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ? AND state = 'queued'`, reason, id)
		return err
	})
}

// Queued counts the jobs waiting.
func (s *PrintJobs) Queued(ctx context.Context) (int, error) {
	var n int
	if err := s.db.r.QueryRowContext(ctx, `SELECT count(*) FROM print_jobs WHERE state = 'queued'`).Scan(&n); err != nil {
		return 0, storageError(s.db.Path, err)
	}
	return n, nil
}

// Cancel takes a queued job out of the queue (a clerk gave the person the number by hand).
// A job already printed is a conflict.
func (s *PrintJobs) Cancel(ctx context.Context, id int64) error {
	return s.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE print_jobs SET state = 'cancelled', done_at = ? WHERE id = ? AND state = 'queued'`, formatTime(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kiosk.Errorf(kiosk.ECONFLICT, "Lệnh in này không còn trong hàng đợi.", "this print job is no longer queued")
		}
		return nil
	})
}

// Recent lists the newest n jobs, newest first, without their bytes.
func (s *PrintJobs) Recent(ctx context.Context, n int) ([]PrintJob, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT id, kind, ref, length(data), state, attempts, last_error, created_at, coalesce(done_at, '')
		FROM print_jobs ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, storageError(s.db.Path, err)
	}
	defer rows.Close()
	var out []PrintJob
	for rows.Next() {
		var j PrintJob
		var created, done string
		if err := rows.Scan(&j.ID, &j.Kind, &j.Ref, &j.Bytes, &j.State, &j.Attempts, &j.LastError, &created, &done); err != nil {
			return nil, err
		}
		j.CreatedAt, _ = parseTime(created)
		if done != "" {
			j.DoneAt, _ = parseTime(done)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// Prune deletes finished jobs (printed, held, cancelled) done before t: their bytes are
// only worth keeping for a few days.
func (s *PrintJobs) Prune(ctx context.Context, before time.Time) (n int64, err error) {
	err = s.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM print_jobs WHERE state <> 'queued' AND done_at < ?`, formatTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
