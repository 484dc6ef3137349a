package printing_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
)

// statusBytes is what one status check sends: DLE EOT 1, 2, 3, 4.
const statusBytes = 12

// A network printer drops the connection in the middle of the second ticket. The kernel
// took bytes the printer never got; the ticket is not taken for printed: after the printer
// is back, the half image is finished with blank data, the printer reset, and the ticket
// printed again marked IN LẠI. The villager who comes next is told at once.
func TestFaultTCPDropMidJob(t *testing.T) {
	f := newFakePrinter(escpos.Dots80)
	ln, addr := f.listenTCP(t, "")
	defer ln.Close()
	// The fake printer answers every status request, so the timeout only bounds a wait that
	// should never come; 2 s keeps a loaded CI machine from reading a slow answer as none.
	h := newHall(t, "tcp://"+addr+"?timeout=2s")
	if _, err := h.drain(); err != nil { // the idle poll: the printer answers healthy
		t.Fatal(err)
	}
	a1, a2 := h.issue(), h.issue()
	a3 := h.issue()
	h.toldPrinting(a1.Ticket.Code, true, "đang được in")
	j1, j2 := h.jobs["A001"].Data, h.jobs["A002"].Data
	f.set(func(f *fakePrinter) { f.dropAt = f.raw + statusBytes + len(j1) + 2*statusBytes + len(j2)/2 })
	if n, err := h.drain(); err == nil || n != 1 {
		t.Fatalf("drain across the drop: %d printed, %v", n, err)
	}
	if st := h.lastState(); st.Status.Ready() || st.LastError == "" || st.Queued != 2 {
		t.Fatalf("state after the drop: %+v", st)
	}
	a4 := h.issue()
	h.toldPrinting(a4.Ticket.Code, false, "không trả lời")
	if n, err := h.drain(); err != nil || n != 3 {
		t.Fatalf("after the drop: %d printed, %v", n, err)
	}
	if st := h.lastState(); !st.Status.Ready() || st.LastError != "" || st.Queued != 0 {
		t.Fatalf("state after recovery: %+v", st)
	}
	out := h.tally(f)
	h.report("TCP connection dropped mid-job", out)
	h.expect(out, map[string]string{a1.Ticket.Code: once, a2.Ticket.Code: marked, a3.Ticket.Code: once, a4.Ticket.Code: once})
}

// A serial printer takes a ticket whole, then reports paper out. It may print the ticket
// when refilled, or not: the ticket is not done, nothing more is sent while the paper is
// out, and after the refill it is printed again marked IN LẠI before the next ticket.
func TestFaultSerialPaperOutAfterJob(t *testing.T) {
	f := newFakePrinter(escpos.Dots58)
	dev, opened := f.servePTY(t)
	h := newHall(t, "serial://"+dev+"?baud=115200&paper=58&timeout=200ms")
	opened()
	if _, err := h.drain(); err != nil {
		t.Fatal(err)
	}
	f.set(func(f *fakePrinter) { f.paperOut = true })
	a1 := h.issue()
	h.toldPrinting(a1.Ticket.Code, true, "đang được in")
	if n, err := h.drain(); !errors.Is(err, spool.ErrNotReady) || n != 0 {
		t.Fatalf("paper out after the job: %d printed, %v", n, err)
	}
	a2 := h.issue()
	h.toldPrinting(a2.Ticket.Code, false, "hết giấy")
	var before int
	f.set(func(f *fakePrinter) { before = f.raw })
	if _, err := h.drain(); !errors.Is(err, spool.ErrNotReady) {
		t.Fatal(err)
	}
	var during int
	f.set(func(f *fakePrinter) { during = f.raw - before })
	if during != statusBytes {
		t.Fatalf("%d bytes sent while out of paper, want only a status check", during)
	}
	if st := h.lastState(); !strings.Contains(st.LastError, "hết giấy") || st.Queued != 2 {
		t.Fatalf("state while out of paper: %+v", st)
	}
	f.set(func(f *fakePrinter) { f.status = [4]byte{ready, ready, ready, ready} })
	if n, err := h.drain(); err != nil || n != 2 {
		t.Fatalf("after the refill: %d printed, %v", n, err)
	}
	out := h.tally(f)
	h.report("paper out right after taking a job (serial)", out)
	h.expect(out, map[string]string{a1.Ticket.Code: reprint, a2.Ticket.Code: once})
}

