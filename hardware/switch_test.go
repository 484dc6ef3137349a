package hardware

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// The first-run setup chooses the printer while the kiosk runs: the same Printer value
// (the spool's) moves from the virtual printer to a network one, renders for its paper,
// and stays where it was when the new setting cannot be opened.
func TestSwitchPrinter(t *testing.T) {
	p, err := Open("virtual:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	if err := p.PrintTestPage(ctx, io.Discard, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if len(p.VirtualPages()) != 1 {
		t.Fatalf("%d virtual pages", len(p.VirtualPages()))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	job := []byte("\x1b@hello\n")
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, len(job))
		_, err = io.ReadFull(c, buf)
		if err != nil {
			buf = nil
		}
		got <- buf
	}()
	uri := "tcp://" + ln.Addr().String() + "?paper=58&status=off"
	if err := p.Switch(uri, Options{}); err != nil {
		t.Fatal(err)
	}
	if p.CurrentURI() != uri || p.Dots() != 384 || p.VirtualPages() != nil {
		t.Fatalf("after the switch: %s, %d dots, virtual pages %v", p.CurrentURI(), p.Dots(), p.VirtualPages())
	}
	if _, err := p.Print(ctx, job); err != nil {
		t.Fatal(err)
	}
	if b := <-got; !bytes.Equal(b, job) {
		t.Fatalf("the network printer got %q", b)
	}

	err = p.Switch("serial:///dev/motcua-no-such-port", Options{})
	if err == nil || !strings.Contains(err.Error(), "motcua-no-such-port") {
		t.Fatalf("a port that does not exist: %v", err)
	}
	if p.CurrentURI() != uri {
		t.Fatalf("a failed switch left %s", p.CurrentURI())
	}
	if err := p.Switch(uri, Options{}); err != nil {
		t.Fatalf("the same setting again: %v", err)
	}
}
