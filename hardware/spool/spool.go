// Package spool prints queued jobs in order with one worker: rows in a durable store, sent
// only while the printer says it is ready, retried when it comes back, and never sent again
// once the printer took a job whole.
package spool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware"
)

// JobStore is the durable queue (kiosk/sqlite.PrintJobs implements it). Plain types, so the
// store needs no import of this package.
type JobStore interface {
	Add(ctx context.Context, kind, ref string, data []byte) (int64, error)
	// Next returns the oldest queued job.
	Next(ctx context.Context) (id int64, data []byte, ok bool, err error)
	// Printed takes the job out of the queue for good: the printer took every byte.
	Printed(ctx context.Context, id int64, held bool) error
	// Failed records an attempt that did not reach the printer whole; the job stays first.
	Failed(ctx context.Context, id int64, reason string) error
	Queued(ctx context.Context) (int, error)
}

// Printer is what the spooler prints on (*hardware.Printer).
type Printer interface {
	Print(ctx context.Context, job []byte) error
	Status(ctx context.Context) (hardware.Status, error)
}

// State is the spooler's view for the health page and heartbeat.
type State struct {
	Status    hardware.Status
	Queued    int
	LastError string // Vietnamese, for a person
	LastJob   int64  // the last job the printer took
	Held      bool   // that job was taken while the printer said it could not print
}

// Spooler is the one print worker. Create with New, run Run in a goroutine, queue with
// Enqueue (which returns as soon as the job is stored: issuing a number never waits for the
// printer).
type Spooler struct {
	Store   JobStore
	Printer Printer
	// Poll is how often the printer's status is checked while idle and a failed job retried
	// (default 5 s).
	Poll time.Duration
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
	// taken remembers jobs the printer took whose Printed record failed to commit (disk
	// trouble): they are recorded again before anything else and never resent.
	taken map[int64]bool
}

// New returns a spooler over store and printer.
func New(store JobStore, p Printer) *Spooler {
	return &Spooler{Store: store, Printer: p, Poll: 5 * time.Second, kick: make(chan struct{}, 1), taken: map[int64]bool{}}
}

// ErrNotReady is returned by Drain when the printer cannot print now; the jobs wait.
var ErrNotReady = errors.New("printer not ready")

// Enqueue stores a job and wakes the worker.
func (s *Spooler) Enqueue(ctx context.Context, kind, ref string, data []byte) (int64, error) {
	id, err := s.Store.Add(ctx, kind, ref, data)
	if err != nil {
		return 0, err
	}
	s.Kick()
	return id, nil
}

// Kick wakes the worker now (after Enqueue, or when someone says the paper is refilled).
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
	for {
		s.alive()
		if _, err := s.Drain(ctx); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.kick:
		case <-t.C:
		}
	}
}

// Drain prints queued jobs in order until the queue is empty (nil error) or the printer
// cannot go on (the error says why; the jobs stay queued). It always checks the status once,
// so an idle spooler still polls. Only one Drain may run at a time: the worker's.
func (s *Spooler) Drain(ctx context.Context) (printed int, err error) {
	defer func() {
		if n, qerr := s.Store.Queued(ctx); qerr == nil {
			s.set(func(st *State) { st.Queued = n })
		}
	}()
	for id, held := range s.taken {
		if err := s.Store.Printed(ctx, id, held); err != nil {
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
		id, data, ok, err := s.Store.Next(ctx)
		if err != nil {
			return printed, err
		}
		if !ok && checked {
			s.set(func(st *State) { st.LastError = "" })
			return printed, nil
		}
		// Before each job: printers out of paper are known to accept a job silently and print
		// it much later, so nothing is sent unless the printer says it is ready.
		st, _ := s.Printer.Status(ctx)
		checked = true
		s.set(func(x *State) { x.Status = st })
		if !ok {
			return printed, nil
		}
		if !st.Ready() {
			s.set(func(x *State) { x.LastError = st.Problem() })
			return printed, fmt.Errorf("%w: %s", ErrNotReady, st.Problem())
		}
		if err := s.Printer.Print(ctx, data); err != nil {
			_ = s.Store.Failed(ctx, id, err.Error())
			s.set(func(x *State) {
				x.LastError = "Không gửi được lệnh in tới máy in; sẽ in lại khi máy in sẵn sàng."
			})
			return printed, err
		}
		// Taken whole. After the job: a printer that now reports a problem holds the job and
		// prints it when fixed; it is not sent again, but the screens say so.
		after, _ := s.Printer.Status(ctx)
		held := !after.Ready()
		s.set(func(x *State) {
			x.Status, x.LastJob, x.Held = after, id, held
			if held {
				x.LastError = after.Problem()
			}
		})
		if err := s.Store.Printed(ctx, id, held); err != nil {
			s.taken[id] = held
			return printed + 1, fmt.Errorf("record print job %d as printed: %w", id, err)
		}
		printed++
		if held {
			return printed, fmt.Errorf("%w: %s", ErrNotReady, after.Problem())
		}
	}
}