// A network printer stops reading and answering in the middle of a ticket. Its status is
// asked again and again on the one connection; the ticket is not taken for printed; when
// the printer resumes, it finishes the first copy and gets a marked reprint.
func TestFaultTCPStall(t *testing.T) {
	f := newFakePrinter(escpos.Dots80)
	ln, addr := f.listenTCP(t, "")
	defer ln.Close()
	h := newHall(t, "tcp://"+addr+"?timeout=50ms")
	if _, err := h.drain(); err != nil {
		t.Fatal(err)
	}
	a1 := h.issue()
	j1 := h.jobs[a1.Ticket.Code].Data
	f.set(func(f *fakePrinter) { f.stallAt, f.resume = f.raw+statusBytes+len(j1)/2, make(chan struct{}) })
	if _, err := h.drain(); !errors.Is(err, spool.ErrNotReady) {
		t.Fatalf("stalled mid-job: %v", err)
	}
	for i := 0; i < 3; i++ { // the worker's polls during the stall
		if _, err := h.drain(); !errors.Is(err, spool.ErrNotReady) {
			t.Fatalf("poll during the stall: %v", err)
		}
	}
	a2 := h.issue()
	h.toldPrinting(a2.Ticket.Code, false, "không trả lời")
	close(f.resume)
	if n, err := h.drain(); err != nil || n != 2 {
		t.Fatalf("after the stall: %d printed, %v", n, err)
	}
	out := h.tally(f)
	h.report("TCP printer stalls mid-job", out)
	h.expect(out, map[string]string{a1.Ticket.Code: reprint, a2.Ticket.Code: once})
	if f.conns != 1 {
		t.Fatalf("%d connections for one printer; polls during a stall must reuse one", f.conns)
	}
}

// A serial printer stops reading in the middle of a long job (flow control held): the write
// fails after write_timeout instead of blocking the spool, and when the printer reads
// again the job is sent whole after the half image is finished.
func TestFaultSerialStallMidWrite(t *testing.T) {
	f := newFakePrinter(escpos.Dots58)
	dev, opened := f.servePTY(t)
	h := newHall(t, "serial://"+dev+"?baud=115200&paper=58&timeout=50ms&write_timeout=50ms")
	opened()
	if _, err := h.drain(); err != nil {
		t.Fatal(err)
	}
	var e escpos.Encoder // a long slip: more than the line and the pseudo-terminal buffer
	rows := bytes.Repeat([]byte{0xcc}, 48*1200)
	big := e.Init().Line("R1").Raster(48, 1200, rows).Cut(0).Bytes()
	if _, err := h.spool.Enqueue(context.Background(), kiosk.PrintJob{Kind: "receipt", Ref: "R1", Data: big}); err != nil {
		t.Fatal(err)
	}
	f.set(func(f *fakePrinter) { f.stallAt, f.resume = f.raw+statusBytes+len(big)/3, make(chan struct{}) })
	if _, err := h.drain(); !errors.Is(err, hardware.ErrStalled) {
		t.Fatalf("stalled write: %v", err)
	}
	if _, err := h.drain(); !errors.Is(err, spool.ErrNotReady) {
		t.Fatalf("poll during the stall: %v", err)
	}
	close(f.resume)
	if n, err := h.drain(); err != nil || n != 1 {
		t.Fatalf("after the stall: %d printed, %v", n, err)
	}
	h.printer.Close()
	pages := f.finish()
	want := pageOf(t, big, escpos.Dots58)
	whole := 0
	for _, pg := range pages {
		if endsWith(pg, want) {
			whole++
		}
	}
	if whole != 1 {
		t.Fatalf("the long job came out whole %d times on %d pages, want once", whole, len(pages))
	}
	t.Logf("serial line stalls mid-write | R1 (slip) | — | printed once (a fragment above it)")
}

// No printer at the address. The villager is told at once; the ticket waits; the error
// clears when the printer appears, even with nothing to print; the ticket prints once,
// unmarked, since none of it ever reached paper.
func TestFaultTCPAbsent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := newHall(t, "tcp://"+addr+"?timeout=50ms")
	if _, err := h.drain(); err != nil { // nothing to print: only the status check, which fails
		t.Fatal(err)
	}
	if st := h.lastState(); st.Status.Known || st.LastError == "" {
		t.Fatalf("absent printer: %+v", st)
	}
	f := newFakePrinter(escpos.Dots80)
	f.listenTCP(t, addr)
	if _, err := h.drain(); err != nil {
		t.Fatal(err)
	}
	if st := h.lastState(); st.LastError != "" || !st.Status.Ready() {
		t.Fatalf("the error must clear when the printer answers, queue empty or not: %+v", st)
	}
	h.printer.Close() // the kiosk lets go (it dials again at the next job) …
	f.finish()        // … and the printer goes away

	f = newFakePrinter(escpos.Dots80)
	a1 := h.issue() // the last status was healthy: told printing; then the printer goes away
	h.toldPrinting(a1.Ticket.Code, true, "đang được in")
	if _, err := h.drain(); !errors.Is(err, spool.ErrNotReady) {
		t.Fatalf("gone: %v", err)
	}
	a2 := h.issue()
	h.toldPrinting(a2.Ticket.Code, false, "không trả lời")
	h.drain() // woken by the new ticket
	if st := h.spool.State(); st.Queued != 2 {
		t.Fatalf("health must count the waiting jobs: %+v", st)
	}
	ln, _ = f.listenTCP(t, addr)
	defer ln.Close()
	if n, err := h.drain(); err != nil || n != 2 {
		t.Fatalf("the printer is back: %d printed, %v", n, err)
	}
	ln.Close()
	out := h.tally(f)
	h.report("printer absent (TCP)", out)
	h.expect(out, map[string]string{a1.Ticket.Code: once, a2.Ticket.Code: once})
}

