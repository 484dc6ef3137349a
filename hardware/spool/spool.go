// Package spool prints queued jobs in order with one worker: rows in a durable store, sent
// only while the printer says it is ready, and done only when the printer answers healthy
// right after taking a job whole. Any other outcome leaves the job queued, to be sent again
// whole — marked as a reprint when part of it may already be on paper — after bringing the
// printer back to a clean state. Tickets and slips that waited too long are dropped.
package spool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
)

// JobStore is the durable queue (kiosk/sqlite.PrintJobs implements it).
type JobStore interface {
	Add(ctx context.Context, job kiosk.PrintJob) (int64, error)
	// Next returns the oldest queued job, its Data being what to send now.
	Next(ctx context.Context) (job kiosk.PrintJob, ok bool, err error)
	// Sending records that an attempt starts, before its first byte goes out.
	Sending(ctx context.Context, id int64) error
	// Failed records an attempt that did not end with a healthy printer; the job stays
	// first. onPaper: part of it may be on paper, so the next attempt is a reprint.
	Failed(ctx context.Context, id int64, onPaper bool, reason string) error
	// Printed takes the job out of the queue for good.
	Printed(ctx context.Context, id int64) error
	// Expire drops the queued jobs of kind queued before t.
	Expire(ctx context.Context, kind string, before time.Time) (int64, error)
	Queued(ctx context.Context) (int, error)
	// Prune deletes the jobs finished before t, bytes and all.
	Prune(ctx context.Context, before time.Time) (int64, error)
}

// Printer is what the spooler prints on (*hardware.Printer).
type Printer interface {
	Print(ctx context.Context, job []byte) (sent int, err error)
	Status(ctx context.Context) (hardware.Status, error)
}

// State is the spooler's view for the health page, the heartbeat and the kiosk screen.
type State struct {
	Status hardware.Status
	Queued int
	// LastError says in Vietnamese what is wrong now, for a person; "" once the printer
	// answers healthy.
	LastError string
	LastJob   int64 // the last job printed (taken whole, printer healthy after it)
	Expired   int64 // jobs dropped since start for waiting too long
}

// DefaultMaxWait is how long a ticket or slip may wait for the printer before it is dropped.
const DefaultMaxWait = 15 * time.Minute

// KeepDone is how long finished jobs are kept (for the admin page's list) before Run
// deletes them: a ticket's two renderings take about 10 KB.
const KeepDone = 7 * 24 * time.Hour

// Spooler is the one print worker. Create with New, run Run in a goroutine, queue with
// Enqueue or the store directly (a ticket's job is stored with the ticket), then Kick.
type Spooler struct {
	Store   JobStore
	Printer Printer
	// Poll is how often the printer's status is checked while idle and a failed job retried
	// (default 5 s).
	Poll time.Duration
	// MaxWait drops tickets and "what to bring" slips that waited longer than this
	// (default DefaultMaxWait): printed late they go to the wrong villager.
	MaxWait time.Duration
	// Clock is the store's clock (jobs are stamped with it); default the wall clock.
	Clock kiosk.Clock
	// OnState, if set, is called after every status check and job (from the worker
	// goroutine; keep it short): publish it as a notice so screens update at once.
	OnState func(State)
	// Alive, if set, is called from the worker's loop at least every Poll while it waits,
	// and before each job: the kiosk's systemd watchdog takes its silence for a printer
	// call that hangs. Keep it short.
	Alive func()

	kick chan struct{}
	mu   sync.Mutex
	st   State
	// taken remembers jobs printed whose Printed record failed to commit (disk trouble):
	// they are recorded again before anything else and never resent.
	taken map[int64]bool
	// resync goes out before the next job: the printer may hold part of an earlier one.
	resync []byte
}

// New returns a spooler over store and printer.
func New(store JobStore, p Printer) *Spooler {
	return &Spooler{Store: store, Printer: p, Poll: 5 * time.Second, MaxWait: DefaultMaxWait, Clock: kiosk.SystemClock,
		kick: make(chan struct{}, 1), taken: map[int64]bool{}}
}

// ErrNotReady is returned by Drain when the printer cannot print now; the jobs wait.
var ErrNotReady = errors.New("printer not ready")

// Enqueue stores a job and wakes the worker.
func (s *Spooler) Enqueue(ctx context.Context, job kiosk.PrintJob) (int64, error) {
	id, err := s.Store.Add(ctx, job)
	if err != nil {
		return 0, err
	}
	s.Kick()
	return id, nil
}

// Kick wakes the worker now (after a job is stored, or when someone says the paper is
// refilled).
func (s *Spooler) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// State returns the latest state.
func (s *Spooler) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

func (s *Spooler) set(f func(*State)) {
	s.mu.Lock()
	f(&s.st)
	st := s.st
	s.mu.Unlock()
	if s.OnState != nil {
		s.OnState(st)
	}
}

func (s *Spooler) alive() {
	if s.Alive != nil {
		s.Alive()
	}
}

