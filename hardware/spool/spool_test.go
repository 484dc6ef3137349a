package spool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk/sqlite"
	"periph.io/x/conn/v3"
)

// flaky is a printer line that breaks on a chosen write and answers status as offline, or
// out of paper, until told otherwise.
type flaky struct {
	mu       sync.Mutex
	got      bytes.Buffer
	writes   int
	failAt   int // the write Tx that fails (1-based), 0 never
	offline  bool
	paperOut bool
}

func (f *flaky) String() string      { return "flaky" }
func (f *flaky) Duplex() conn.Duplex { return conn.Full }
func (f *flaky) Tx(w, r []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(r) > 0 {
		r[0] = 0x12
		switch {
		case f.offline && w[2] == 1:
			r[0] = 0x1a
		case f.paperOut && w[2] == 4:
			r[0] = 0x72
		}
		return nil
	}
	f.writes++
	if f.writes == f.failAt {
		f.offline = true
		f.got.Write(w[:len(w)/2]) // half the chunk reached the printer
		return errors.New("write /dev/ttyUSB0: input/output error")
	}
	if f.offline {
		return errors.New("write /dev/ttyUSB0: input/output error")
	}
	f.got.Write(w)
	return nil
}

func (f *flaky) set(fn func()) { f.mu.Lock(); fn(); f.mu.Unlock() }

// memStore is JobStore in memory.
type memStore struct {
	mu   sync.Mutex
	jobs []*memJob
}

type memJob struct {
	id       int64
	data     []byte
	state    string
	attempts int
}

func (m *memStore) Add(_ context.Context, kind, ref string, data []byte) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.jobs = append(m.jobs, &memJob{id: int64(len(m.jobs) + 1), data: data, state: "queued"})
	return int64(len(m.jobs)), nil
}
func (m *memStore) Next(context.Context) (int64, []byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, j := range m.jobs {
		if j.state == "queued" {
			return j.id, j.data, true, nil
		}
	}
	return 0, nil, false, nil
}
func (m *memStore) Printed(_ context.Context, id int64, held bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	j := m.jobs[id-1]
	j.attempts++
	j.state = map[bool]string{false: "printed", true: "held"}[held]
	return nil
}
func (m *memStore) Failed(_ context.Context, id int64, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.jobs[id-1].attempts++
	return nil
}
func (m *memStore) Queued(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, j := range m.jobs {
		if j.state == "queued" {
			n++
		}
	}
	return n, nil
}

func tickets(t *testing.T, n int) [][]byte {
	var out [][]byte
	for i := 1; i <= n; i++ {
		b, err := hardware.EncodeTicket(nil, hardware.Ticket{Commune: "UBND xã Hòa An", Service: "Hộ tịch", Number: fmt.Sprintf("A%03d", i),
			IssuedAt: time.Date(2026, 11, 25, 8, i, 0, 0, time.UTC), Ahead: i}, escpos.Dots58)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func stores(t *testing.T) map[string]JobStore {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return map[string]JobStore{"memory": &memStore{}, "sqlite": db.PrintJobs()}
}

var cut = []byte{0x1d, 'V', 66, 0}

// The printer goes offline in the middle of the third of five jobs. Nothing is sent while it
// is offline; when it returns, the third job is sent again whole and the rest follow: every
// ticket comes out once, in order, each on its own page.
func TestOfflineMidJobResumes(t *testing.T) {
	for name, store := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			jobs := tickets(t, 5)
			line := &flaky{}
			p := hardware.New(line, hardware.Target{Dots: escpos.Dots58, Status: true})
			p.Chunk = 256
			chunks := func(b []byte) int { return (len(b) + p.Chunk - 1) / p.Chunk }
			line.failAt = chunks(jobs[0]) + chunks(jobs[1]) + 2
			s := New(store, p)
			var states []State
			s.OnState = func(st State) { states = append(states, st) }
			for i, j := range jobs {
				if _, err := s.Enqueue(ctx, "ticket", fmt.Sprint(i+1), j); err != nil {
					t.Fatal(err)
				}
			}
			n, err := s.Drain(ctx)
			if err == nil || n != 2 {
				t.Fatalf("first drain: %d printed, %v", n, err)
			}
			if st := s.State(); st.Queued != 3 || st.LastError == "" {
				t.Fatalf("state after failure: %+v", st)
			}
			sent := line.got.Len()
			n, err = s.Drain(ctx) // still offline: nothing is sent
			if !errors.Is(err, ErrNotReady) || n != 0 || line.got.Len() != sent {
				t.Fatalf("offline drain: %d, %v, %d bytes more", n, err, line.got.Len()-sent)
			}
			if st := s.State(); st.Status.Online || st.LastError == "" {
				t.Fatalf("offline state: %+v", st)
			}
			line.set(func() { line.offline = false })
			n, err = s.Drain(ctx)
			if err != nil || n != 3 {
				t.Fatalf("resumed drain: %d, %v", n, err)
			}
			if st := s.State(); st.Queued != 0 || st.LastError != "" || !st.Status.Ready() {
				t.Fatalf("final state: %+v", st)
			}

			pages := bytes.SplitAfter(line.got.Bytes(), cut)
			if len(pages) != 6 || len(pages[5]) != 0 {
				t.Fatalf("%d cuts, want 5", len(pages)-1)
			}
			for i, pg := range pages[:5] {
				if !bytes.HasSuffix(pg, jobs[i]) {
					t.Errorf("page %d does not end with ticket %d whole", i+1, i+1)
				}
				if i != 2 && len(pg) != len(jobs[i]) {
					t.Errorf("page %d has %d extra bytes", i+1, len(pg)-len(jobs[i]))
				}
			}
			// The virtual printer agrees: five pages.
			var count int
			escpos.NewDecoder(escpos.Dots58, func(*image.Gray) { count++ }).Write(line.got.Bytes())
			if count != 5 {
				t.Fatalf("decoded %d pages", count)
			}
			if len(states) == 0 {
				t.Fatal("OnState never called")
			}
		})
	}
}