// spool.Tickets and slips that waited longer than MaxWait for an absent printer are dropped, not
// printed for whoever stands at the kiosk when it comes back; a dossier receipt waits on.
func TestExpiredTicketsAreDropped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := newHall(t, "tcp://"+addr+"?timeout=50ms")
	a1, a2 := h.issue(), h.issue()
	slip := kiosk.PrintJob{Kind: kiosk.PrintChecklist, Ref: "1.001193", Data: []byte("\x1b@slip\n\x1dVB\x00")}
	receipt := kiosk.PrintJob{Kind: "receipt", Ref: "H56-1", Data: []byte("\x1b@receipt\n\x1dVB\x00")}
	h.enqueue(slip)
	h.enqueue(receipt)
	h.drain()
	h.clock.Add(10 * time.Minute)
	a3 := h.issue()
	h.drain()
	if st := h.spool.State(); st.Queued != 5 || st.Expired != 0 {
		t.Fatalf("after 10 minutes: %+v", st)
	}
	h.clock.Add(6 * time.Minute) // A001, A002 and the slip have waited 16 minutes
	h.drain()
	if st := h.spool.State(); st.Queued != 2 || st.Expired != 3 {
		t.Fatalf("after 16 minutes, printer still away: %+v", st)
	}
	f := newFakePrinter(escpos.Dots80)
	ln, _ = f.listenTCP(t, addr)
	defer ln.Close()
	if n, err := h.drain(); err != nil || n != 2 {
		t.Fatalf("printer back: %d printed, %v", n, err)
	}
	ln.Close()
	out := h.tally(f)
	h.report("printer away 16 min (tickets older than 15 min)", out)
	h.expect(out, map[string]string{a1.Ticket.Code: "lost", a2.Ticket.Code: "lost", slip.Ref: "lost", receipt.Ref: once, a3.Ticket.Code: once})
	if n := len(f.pages); n != 2 {
		t.Fatalf("%d pages, want the receipt and A003", n)
	}
}

// The kiosk dies while a ticket is on its way to the printer (the attempt was recorded,
// its end never was). After restart the printer may hold half an image: the ticket is
// sent again whole, after the reset, marked IN LẠI.
func TestRestartMidJobReprints(t *testing.T) {
	f := newFakePrinter(escpos.Dots80)
	ln, addr := f.listenTCP(t, "")
	defer ln.Close()
	uri := "tcp://" + addr + "?timeout=2s" // as in TestFaultTCPDropMidJob
	h := newHall(t, uri)
	if _, err := h.drain(); err != nil {
		t.Fatal(err)
	}
	a1 := h.issue()
	j := h.jobs[a1.Ticket.Code]
	// What the dead process did: record the attempt, send the first half.
	ctx := context.Background()
	next, _, _ := h.db.PrintJobs().Next(ctx)
	if err := h.db.PrintJobs().Sending(ctx, next.ID); err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Write(j.Data[:len(j.Data)/2])
	c.Close()
	h.printer.Close()

	h.openPrinter(uri) // the restarted kiosk: a new spooler that remembers nothing
	if n, err := h.drain(); err != nil || n != 1 {
		t.Fatalf("after restart: %d printed, %v", n, err)
	}
	out := h.tally(f)
	h.report("kiosk restarted mid-job", out)
	h.expect(out, map[string]string{a1.Ticket.Code: marked})
}

// Run prints what is stored without being asked twice, and stops with its context.
func TestRun(t *testing.T) {
	f := newFakePrinter(escpos.Dots80)
	ln, addr := f.listenTCP(t, "")
	defer ln.Close()
	h := newHall(t, "tcp://"+addr)
	h.spool.Poll = time.Hour
	pruned := make(chan int64, 16)
	h.spool.Store = pruning{h.spool.Store, pruned}
	done := make(chan struct{}, 16)
	h.spool.OnState = func(st spool.State) {
		if st.LastJob == 2 && st.Queued == 0 { // counted after job 2's record committed
			select {
			case done <- struct{}{}:
			default:
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error)
	go func() { ran <- h.spool.Run(ctx) }()
	a1, a2 := h.issue(), h.issue()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the worker did not print the tickets it was woken for")
	}
	if n := <-pruned; n != 0 { // at start: nothing old yet
		t.Fatalf("pruned %d at start", n)
	}
	// A week later the finished jobs, bytes and all, are deleted.
	h.clock.Add(spool.KeepDone + time.Minute)
	h.spool.Kick()
	select {
	case n := <-pruned:
		if n != 2 {
			t.Fatalf("pruned %d jobs, want the 2 printed", n)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("finished jobs were not pruned")
	}
	cancel()
	if err := <-ran; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	out := h.tally(f)
	h.expect(out, map[string]string{a1.Ticket.Code: once, a2.Ticket.Code: once})
}

// pruning tells the test each time the worker prunes the store.
type pruning struct {
	spool.JobStore
	pruned chan int64
}

func (p pruning) Prune(ctx context.Context, before time.Time) (int64, error) {
	n, err := p.JobStore.Prune(ctx, before)
	p.pruned <- n
	return n, err
}
