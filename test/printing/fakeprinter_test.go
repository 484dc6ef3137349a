package printing_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"net"
	"os"
	"sync"
	"testing"

	"github.com/motcua/motcua/test/testenv"

	"github.com/creack/pty"
	"github.com/motcua/motcua/hardware/escpos"
	"golang.org/x/sys/unix"
)

// fakePrinter is an ESC/POS printer at the far end of a real TCP socket or pseudo-terminal.
// It splits what it receives into commands as a printer does (escpos.CommandLen), answers
// DLE EOT from its status bytes, and prints everything else with the virtual printer's
// decoder, whose state (a half-received image included) survives a dropped connection, as a
// real printer's buffer does. Faults are set before the bytes they concern arrive.
type fakePrinter struct {
	mu       sync.Mutex
	dec      *escpos.Decoder
	pages    []*image.Gray
	pending  []byte  // the start of a command not yet whole
	rt       int     // how much of a DLE EOT request has arrived (0–2)
	raw      int     // bytes received, status requests included
	status   [4]byte // replies to DLE EOT 1–4
	conns    int     // connections accepted
	requests int     // status requests answered

	dropAt   int           // close the connection once raw reaches this (0: never); once
	stallAt  int           // stop reading once raw reaches this, until resume is closed
	resume   chan struct{} // closed to end a stall
	paperOut bool          // report paper out after the next cut (then printing stops)
	uncut    bool          // finish found a page without its cut (a fragment)
	ln       net.Listener
	wg       sync.WaitGroup
}

const ready = 0x12 // the fixed bits of every DLE EOT reply, nothing wrong

func newFakePrinter(dots int) *fakePrinter {
	f := &fakePrinter{status: [4]byte{ready, ready, ready, ready}}
	f.dec = escpos.NewDecoder(dots, func(g *image.Gray) { f.pages = append(f.pages, g) })
	return f
}

func (f *fakePrinter) set(fn func(f *fakePrinter)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

// limit is how much the next read may take so that a drop or a stall happens at its byte.
func (f *fakePrinter) limit(n int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, at := range []int{f.dropAt, f.stallAt} {
		if at > f.raw {
			n = min(n, at-f.raw)
		}
	}
	return n
}

// take processes b, writing status replies to w, and says whether to drop the connection.
// Like a real printer, it answers DLE EOT n the moment the bytes arrive, wherever they fall
// (also inside an image's data, which the bytes then still belong to).
func (f *fakePrinter) take(b []byte, w io.Writer) (drop bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.raw += len(b)
	for _, c := range b {
		switch {
		case f.rt == 2 && c >= 1 && c <= 4:
			f.requests++
			w.Write([]byte{f.status[c-1]})
			f.rt = 0
		case c == escpos.DLE:
			f.rt = 1
		case f.rt == 1 && c == escpos.EOT:
			f.rt = 2
		default:
			f.rt = 0
		}
	}
	f.pending = append(f.pending, b...)
	for {
		n := escpos.CommandLen(f.pending)
		if n == 0 {
			break
		}
		cmd := f.pending[:n]
		f.dec.Write(cmd)
		if cmd[0] == escpos.GS && cmd[1] == 'V' && f.paperOut {
			f.status[1] |= 0x20 // DLE EOT 2: stopped, paper end
			f.status[3] |= 0x60 // DLE EOT 4: paper end
			f.paperOut = false
		}
		f.pending = f.pending[n:]
	}
	if f.dropAt > 0 && f.raw >= f.dropAt {
		f.dropAt = 0
		return true
	}
	return false
}

// stalled blocks while the printer is stalled at this byte.
func (f *fakePrinter) stalled() {
	f.mu.Lock()
	at, resume := f.stallAt, f.resume
	reached := at > 0 && f.raw >= at
	f.mu.Unlock()
	if reached {
		<-resume
		f.set(func(f *fakePrinter) { f.stallAt = 0 })
	}
}

// serve plays the printer on one connection until it closes.
func (f *fakePrinter) serve(c io.ReadWriteCloser) {
	defer f.wg.Done()
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		f.stalled()
		n, err := c.Read(buf[:f.limit(len(buf))])
		if n > 0 && f.take(buf[:n], c) {
			return
		}
		if err != nil {
			return
		}
	}
}

// finish waits until every connection has ended (the kiosk closed its printer), then says
// what came out: the pages cut, and whatever stands uncut on the last one.
func (f *fakePrinter) finish() (pages []*image.Gray) {
	if f.ln != nil {
		f.ln.Close()
	}
	f.wg.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.pages)
	f.dec.Flush()
	f.uncut = len(f.pages) > n
	return f.pages
}

// listenTCP serves f on a loopback port (addr "" picks one) and returns the address.
func (f *fakePrinter) listenTCP(t *testing.T, addr string) (net.Listener, string) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	f.ln = ln
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.set(func(f *fakePrinter) { f.conns++ })
			f.wg.Add(1)
			go f.serve(c)
		}
	}()
	return ln, ln.Addr().String()
}

// servePTY serves f on a pseudo-terminal. It returns the device for the kiosk to open, and
// a func to call once it has: the far end then sees the line end when the kiosk closes it.
func (f *fakePrinter) servePTY(t *testing.T) (device string, opened func()) {
	master, slave, err := pty.Open()
	testenv.Need(t, err == nil, fmt.Sprintf("a pseudo-terminal (%v)", err))
	// The far end must not echo or translate: raw.
	if tio, err := unix.IoctlGetTermios(int(master.Fd()), unix.TCGETS); err == nil {
		tio.Lflag &^= unix.ECHO | unix.ICANON | unix.ISIG | unix.IEXTEN
		tio.Oflag &^= unix.OPOST
		tio.Iflag &^= unix.ICRNL | unix.IXON | unix.INLCR | unix.ISTRIP
		_ = unix.IoctlSetTermios(int(master.Fd()), unix.TCSETS, tio)
	}
	f.set(func(f *fakePrinter) { f.conns++ })
	f.wg.Add(1)
	go f.serve(ptyMaster{master})
	return slave.Name(), func() { slave.Close() }
}

// ptyMaster ends reads with an error once the far end hung up (EIO), as a closed socket does.
type ptyMaster struct{ *os.File }

func (m ptyMaster) Read(b []byte) (int, error) {
	n, err := m.File.Read(b)
	if errors.Is(err, unix.EIO) {
		err = io.EOF
	}
	return n, err
}

// pageOf draws job alone, as a printer with nothing before it would.
func pageOf(t *testing.T, job []byte, dots int) *image.Gray {
	var pages []*image.Gray
	d := escpos.NewDecoder(dots, func(g *image.Gray) { pages = append(pages, g) })
	d.Write(job)
	if len(pages) != 1 {
		t.Fatalf("a job drew %d pages", len(pages))
	}
	return pages[0]
}

// endsWith reports whether page ends with want: want printed whole at its bottom (anything
// above it is a fragment of an interrupted attempt, on the same piece of paper).
func endsWith(page, want *image.Gray) bool {
	off := (page.Rect.Dy() - want.Rect.Dy()) * page.Stride
	return page.Rect.Dx() == want.Rect.Dx() && off >= 0 && bytes.Equal(page.Pix[off:], want.Pix)
}
