//go:build !windows

package hardware

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/test/testenv"

	"github.com/creack/pty"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
	"golang.org/x/sys/unix"
	"periph.io/x/conn/v3/conntest"
)

func TestParseURI(t *testing.T) {
	good := map[string]Target{
		"serial:///dev/ttyUSB0?baud=115200":        {Scheme: "serial", Path: "/dev/ttyUSB0", Baud: 115200, Dots: 576},
		"serial:///dev/ttyS0?flow=rtscts&paper=58": {Scheme: "serial", Path: "/dev/ttyS0", Baud: 9600, RTSCTS: true, Dots: 384},
		"usblp:///dev/usb/lp0?status=off":          {Scheme: "usblp", Path: "/dev/usb/lp0", Dots: 576},
		"tcp://192.168.1.50:9100":                  {Scheme: "tcp", Path: "192.168.1.50:9100", Dots: 576},
		"tcp://printer.local":                      {Scheme: "tcp", Path: "printer.local:9100", Dots: 576},
		"virtual:":                                 {Scheme: "virtual", Dots: 576},
		"virtual:?paper=58":                        {Scheme: "virtual", Dots: 384},
		"winspool:XP-80C":                          {Scheme: "winspool", Path: "XP-80C", Dots: 576},
		"winspool:EPSON%20TM-T82?paper=58":         {Scheme: "winspool", Path: "EPSON TM-T82", Dots: 384},
		`winspool:\\PC\XP-80C`:                     {Scheme: "winspool", Path: `\\PC\XP-80C`, Dots: 576},
	}
	for uri, want := range good {
		got, err := ParseURI(uri)
		if err != nil {
			t.Errorf("%s: %v", uri, err)
			continue
		}
		if got.WriteTimeout != DefaultWriteTimeout {
			t.Errorf("%s: write timeout %s", uri, got.WriteTimeout)
		}
		got.Timeout, got.Status, got.WriteTimeout = 0, false, 0
		if got != want {
			t.Errorf("%s: %+v, want %+v", uri, got, want)
		}
	}
	bad := map[string]string{
		"":                                "no kind",
		"/dev/ttyUSB0":                    "no kind",
		"lpt://x":                         "unknown kind",
		"serial://dev/ttyUSB0":            "three slashes",
		"serial:///dev/ttyUSB0?baud=fast": "baud=fast",
		"serial:///dev/ttyUSB0?baud=50":   "baud=50",
		"usblp:///dev/usb/lp0?baud=9600":  "only serial",
		"tcp://host:99999":                "not a TCP port",
		"tcp://":                          "host",
		"virtual:/tmp/x":                  "takes no path",
		"virtual:?paper=76":               "paper=76",
		"serial:///dev/ttyUSB0?speed=1":   `unknown option "speed"`,
		"serial:///dev/ttyUSB0?flow=xon":  "flow=xon",
		"tcp://h?write_timeout=1h":        "write_timeout=1h",
		"winspool:":                       "printer's name",
		"winspool://PC/XP":                "printer's name",
		"winspool:XP-80C?status=on":       "passes no replies",
	}
	for uri, frag := range bad {
		_, err := ParseURI(uri)
		if err == nil || !strings.Contains(err.Error(), frag) {
			t.Errorf("%q: %v, want it to mention %q", uri, err, frag)
		}
	}
	if _, err := Open("serial:///dev/does-not-exist?baud=115200", Options{}); err == nil || !strings.Contains(err.Error(), "does-not-exist") {
		t.Errorf("missing device: %v", err)
	}
}