// Run prints until ctx ends: drains the queue whenever kicked or every Poll, and checks the
// printer's status every Poll while idle.
func (s *Spooler) Run(ctx context.Context) error {
	poll := s.Poll
	if poll <= 0 {
		poll = 5 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	var pruned time.Time
	for {
		s.alive()
		if _, err := s.Drain(ctx); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if now := s.now(); now.Sub(pruned) >= time.Hour {
			if _, err := s.Store.Prune(ctx, now.Add(-KeepDone)); err == nil {
				pruned = now
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.kick:
		case <-t.C:
		}
	}
}

// expires says whether jobs of kind are dropped after MaxWait.
func expires(kind string) bool { return kind == kiosk.PrintTicket || kind == kiosk.PrintChecklist }

func (s *Spooler) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

func (s *Spooler) maxWait() time.Duration {
	if s.MaxWait <= 0 {
		return DefaultMaxWait
	}
	return s.MaxWait
}

// countQueued refreshes State.Queued, and tells the screens when it changed.
func (s *Spooler) countQueued(ctx context.Context) {
	n, err := s.Store.Queued(ctx)
	if err != nil {
		return
	}
	s.mu.Lock()
	changed := n != s.st.Queued
	s.mu.Unlock()
	if changed {
		s.set(func(x *State) { x.Queued = n })
	}
}

// Drain prints queued jobs in order until the queue is empty (nil error) or the printer
// cannot go on (the error says why; the jobs stay queued). It always checks the status once,
// so an idle spooler still polls. Only one Drain may run at a time: the worker's.
//
// Each job: status before (not ready: wait); mark the attempt; send the job, preceded by
// escpos.Resync when the printer may hold part of an earlier one; status after. Only a
// healthy answer after the job makes it printed. A job that failed part-way, or after which
// the printer reported a problem (out of paper: it may print it when refilled, or not) is
// sent again whole as its reprint variant ("IN LẠI"), so the villager holds the ticket once,
// or once plus a marked reprint.
func (s *Spooler) Drain(ctx context.Context) (printed int, err error) {
	defer s.countQueued(ctx)
	for id := range s.taken {
		if err := s.Store.Printed(ctx, id); err != nil {
			return 0, fmt.Errorf("record print job %d as printed: %w", id, err)
		}
		delete(s.taken, id)
	}
	checked := false
	for {
		s.alive()
		if err := ctx.Err(); err != nil {
			return printed, err
		}
		s.countQueued(ctx)
		job, ok, err := s.Store.Next(ctx)
		if err != nil {
			return printed, err
		}
		if ok && job.Resend && s.resync == nil {
			// Started before a restart, or before it expired: the printer may hold part of it.
			s.resync = escpos.Resync(job.Data)
		}
		if ok && expires(job.Kind) && s.now().Sub(job.QueuedAt) > s.maxWait() {
			n, err := s.Store.Expire(ctx, job.Kind, s.now().Add(-s.maxWait()))
			if err != nil {
				return printed, fmt.Errorf("drop old %s print jobs: %w", job.Kind, err)
			}
			s.set(func(x *State) { x.Expired += n })
			continue
		}
		if !ok && checked {
			return printed, nil
		}
		// Before each job: printers out of paper are known to accept a job silently and print
		// it much later, so nothing is sent unless the printer says it is ready.
		st, _ := s.Printer.Status(ctx)
		checked = true
		s.set(func(x *State) { x.Status, x.LastError = st, st.Problem() })
		if !ok {
			return printed, nil
		}
		if !st.Ready() {
			return printed, fmt.Errorf("%w: %s", ErrNotReady, st.Problem())
		}
		if err := s.Store.Sending(ctx, job.ID); err != nil {
			return printed, fmt.Errorf("record print job %d as sending: %w", job.ID, err)
		}
		payload := job.Data
		if s.resync != nil {
			payload = append(append([]byte(nil), s.resync...), job.Data...)
		}
		sent, perr := s.Printer.Print(ctx, payload)
		if perr != nil {
			onPaper := job.Resend || sent > len(s.resync)
			if sent > 0 {
				s.resync = escpos.Resync(payload)
			}
			_ = s.Store.Failed(ctx, job.ID, onPaper, perr.Error())
			s.set(func(x *State) {
				x.Status = hardware.Status{Err: perr, CheckedAt: s.now()}
				x.LastError = "Mất kết nối với máy in giữa chừng; lệnh in sẽ được gửi lại khi máy in sẵn sàng."
			})
			return printed, perr
		}
		after, _ := s.Printer.Status(ctx)
		if !after.Ready() {
			s.resync = escpos.Resync(payload)
			_ = s.Store.Failed(ctx, job.ID, true, "after the job: "+after.Problem())
			s.set(func(x *State) { x.Status, x.LastError = after, after.Problem() })
			return printed, fmt.Errorf("%w after job %d: %s", ErrNotReady, job.ID, after.Problem())
		}
		s.resync = nil
		s.set(func(x *State) { x.Status, x.LastJob, x.LastError = after, job.ID, "" })
		if err := s.Store.Printed(ctx, job.ID); err != nil {
			s.taken[job.ID] = true
			return printed + 1, fmt.Errorf("record print job %d as printed: %w", job.ID, err)
		}
		printed++
	}
}
