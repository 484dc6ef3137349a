package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// PrintJobs is the durable print spool (migrations 0004, 0006). It implements
// hardware/spool's JobStore, so this package does not depend on the printer code.
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
	Resend    bool      `json:"resend"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// AddPrintJob queues a job inside a larger write transaction: a ticket's printout commits
// or vanishes with the ticket.
func (tx *Tx) AddPrintJob(job kiosk.PrintJob) (int64, error) {
	if job.Kind == "" || len(job.Data) == 0 {
		return 0, kiosk.Invalid("print_job", "Lệnh in trống", "empty print job")
	}
	var reprint any
	if len(job.Reprint) > 0 {
		reprint = job.Reprint
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO print_jobs(kind, ref, data, reprint, created_at) VALUES (?, ?, ?, ?, ?)`,
		job.Kind, job.Ref, job.Data, reprint, formatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("queue print job %s %s: %w", job.Kind, job.Ref, err)
	}
	return res.LastInsertId()
}

// Add queues a job on its own ("what to bring" slips; a ticket's job goes in with the
// ticket through Tx.AddPrintJob).
func (s *PrintJobs) Add(ctx context.Context, job kiosk.PrintJob) (id int64, err error) {
	err = s.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.AddPrintJob(job)
		return err
	})
	return id, err
}

// Next returns the oldest queued job; ok is false when none waits. Its Data is what to
// send now: the reprint when an earlier attempt may have put part of it on paper.
func (s *PrintJobs) Next(ctx context.Context) (job kiosk.PrintJob, ok bool, err error) {
	var created string
	err = s.db.r.QueryRowContext(ctx, `SELECT id, kind, ref, CASE WHEN resend = 1 AND reprint IS NOT NULL THEN reprint ELSE data END,
		resend, created_at FROM print_jobs WHERE state = 'queued' ORDER BY id LIMIT 1`).
		Scan(&job.ID, &job.Kind, &job.Ref, &job.Data, &job.Resend, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.PrintJob{}, false, nil
	}
	if err != nil {
		return kiosk.PrintJob{}, false, storageError(s.db.Path, err)
	}
	if job.QueuedAt, err = parseTime(created); err != nil {
		return kiosk.PrintJob{}, false, fmt.Errorf("print job %d: %w", job.ID, err)
	}
	return job, true, nil
}

// Sending records, before the first byte goes out, that an attempt starts. From here on
// the job counts as possibly on paper: if the kiosk dies mid-job, the job is sent again
// after restart marked as a reprint.
func (s *PrintJobs) Sending(ctx context.Context, id int64) error {
	return s.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE print_jobs SET resend = 1, attempts = attempts + 1 WHERE id = ? AND state = 'queued'`, id)
		return err
	})
}

// Failed records an attempt that did not end with the printer answering healthy; the job
// stays first in the queue. onPaper says whether any of it may be on paper (no byte of any
// attempt left the kiosk: the next attempt is not a reprint).
func (s *PrintJobs) Failed(ctx context.Context, id int64, onPaper bool, reason string) error {
	return s.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE print_jobs SET resend = ?, last_error = ? WHERE id = ? AND state = 'queued'`, onPaper, reason, id)
		return err
	})
}

// Printed takes the job out of the queue for good: the printer took it whole and answered
// healthy after it.
func (s *PrintJobs) Printed(ctx context.Context, id int64) error {
	return s.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE print_jobs SET state = 'printed', done_at = ? WHERE id = ? AND state = 'queued'`,
			formatTime(tx.now), id)
		return err
	})
}

// Expire takes the jobs of kind queued before t out of the queue unprinted and says how
// many there were.
func (s *PrintJobs) Expire(ctx context.Context, kind string, before time.Time) (n int64, err error) {
	err = s.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE print_jobs SET state = 'expired', done_at = ?
			WHERE state = 'queued' AND kind = ? AND created_at < ?`, formatTime(tx.now), kind, formatTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
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
	rows, err := s.db.r.QueryContext(ctx, `SELECT id, kind, ref, length(data), state, resend, attempts, last_error, created_at, coalesce(done_at, '')
		FROM print_jobs ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, storageError(s.db.Path, err)
	}
	defer rows.Close()
	var out []PrintJob
	for rows.Next() {
		var j PrintJob
		var created, done string
		if err := rows.Scan(&j.ID, &j.Kind, &j.Ref, &j.Bytes, &j.State, &j.Resend, &j.Attempts, &j.LastError, &created, &done); err != nil {
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

// Prune deletes finished jobs (printed, held, cancelled, expired) done before t: their bytes are
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
