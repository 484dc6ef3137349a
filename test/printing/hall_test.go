package printing_test

import (
	"context"
	"image"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// clock is the kiosk's clock, moved by the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// hall is a kiosk's queue, spool and printer over a real SQLite file: tickets are issued
// through QueueService.Issue, which stores each ticket's job in its transaction through
// spool.Tickets, exactly as the app wires it.
type hall struct {
	t       *testing.T
	db      *sqlite.DB
	q       *sqlite.QueueService
	spool   *spool.Spooler
	printer *hardware.Printer
	clock   *clock

	mu     sync.Mutex
	jobs   map[string]kiosk.PrintJob // what was rendered, by ticket code
	codes  []string
	told   map[string]kiosk.PrintStatus
	states []spool.State
}

// recording keeps each job spool.Tickets renders, to know what the fake printer should print.
type recording struct {
	*spool.Tickets
	h *hall
}

func (r recording) TicketJob(t kiosk.TicketPrint) (kiosk.PrintJob, error) {
	j, err := r.Tickets.TicketJob(t)
	r.h.mu.Lock()
	r.h.jobs[t.Ticket.Code] = j
	r.h.mu.Unlock()
	return j, err
}

func newHall(t *testing.T, uri string) *hall {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &hall{t: t, db: db, clock: &clock{t: time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)},
		jobs: map[string]kiosk.PrintJob{}, told: map[string]kiosk.PrintStatus{}}
	db.Clock = h.clock.Now
	h.openPrinter(uri)
	return h
}

// openPrinter opens the printer and a new spooler on it (again after a "restart").
func (h *hall) openPrinter(uri string) {
	p, err := hardware.Open(uri, hardware.Options{Clock: h.clock.Now})
	if err != nil {
		h.t.Fatal(err)
	}
	h.printer = p
	h.spool = spool.New(h.db.PrintJobs(), p)
	h.spool.Clock = h.clock.Now
	h.spool.OnState = func(st spool.State) {
		h.mu.Lock()
		h.states = append(h.states, st)
		h.mu.Unlock()
	}
	tickets := &spool.Tickets{Spooler: h.spool, Output: p.Output, Commune: func() string { return "UBND xã Hòa An" }, KioskID: func() string { return "k1" }}
	h.q = &sqlite.QueueService{DB: h.db, Config: kiosk.DefaultQueueConfig(), Printer: recording{tickets, h}}
}

// issue takes a number at the kiosk and remembers what the villager was told.
func (h *hall) issue() kiosk.Issued {
	h.t.Helper()
	is, err := h.q.Issue(context.Background(), "hotich", "")
	if err != nil {
		h.t.Fatal(err)
	}
	h.mu.Lock()
	h.codes = append(h.codes, is.Ticket.Code)
	h.told[is.Ticket.Code] = is.Print
	h.mu.Unlock()
	return is
}

func (h *hall) drain() (int, error) { return h.spool.Drain(context.Background()) }

// enqueue queues a job that is not a ticket (a slip, a receipt), named by its Ref in tally.
func (h *hall) enqueue(j kiosk.PrintJob) {
	h.t.Helper()
	if _, err := h.spool.Enqueue(context.Background(), j); err != nil {
		h.t.Fatal(err)
	}
	h.mu.Lock()
	h.jobs[j.Ref] = j
	h.codes = append(h.codes, j.Ref)
	h.mu.Unlock()
}

// lastState is the last state published to the screens.
func (h *hall) lastState() spool.State {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.states) == 0 {
		return spool.State{}
	}
	return h.states[len(h.states)-1]
}

// Outcomes of a ticket, as counted on the paper.
const (
	once    = "printed once"
	reprint = "once plus a marked reprint"
	marked  = "once, as a marked reprint (the first cut off)"
	dropped = "dropped (waited too long)"
)

// tally closes the kiosk's printer, waits until the fake printer has printed everything it
// received, and says for each ticket what came out: every cut page must end with one
// ticket printed whole, or with its IN LẠI reprint whole; anything else fails the test.
func (h *hall) tally(f *fakePrinter) map[string]string {
	h.t.Helper()
	h.printer.Close()
	pages := f.finish()
	dots := h.printer.Dots()
	type want struct {
		code    string
		reprint bool
		page    *image.Gray
	}
	var wants []want
	for _, code := range h.codes {
		j := h.jobs[code]
		if j.Reprint != nil {
			wants = append(wants, want{code, true, pageOf(h.t, j.Reprint, dots)})
		}
		wants = append(wants, want{code, false, pageOf(h.t, j.Data, dots)})
	}
	first, again := map[string]int{}, map[string]int{}
	cut := len(pages)
	if f.uncut {
		cut--
	}
pages:
	for i, pg := range pages {
		for _, w := range wants {
			if endsWith(pg, w.page) {
				if w.reprint {
					again[w.code]++
				} else {
					first[w.code]++
				}
				continue pages
			}
		}
		if i < cut {
			h.t.Errorf("page %d of %d is not a whole ticket", i+1, len(pages))
		}
	}
	out := map[string]string{}
	for _, code := range h.codes {
		switch o, r := first[code], again[code]; {
		case o == 1 && r == 0:
			out[code] = once
		case o == 1 && r == 1:
			out[code] = reprint
		case o == 0 && r == 1:
			out[code] = marked
		case o == 0 && r == 0:
			out[code] = "lost"
		default:
			out[code] = "printed " + strings.Repeat("I", o) + " + " + strings.Repeat("R", r)
		}
	}
	return out
}

// report logs the fault table's rows: fault → what the villager saw → what came out.
func (h *hall) report(fault string, outcome map[string]string) {
	codes := append([]string(nil), h.codes...)
	sort.Strings(codes)
	for _, c := range codes {
		told := "Phiếu đang được in"
		if s := h.told[c]; !s.Printing {
			told = s.Message
		}
		h.t.Logf("%s | %s | told %q | %s", fault, c, told, outcome[c])
	}
}

// expect checks each ticket's outcome.
func (h *hall) expect(outcome map[string]string, want map[string]string) {
	h.t.Helper()
	for code, w := range want {
		if outcome[code] != w {
			h.t.Errorf("%s: %s, want %s", code, outcome[code], w)
		}
	}
}

// toldPrinting checks what the villager who took code was told.
func (h *hall) toldPrinting(code string, printing bool, words string) {
	h.t.Helper()
	s := h.told[code]
	if s.Printing != printing || !strings.Contains(s.Message, words) || !printing && s.MessageEN == "" {
		h.t.Errorf("%s: told %+v, want printing=%v and %q", code, s, printing, words)
	}
}