// Print sends a job in DefaultChunk pieces, one Tx each; Status asks DLE EOT 1–4 one at a time.
func TestPrintAndStatusExactBytes(t *testing.T) {
	job, err := EncodeTicket(nil, sampleTicket(), escpos.Dots58)
	if err != nil {
		t.Fatal(err)
	}
	var ops []conntest.IO
	for _, r := range []byte{0x12, 0x12, 0x12, 0x12} {
		ops = append(ops, conntest.IO{W: []byte{0x10, 0x04, byte(len(ops) + 1)}, R: []byte{r}})
	}
	for off := 0; off < len(job); off += DefaultChunk {
		ops = append(ops, conntest.IO{W: job[off:min(off+DefaultChunk, len(job))]})
	}
	for i, r := range []byte{0x12, 0x12, 0x12, 0x7e} {
		ops = append(ops, conntest.IO{W: []byte{0x10, 0x04, byte(i + 1)}, R: []byte{r}})
	}
	pb := &conntest.Playback{Ops: ops, DontPanic: true}
	p := New(pb, Target{Dots: escpos.Dots58, Status: true})
	ctx := context.Background()
	s, err := p.Status(ctx)
	if err != nil || !s.Ready() || s.Problem() != "" {
		t.Fatalf("before: %+v %v", s, err)
	}
	if _, err := p.Print(ctx, job); err != nil {
		t.Fatal(err)
	}
	s, err = p.Status(ctx)
	if err != nil || s.Ready() || !s.PaperEnd || !s.PaperNearEnd || !strings.Contains(s.Problem(), "hết giấy") {
		t.Fatalf("after: %+v %v %q", s, err, s.Problem())
	}
	if pb.Count != len(ops) {
		t.Fatalf("%d of %d operations", pb.Count, len(ops))
	}
}

func TestStatusMapping(t *testing.T) {
	cases := []struct {
		name    string
		replies [4]byte
		check   func(Status) bool
		problem string
	}{
		{"ready", [4]byte{0x12, 0x12, 0x12, 0x12}, func(s Status) bool { return s.Ready() }, ""},
		{"offline", [4]byte{0x1a, 0x12, 0x12, 0x12}, func(s Status) bool { return !s.Online && !s.Ready() }, "ngoại tuyến"},
		{"cover open", [4]byte{0x1a, 0x16, 0x12, 0x12}, func(s Status) bool { return s.CoverOpen }, "mở nắp"},
		{"near end", [4]byte{0x12, 0x12, 0x12, 0x1e}, func(s Status) bool { return s.PaperNearEnd && s.Ready() }, ""},
		{"paper end", [4]byte{0x1a, 0x32, 0x12, 0x72}, func(s Status) bool { return s.PaperEnd }, "hết giấy"},
		{"cutter", [4]byte{0x1a, 0x52, 0x1a, 0x12}, func(s Status) bool { return s.Error }, "báo lỗi"},
		{"hot head", [4]byte{0x12, 0x12, 0x52, 0x12}, func(s Status) bool { return s.Error }, "báo lỗi"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ops []conntest.IO
			for i, r := range c.replies {
				ops = append(ops, conntest.IO{W: []byte{0x10, 0x04, byte(i + 1)}, R: []byte{r}})
			}
			p := New(&conntest.Playback{Ops: ops, DontPanic: true}, Target{Status: true})
			s, err := p.Status(context.Background())
			if err != nil || !c.check(s) {
				t.Fatalf("%+v %v", s, err)
			}
			if got := s.Problem(); c.problem == "" && got != "" || !strings.Contains(got, c.problem) {
				t.Fatalf("problem %q, want %q", got, c.problem)
			}
		})
	}
	// A byte that is not a status reply is an unknown state, not a ready printer.
	p := New(&conntest.Playback{Ops: []conntest.IO{{W: []byte{0x10, 0x04, 1}, R: []byte{0x41}}, {W: []byte{0x10, 0x04, 2}, R: []byte{0x12}},
		{W: []byte{0x10, 0x04, 3}, R: []byte{0x12}}, {W: []byte{0x10, 0x04, 4}, R: []byte{0x12}}}, DontPanic: true}, Target{Status: true})
	if s, err := p.Status(context.Background()); err == nil || s.Known || s.Ready() || !strings.Contains(s.Problem(), "không trả lời") {
		t.Fatalf("garbage reply: %+v %v", s, err)
	}
}

