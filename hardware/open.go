package hardware

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"periph.io/x/conn/v3"
)

// Target is a parsed printer URI:
//
//	serial:///dev/ttyUSB0?baud=115200&flow=rtscts   (flow: none (default) or rtscts)
//	serial:COM3?baud=115200                          (Windows)
//	usblp:///dev/usb/lp0
//	tcp://192.168.1.50:9100                          (port 9100 when left out)
//	winspool:XP-80C                                  (Windows: a printer by its name, or a share \\PC\XP-80C)
//	virtual:                                          (pages as PNG in Options.VirtualDir)
//
// Every kind also takes paper=58|80 (default 80), status=on|off (off: the printer is never
// asked for its status and is taken to be ready, for devices that cannot answer),
// timeout=500ms (status replies), write_timeout=10s (how long a printer may stop taking
// bytes before the job fails; serial lines add the time the bytes take at the baud rate) and
// cp1258=N (Vietnamese as text in code table N).
type Target struct {
	Scheme  string
	Path    string // device path, or host:port for tcp
	Baud    int
	RTSCTS  bool
	Dots    int
	Status  bool
	Timeout time.Duration // how long to wait for a status reply
	// WriteTimeout is how long a write may wait for a printer that stopped taking bytes.
	WriteTimeout time.Duration
	// CP1258 and CodeTable: cp1258=N prints Vietnamese in the printer's Windows-1258 code
	// page, ESC t N (see Output).
	CP1258    bool
	CodeTable byte
}

// ParseURI checks a printer URI and says in words what is wrong with a bad one. Call it (or
// Open) at start-up.
func ParseURI(uri string) (Target, error) {
	bad := func(format string, a ...any) (Target, error) {
		return Target{}, fmt.Errorf("printer %q: "+format+" (examples: serial:///dev/ttyUSB0?baud=115200, usblp:///dev/usb/lp0, tcp://192.168.1.50:9100, virtual:)", append([]any{uri}, a...)...)
	}
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil {
		return bad("not a URI: %v", err)
	}
	t := Target{Scheme: u.Scheme, Dots: escpos.Dots80, Status: true, Timeout: 500 * time.Millisecond, WriteTimeout: DefaultWriteTimeout}
	switch u.Scheme {
	case "serial", "usblp":
		if u.Scheme == "serial" && isCOMPort(u.Opaque) && u.Host == "" && u.Path == "" {
			t.Path, t.Baud = u.Opaque, 9600 // serial:COM3, a Windows COM port
			break
		}
		if u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/dev/") {
			return bad("%s needs a device path after three slashes, like %s:///dev/…", u.Scheme, u.Scheme)
		}
		t.Path = u.Path
		if u.Scheme == "serial" {
			t.Baud = 9600
		}
	case "tcp":
		if u.Host == "" || u.Path != "" && u.Path != "/" {
			return bad("tcp needs host[:port] and nothing after it")
		}
		t.Path = u.Host
		if u.Port() == "" {
			t.Path = net.JoinHostPort(u.Hostname(), "9100")
		} else if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return bad("port %q is not a TCP port", u.Port())
		}
	case "winspool":
		name, err := url.PathUnescape(u.Opaque)
		if err != nil || strings.TrimSpace(name) == "" || u.Host != "" || u.Path != "" {
			return bad("winspool needs the printer's name as Windows shows it, like winspool:XP-80C or winspool:\\\\PC\\XP-80C")
		}
		// The spooler passes bytes on but never the printer's replies: asking for status
		// would only time out, so a winspool printer is taken to be ready unless status=on.
		t.Path, t.Status = name, false
	case "virtual":
		if u.Opaque != "" || u.Host != "" || u.Path != "" {
			return bad("virtual takes no path; pages go to the data directory")
		}
	case "":
		return bad("no kind given")
	default:
		return bad("unknown kind %q", u.Scheme)
	}
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "baud":
			n, err := strconv.Atoi(v)
			if t.Scheme != "serial" || err != nil || n < 1200 || n > 4000000 {
				return bad("baud=%s: only serial printers take a baud rate, 1200–4000000", v)
			}
			t.Baud = n
		case "flow":
			if t.Scheme != "serial" || v != "none" && v != "rtscts" {
				return bad("flow=%s: serial only, none or rtscts", v)
			}
			t.RTSCTS = v == "rtscts"
		case "paper":
			switch v {
			case "58":
				t.Dots = escpos.Dots58
			case "80":
				t.Dots = escpos.Dots80
			default:
				return bad("paper=%s: 58 or 80", v)
			}
		case "status":
			if v != "on" && v != "off" {
				return bad("status=%s: on or off", v)
			}
			if t.Scheme == "winspool" && v == "on" {
				return bad("status=on: the Windows spooler passes no replies from the printer")
			}
			t.Status = v == "on"
		case "cp1258":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 255 {
				return bad("cp1258=%s: the printer's code table number for Windows-1258 (ESC t n), 0–255", v)
			}
			t.CP1258, t.CodeTable = true, byte(n)
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > 10*time.Second {
				return bad("timeout=%s: a duration up to 10s", v)
			}
			t.Timeout = d
		case "write_timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > 5*time.Minute {
				return bad("write_timeout=%s: a duration up to 5m", v)
			}
			t.WriteTimeout = d
		default:
			return bad("unknown option %q", k)
		}
	}
	return t, nil
}

