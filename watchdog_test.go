package main

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// notifySocket is systemd's end of sd_notify: a unixgram socket in a temp dir, named by
// NOTIFY_SOCKET for the test. sd_notify writes synchronously, so a message sent before a
// read is already queued in the socket.
type notifySocket struct {
	conn *net.UnixConn
}

func listenNotify(t *testing.T) *notifySocket {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NOTIFY_SOCKET", path)
	t.Cleanup(func() { conn.Close() })
	return &notifySocket{conn: conn}
}

func (s *notifySocket) read(wait time.Duration) (string, bool) {
	buf := make([]byte, 4096)
	s.conn.SetReadDeadline(time.Now().Add(wait))
	n, err := s.conn.Read(buf)
	return string(buf[:n]), err == nil
}

// next returns the next message, failing the test if none comes within 10 s (a bound on
// a hang, not a timing assertion).
func (s *notifySocket) next(t *testing.T) string {
	t.Helper()
	m, ok := s.read(10 * time.Second)
	if !ok {
		t.Fatal("no sd_notify message within 10 s")
	}
	return m
}

// until reads messages until want comes, and returns the ones before it.
func (s *notifySocket) until(t *testing.T, want string) []string {
	t.Helper()
	var before []string
	for {
		m := s.next(t)
		if m == want {
			return before
		}
		before = append(before, m)
	}
}

// pending returns the messages queued now: what was sent before the call is already in
// the socket, so the short wait only marks the end of the queue.
func (s *notifySocket) pending() []string {
	var out []string
	for {
		m, ok := s.read(50 * time.Millisecond)
		if !ok {
			return out
		}
		out = append(out, m)
	}
}

// fakeMono is a monotonic clock the test moves by hand.
type fakeMono struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeMono) now() time.Time      { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeMono) add(d time.Duration) { f.mu.Lock(); f.t = f.t.Add(d); f.mu.Unlock() }

func testWatchdog(t *testing.T) (*watchdog, *fakeMono) {
	mono := &fakeMono{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	w := newWatchdog(slog.New(slog.DiscardHandler))
	w.now = mono.now
	return w, mono
}

// The watchdog pings while every part beats within its allowance, stops when one falls
// silent, and pings again once it is back.
func TestWatchdogPingsOnlyWhileEveryPartAnswers(t *testing.T) {
	sock := listenNotify(t)
	w, mono := testWatchdog(t)
	spoolBeat := w.part("spool", 2*time.Minute)
	syncBeat := w.part("sync", 10*time.Minute)
	w.ready()
	if m := sock.next(t); m != "READY=1" {
		t.Fatalf("first message %q, want READY=1", m)
	}
	for range 3 {
		mono.add(time.Minute)
		spoolBeat()
		if !w.tick() {
			t.Fatal("no ping while every part answers")
		}
	}
	mono.add(3 * time.Minute) // the spool is silent for 3 min; sync last beat 6 min ago
	if w.tick() {
		t.Fatal("a ping while the spool has been silent for 3 minutes")
	}
	if got := w.silent(); strings.Join(got, ",") != "spool" {
		t.Fatalf("silent parts %v, want [spool]", got)
	}
	mono.add(5 * time.Minute)
	if got := w.silent(); strings.Join(got, ",") != "spool,sync" {
		t.Fatalf("silent parts %v, want [spool sync]", got)
	}
	spoolBeat()
	syncBeat()
	if !w.tick() {
		t.Fatal("no ping once both parts answer again")
	}
	got := sock.pending()
	if strings.Join(got, " ") != "WATCHDOG=1 WATCHDOG=1 WATCHDOG=1 WATCHDOG=1" {
		t.Fatalf("messages %q, want four WATCHDOG=1 (three before the silence, one after)", got)
	}
}

// stuckPrinter is a printer whose Print never returns until released: a USB printer
// wedged in the middle of a job.
type stuckPrinter struct {
	entered chan struct{}
	release chan struct{}
}

func (p *stuckPrinter) Status(context.Context) (hardware.Status, error) {
	return hardware.Status{Known: true, Online: true}, nil
}

func (p *stuckPrinter) Print(ctx context.Context, job []byte) (int, error) {
	p.entered <- struct{}{}
	<-p.release
	return len(job), nil
}

// A print worker stuck in a printer call stops the watchdog's pings (systemd then
// restarts the kiosk); once it moves again, the pings come back.
func TestStuckSpoolStopsTheWatchdog(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sock := listenNotify(t)
	w, mono := testWatchdog(t)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	printer := &stuckPrinter{entered: make(chan struct{}), release: make(chan struct{})}
	sp := spool.New(db.PrintJobs(), printer)
	beat := w.part("spool", 2*time.Minute)
	beaten := make(chan struct{}, 1)
	sp.Alive = func() {
		beat()
		select {
		case beaten <- struct{}{}:
		default:
		}
	}
	done := make(chan error, 1)
	go func() { done <- sp.Run(ctx) }()
	if !w.tick() {
		t.Fatal("no ping from a fresh spool")
	}
	if _, err := sp.Enqueue(ctx, kiosk.PrintJob{Kind: "receipt", Ref: "1", Data: []byte("A-001")}); err != nil {
		t.Fatal(err)
	}
	<-printer.entered // the worker is inside Print now, and stays there
	mono.add(3 * time.Minute)
	if w.tick() {
		t.Fatal("the watchdog pinged while the spool was stuck in Print for 3 minutes")
	}
	if got := sock.pending(); len(got) != 1 || got[0] != "WATCHDOG=1" {
		t.Fatalf("messages %q, want only the ping from before the job", got)
	}
	<-beaten // drain the beat from before the job
	close(printer.release)
	<-beaten // the worker turned its loop again
	if !w.tick() {
		t.Fatal("no ping once the spool moved again")
	}
	if m := sock.next(t); m != "WATCHDOG=1" {
		t.Fatalf("message %q, want WATCHDOG=1", m)
	}
	cancel()
	<-done
}

// `motcua serve` under systemd: READY=1 once the LAN server listens, WATCHDOG=1 while the
// workers answer (WATCHDOG_USEC asks for them), STOPPING=1 when it is told to stop.
func TestServeNotifiesSystemd(t *testing.T) {
	sock := listenNotify(t)
	t.Setenv("WATCHDOG_USEC", "200000") // a ping every 100 ms
	t.Setenv("WATCHDOG_PID", "")
	r := newCLIRig(t)
	_, stop := r.serve("--addr", "127.0.0.1:0")
	sock.until(t, "READY=1")
	sock.until(t, "WATCHDOG=1")
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	sock.until(t, "STOPPING=1")
}