// A real pseudo-terminal pair: the port is opened by path at a set baud rate, the bytes of a
// job arrive whole and in order, and status replies are read back.
func TestSerialThroughPTY(t *testing.T) {
	master, slave, err := pty.Open()
	testenv.Need(t, err == nil, fmt.Sprintf("a pseudo-terminal (%v)", err))
	defer master.Close()
	defer slave.Close()
	// The far end must not echo or translate: make it raw.
	if tio, err := unix.IoctlGetTermios(int(master.Fd()), unix.TCGETS); err == nil {
		tio.Lflag &^= unix.ECHO | unix.ICANON
		tio.Oflag &^= unix.OPOST
		tio.Iflag &^= unix.ICRNL | unix.IXON
		_ = unix.IoctlSetTermios(int(master.Fd()), unix.TCSETS, tio)
	}
	p, err := Open("serial://"+slave.Name()+"?baud=115200&flow=rtscts&paper=58", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Cflag&unix.CBAUD != unix.B115200 {
		t.Errorf("baud not set: cflag %#o", tio.Cflag&unix.CBAUD)
	}
	if tio.Cflag&unix.CRTSCTS == 0 || tio.Cflag&unix.CSIZE != unix.CS8 || tio.Cflag&unix.PARENB != 0 {
		t.Errorf("framing/flow not 8N1 RTS/CTS: cflag %#o", tio.Cflag)
	}

	job, err := encodeForm(sampleForm(t, kiosk.FormReceipt), escpos.Dots58)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		buf := make([]byte, len(job))
		_, err := io.ReadFull(master, buf)
		if err != nil {
			got <- nil
			return
		}
		got <- buf
		// Then play the printer: answer four status requests, paper near its end.
		req := make([]byte, 3)
		for i := 0; i < 4; i++ {
			if _, err := io.ReadFull(master, req); err != nil {
				return
			}
			reply := byte(0x12)
			if req[2] == 4 {
				reply = 0x1e
			}
			master.Write([]byte{reply})
		}
	}()
	if _, err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if b := <-got; !bytes.Equal(b, job) {
		t.Fatalf("the far end got %d bytes, not the %d-byte job", len(b), len(job))
	}
	s, err := p.Status(context.Background())
	if err != nil || !s.Ready() || !s.PaperNearEnd {
		t.Fatalf("status over pty: %+v %v", s, err)
	}
}