// isCOMPort says whether s names a Windows COM port (COM1…COM256).
func isCOMPort(s string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(s), "COM"))
	return len(s) > 3 && strings.EqualFold(s[:3], "COM") && err == nil && n >= 1 && n <= 256
}

// Options are what Open needs besides the URI.
type Options struct {
	// VirtualDir is where the virtual printer writes each page as a PNG (created if
	// missing); empty keeps pages only in memory (VirtualPages).
	VirtualDir string
	Clock      func() time.Time
	// Zone is where printed times are local (the test page's); nil is Vietnam.
	Zone *time.Location
}

// Vietnam is UTC+7 all year, the zone printed times are in unless Options.Zone says
// otherwise (the same as kiosk.Zone, which this package does not import).
var Vietnam = time.FixedZone("ICT", 7*60*60)

// Printer is one thermal printer behind a periph conn.Conn. Jobs are written in chunks of
// Chunk bytes, one Tx each, so a slow line shows progress and a context can stop between
// chunks. Safe for concurrent use; jobs never interleave. URI and Target are what it was
// opened with; after a Switch, read them through CurrentURI and Output.
type Printer struct {
	URI    string
	Target Target
	Chunk  int

	mu    sync.Mutex // held for a job or a status request: the transport is one line
	c     conn.Conn
	close func() error
	clock func() time.Time
	// target guards URI, Target and virt, which Switch changes (holding mu as well), so
	// rendering a job for this printer never waits for a job being printed.
	target sync.RWMutex
	virt   *virtualConn
}

// DefaultChunk is how many bytes go in one Tx: about 90 ms at 115200 baud.
const DefaultChunk = 1024