// A printer that runs out of paper right after taking a job holds it and prints it when
// refilled: the job is not sent again, and the next waits for the paper.
func TestHeldJobIsNotResent(t *testing.T) {
	for name, store := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			jobs := tickets(t, 2)
			line := &flaky{}
			p := hardware.New(line, hardware.Target{Dots: escpos.Dots58, Status: true})
			s := New(store, p)
			s.Enqueue(ctx, "ticket", "1", jobs[0])
			s.Enqueue(ctx, "ticket", "2", jobs[1])
			// The status before the job is fine; the one after says the paper ran out.
			s.Printer = &afterJob{Printer: p, line: line}
			n, err := s.Drain(ctx)
			if !errors.Is(err, ErrNotReady) || n != 1 {
				t.Fatalf("%d, %v", n, err)
			}
			if st := s.State(); !st.Held || st.LastJob != 1 || st.Queued != 1 {
				t.Fatalf("%+v", st)
			}
			sent := line.got.Len()
			if sent != len(jobs[0]) {
				t.Fatalf("%d bytes sent", sent)
			}
			s.Printer = p
			n, err = s.Drain(ctx) // still out of paper: nothing sent
			if !errors.Is(err, ErrNotReady) || n != 0 || line.got.Len() != sent {
				t.Fatalf("paper out: %d, %v", n, err)
			}
			line.set(func() { line.paperOut = false })
			n, err = s.Drain(ctx)
			if err != nil || n != 1 || line.got.Len() != len(jobs[0])+len(jobs[1]) {
				t.Fatalf("after refill: %d, %v, %d bytes", n, err, line.got.Len())
			}
		})
	}
}

// afterJob turns the paper out as soon as a job has been printed.
type afterJob struct {
	*hardware.Printer
	line *flaky
}

func (a *afterJob) Print(ctx context.Context, b []byte) error {
	err := a.Printer.Print(ctx, b)
	a.line.set(func() { a.line.paperOut = true })
	return err
}

// Run prints what is enqueued without being asked twice, and stops with its context.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	line := &flaky{}
	p := hardware.New(line, hardware.Target{Dots: escpos.Dots58, Status: true})
	s := New(&memStore{}, p)
	s.Poll = time.Hour
	done := make(chan State, 16)
	s.OnState = func(st State) {
		if st.LastJob == 2 && st.Queued == 0 {
			select {
			case done <- st:
			default:
			}
		}
	}
	ran := make(chan error)
	go func() { ran <- s.Run(ctx) }()
	jobs := tickets(t, 2)
	s.Enqueue(ctx, "ticket", "1", jobs[0])
	s.Enqueue(ctx, "ticket", "2", jobs[1])
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the worker did not print the queued jobs")
	}
	cancel()
	if err := <-ran; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if !bytes.Equal(line.got.Bytes(), append(append([]byte{}, jobs[0]...), jobs[1]...)) {
		t.Fatal("jobs not printed in order, once each")
	}
}