// A printer that never answers: status fails with ErrNoReply after the timeout.
func TestSerialNoReply(t *testing.T) {
	master, slave, err := pty.Open()
	testenv.Need(t, err == nil, fmt.Sprintf("a pseudo-terminal (%v)", err))
	defer master.Close()
	defer slave.Close()
	p, err := Open("serial://"+slave.Name()+"?baud=9600&timeout=50ms", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	s, err := p.Status(context.Background())
	if !errors.Is(err, ErrNoReply) || s.Known {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestTCPThroughListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	job, _ := EncodeTicket(nil, sampleTicket(), escpos.Dots80)
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, len(job))
		if _, err := io.ReadFull(c, buf); err != nil {
			got <- nil
			return
		}
		got <- buf
		req := make([]byte, 3)
		for i := 0; i < 4; i++ {
			if _, err := io.ReadFull(c, req); err != nil {
				return
			}
			reply := byte(0x12)
			if req[2] == 2 {
				reply = 0x16 // cover open
			}
			c.Write([]byte{reply})
		}
	}()
	p, err := Open("tcp://"+ln.Addr().String(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if b := <-got; !bytes.Equal(b, job) {
		t.Fatal("job not received whole")
	}
	s, err := p.Status(context.Background())
	if err != nil || !s.CoverOpen || s.Ready() {
		t.Fatalf("%+v %v", s, err)
	}
	ln.Close()
	// The printer gone: the next job fails with an error, not a hang.
	p2, _ := Open("tcp://"+ln.Addr().String(), Options{})
	if _, err := p2.Print(context.Background(), job); err == nil {
		t.Fatal("printed to a closed port")
	}
}

func TestVirtualWritesPNG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "printed")
	p, err := Open("virtual:?paper=58", Options{VirtualDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := EncodeTicket(nil, sampleTicket(), p.Dots())
	if _, err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	names, err := LatestPages(dir, 10)
	if err != nil || len(names) != 2 {
		t.Fatalf("%v %v", names, err)
	}
	if len(p.VirtualPages()) != 2 {
		t.Fatal("pages in memory")
	}
	b, _ := os.ReadFile(filepath.Join(dir, names[0]))
	if !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatal("not a PNG")
	}
	if txt, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(names[0], ".png")+".txt")); err != nil || !bytes.Contains(txt, []byte(sampleTicket().Number)) {
		t.Fatalf("the page's text %q %v lacks the ticket's code", txt, err)
	}
	s, err := p.Status(context.Background())
	if err != nil || !s.Ready() {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestTestPage(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	if err := TestPage(context.Background(), "virtual:", &out, Options{VirtualDir: dir}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Máy in sẵn sàng") {
		t.Fatal(out.String())
	}
	if names, _ := LatestPages(dir, 1); len(names) != 1 {
		t.Fatal("no page")
	}
	if err := TestPage(context.Background(), "lpt://x", &out); err == nil {
		t.Fatal("bad URI accepted")
	}
}

// Each command the encoder makes reaches the line exactly, as one Tx, through Printer.Print.
func TestEachCommandThroughPlayback(t *testing.T) {
	cmds := map[string][]byte{}
	add := func(name string, f func(e *escpos.Encoder)) {
		var e escpos.Encoder
		f(&e)
		cmds[name] = append([]byte(nil), e.Bytes()...)
	}
	add("init", func(e *escpos.Encoder) { e.Init() })
	add("bold", func(e *escpos.Encoder) { e.Bold(true) })
	add("size", func(e *escpos.Encoder) { e.Size(4, 4) })
	add("align", func(e *escpos.Encoder) { e.Align(escpos.Center) })
	add("feed", func(e *escpos.Encoder) { e.FeedDots(24).FeedLines(2) })
	add("raster", func(e *escpos.Encoder) { e.Raster(1, 2, []byte{0xaa, 0x55}) })
	add("qr", func(e *escpos.Encoder) { e.QR("https://x.vn/t/1", 5, escpos.QRLevelM) })
	add("cut", func(e *escpos.Encoder) { e.Cut(0) })
	want := map[string][]byte{
		"init":   {0x1b, 0x40},
		"bold":   {0x1b, 0x45, 0x01},
		"size":   {0x1d, 0x21, 0x33},
		"align":  {0x1b, 0x61, 0x01},
		"feed":   {0x1b, 0x4a, 24, 0x1b, 0x64, 2},
		"raster": {0x1d, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0xaa, 0x55},
		"cut":    {0x1d, 0x56, 0x42, 0x00},
	}
	for name, b := range cmds {
		if w, ok := want[name]; ok && !bytes.Equal(w, b) {
			t.Errorf("%s: % x, want % x", name, b, w)
		}
		pb := &conntest.Playback{Ops: []conntest.IO{{W: b}}, DontPanic: true}
		if _, err := New(pb, Target{}).Print(context.Background(), b); err != nil || pb.Count != 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A mismatch is caught: the playback is strict.
	pb := &conntest.Playback{Ops: []conntest.IO{{W: []byte{0x1b, 0x40}}}, DontPanic: true}
	if _, err := New(pb, Target{}).Print(context.Background(), []byte{0x1b, 0x41}); err == nil {
		t.Fatal("playback accepted the wrong bytes")
	}
}

// A network printer that stops answering is asked again on the same connection, not
// flooded with new ones; when it answers again, its status is read right.
func TestTCPStatusDuringStallReusesConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	p, err := Open("tcp://"+ln.Addr().String()+"?timeout=30ms", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if s, err := p.Status(ctx); !errors.Is(err, ErrNoReply) || s.Known {
			t.Fatalf("poll %d during the stall: %+v %v", i+1, s, err)
		}
	}
	c := <-accepted
	defer c.Close()
	// The printer swallowed the three unanswered requests; now it answers.
	stale := make([]byte, 9)
	if _, err := io.ReadFull(c, stale); err != nil || !bytes.Equal(stale, bytes.Repeat([]byte{0x10, 0x04, 1}, 3)) {
		t.Fatalf("requests during the stall: % x %v", stale, err)
	}
	// A late answer to one of them (offline) arrives before the next poll: it must be
	// dropped, not read as the answer to the next request.
	if _, err := c.Write([]byte{0x1a}); err != nil {
		t.Fatal(err)
	}
	waitReadable(t, p.c.(*tcpConn).c)
	go func() {
		req := make([]byte, 3)
		for {
			if _, err := io.ReadFull(c, req); err != nil {
				return
			}
			c.Write([]byte{0x12})
		}
	}()
	if s, err := p.Status(ctx); err != nil || !s.Ready() {
		t.Fatalf("after the stall: %+v %v", s, err)
	}
	select {
	case <-accepted:
		t.Fatal("a second connection was opened")
	default:
	}
}

// A serial printer that stops reading (RTS/CTS held, or here a far end that never reads)
// fails the write after write_timeout instead of blocking the spool for good, and the port
// works again once the printer reads.
func TestSerialStalledWriteTimesOut(t *testing.T) {
	master, slave, err := pty.Open()
	testenv.Need(t, err == nil, fmt.Sprintf("a pseudo-terminal (%v)", err))
	defer master.Close()
	defer slave.Close()
	p, err := Open("serial://"+slave.Name()+"?baud=4000000&write_timeout=50ms", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	big := make([]byte, 256<<10) // more than the pseudo-terminal buffers (about 20 KB)
	sent, err := p.Print(context.Background(), big)
	if !errors.Is(err, ErrStalled) || sent == 0 || sent >= len(big) {
		t.Fatalf("stalled write: %d of %d bytes, %v", sent, len(big), err)
	}
	// The printer reads again: drain what reached it, then a small job goes through.
	got := make(chan int, 1)
	go func() {
		// "END" may arrive split across reads: look for it in all that came.
		var all []byte
		buf := make([]byte, 4096)
		for {
			k, err := master.Read(buf)
			all = append(all, buf[:k]...)
			if err != nil || bytes.Contains(all, []byte("END")) {
				got <- len(all)
				return
			}
		}
	}()
	if _, err := p.Print(context.Background(), []byte("END")); err != nil {
		t.Fatalf("after the stall: %v", err)
	}
	if n := <-got; n < 3 {
		t.Fatalf("the far end got %d bytes", n)
	}
}

// waitReadable returns once c has bytes waiting to be read (FIONREAD), without reading them.
func waitReadable(t *testing.T, c net.Conn) {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	for {
		n := 0
		rc.Control(func(fd uintptr) { n, _ = unix.IoctlGetInt(int(fd), unix.TIOCINQ) })
		if n > 0 {
			return
		}
		runtime.Gosched()
	}
}

// The test page prints the time in Vietnam whatever the machine's zone: a kiosk set to UTC
// prints 08:15 for 01:15 UTC.
func TestTestPageUsesVietnamTime(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		var all []byte
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			for _, b := range buf[:n] {
				all = append(all, b)
				// Answer each DLE EOT n as a ready printer; the test page asks 4 before, 4 after.
				if k := len(all); k >= 3 && all[k-3] == 0x10 && all[k-2] == 0x04 && all[k-1] >= 1 && all[k-1] <= 4 {
					c.Write([]byte{0x12})
				}
			}
			if err != nil || bytes.Count(all, []byte{0x10, 0x04, 4}) == 2 {
				got <- all
				return
			}
		}
	}()
	utc := func() time.Time { return time.Date(2026, 11, 25, 1, 15, 0, 0, time.UTC) }
	var out bytes.Buffer
	if err := TestPage(context.Background(), "tcp://"+ln.Addr().String(), &out, Options{Clock: utc}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if page := <-got; !bytes.Contains(page, []byte("08:15 25/11/2026")) {
		t.Fatal("the test page does not print 08:15 25/11/2026 (Vietnam time)")
	}
}