// Open parses uri and opens the transport. A virtual, usblp or serial device that cannot be
// opened is an error now; a tcp printer is dialled at the first job (and again after every
// failure), so a printer switched off at boot does not stop the kiosk.
func Open(uri string, o Options) (*Printer, error) {
	t, err := ParseURI(uri)
	if err != nil {
		return nil, err
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	p := &Printer{URI: uri, Target: t, Chunk: DefaultChunk, clock: o.Clock}
	switch t.Scheme {
	case "serial":
		c, err := openSerial(t)
		if err != nil {
			return nil, fmt.Errorf("printer %q: %w", uri, err)
		}
		p.c, p.close = c, c.Close
	case "usblp":
		c, err := openUSBLP(t)
		if err != nil {
			return nil, fmt.Errorf("printer %q: %w", uri, err)
		}
		p.c, p.close = c, c.Close
	case "tcp":
		c := &tcpConn{addr: t.Path, timeout: t.Timeout, writeTimeout: t.WriteTimeout}
		p.c, p.close = c, c.Close
	case "winspool":
		c, err := openWinspool(t)
		if err != nil {
			return nil, fmt.Errorf("printer %q: %w", uri, err)
		}
		p.c, p.close = c, c.Close
	case "virtual":
		c, err := newVirtual(o.VirtualDir, t.Dots, o.Clock)
		if err != nil {
			return nil, fmt.Errorf("printer %q: %w", uri, err)
		}
		p.c, p.close, p.virt = c, func() error { return nil }, c
	}
	return p, nil
}

// New wraps an already open connection (tests use conntest.Playback).
func New(c conn.Conn, t Target) *Printer {
	if t.Dots == 0 {
		t.Dots = escpos.Dots80
	}
	return &Printer{URI: c.String(), Target: t, Chunk: DefaultChunk, c: c, close: func() error { return nil }, clock: time.Now}
}

// Switch points the printer at uri, opened as Open would, for a kiosk whose printer is
// chosen while it runs (the first-run setup). The new transport is opened first: when it
// cannot be, the old one stays and the error says why. A job being printed finishes on
// the old one. The same URI again changes nothing.
func (p *Printer) Switch(uri string, o Options) error {
	if uri == p.CurrentURI() {
		return nil
	}
	n, err := Open(uri, o)
	if err != nil {
		return err
	}
	return p.Replace(n)
}

// Replace makes p print on n's transport with n's setting and closes p's own: Switch in
// two steps, for a caller that must know the new printer opens before it commits to it.
// n must not be used afterwards.
func (p *Printer) Replace(n *Printer) error {
	p.mu.Lock()
	p.target.Lock()
	closeOld := p.close
	p.URI, p.Target, p.c, p.close, p.clock, p.virt = n.URI, n.Target, n.c, n.close, n.clock, n.virt
	p.target.Unlock()
	p.mu.Unlock()
	return closeOld()
}

// CurrentURI is the printer setting in use.
func (p *Printer) CurrentURI() string {
	p.target.RLock()
	defer p.target.RUnlock()
	return p.URI
}

// Dots is the printable width of the paper.
func (p *Printer) Dots() int { return p.Output().Dots }

// Output is what layouts rendered for this printer need to know.
func (p *Printer) Output() Output {
	p.target.RLock()
	defer p.target.RUnlock()
	return Output{Dots: p.Target.Dots, CP1258: p.Target.CP1258, CodeTable: p.Target.CodeTable}
}

// Encode renders a layout (TicketLayout, ChecklistLayout, …) with its data for this printer.
func (p *Printer) Encode(l *Layout, data any) ([]byte, error) { return l.RenderFor(data, p.Output()) }

// Close releases the device.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.close()
}

// Print writes one job and returns how many bytes the transport may have passed on: on an
// error, every chunk up to and including the failed one counts, since part of a failed
// write can reach the printer. A nil error means the transport took every byte; whether
// paper came out is for Status to say afterwards.
func (p *Printer) Print(ctx context.Context, job []byte) (sent int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	chunk := p.Chunk
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	jc, jobs := p.c.(jobConn)
	if jobs {
		if err := jc.StartJob(); err != nil {
			return 0, fmt.Errorf("print: %w", err)
		}
	}
	fail := func(sent int, err error) (int, error) {
		if jobs {
			jc.AbortJob()
		}
		return sent, err
	}
	for off := 0; off < len(job); off += chunk {
		if err := ctx.Err(); err != nil {
			return fail(off, fmt.Errorf("print: stopped after %d of %d bytes: %w", off, len(job), err))
		}
		end := min(off+chunk, len(job))
		if err := p.c.Tx(job[off:end], nil); err != nil {
			return fail(end, fmt.Errorf("print: after %d of %d bytes: %w", off, len(job), err))
		}
	}
	if jobs {
		if err := jc.EndJob(); err != nil {
			return len(job), fmt.Errorf("print: %w", err)
		}
	}
	return len(job), nil
}

// closingConn is a transport that holds a device until closed.
type closingConn interface {
	conn.Conn
	Close() error
}

// jobConn is a transport that frames each print job as one document (the Windows spooler):
// Print starts one before the first chunk, ends it after the last, and aborts it on an
// error, so a failed job never prints half a ticket after the next one.
type jobConn interface {
	StartJob() error
	EndJob() error
	AbortJob()
}

// DefaultWriteTimeout is how long a write waits for a printer that stopped taking bytes
// (URI option write_timeout).
const DefaultWriteTimeout = 10 * time.Second

// ErrNoReply means the printer did not answer a status request in time: switched off,
// unplugged, or a device that cannot answer (use status=off for those).
var ErrNoReply = errors.New("the printer did not answer")

// ErrStalled means the printer stopped taking bytes in the middle of a write: out of paper
// or jammed with flow control holding the line, or a network printer whose buffer is full.
var ErrStalled = errors.New("the printer stopped taking data")
