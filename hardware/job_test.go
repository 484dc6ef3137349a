package hardware

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"periph.io/x/conn/v3"
)

// docConn stands in for the Windows spooler's document framing (jobConn): it records what
// each document received and whether it ended or was aborted, and fails the Tx numbered
// failAt (from 1; 0 never).
type docConn struct {
	docs    []string // "ended:<bytes>" or "aborted:<bytes>"
	open    bool
	buf     []byte
	txs     int
	failAt  int
	started int
}

func (c *docConn) String() string      { return "doc" }
func (c *docConn) Duplex() conn.Duplex { return conn.Half }
func (c *docConn) StartJob() error     { c.open, c.buf = true, nil; c.started++; return nil }
func (c *docConn) Tx(w, _ []byte) error {
	if !c.open {
		return errors.New("write outside a document")
	}
	c.txs++
	if c.txs == c.failAt {
		return ErrStalled
	}
	c.buf = append(c.buf, w...)
	return nil
}
func (c *docConn) EndJob() error {
	c.docs = append(c.docs, "ended:"+string(c.buf))
	c.open = false
	return nil
}
func (c *docConn) AbortJob() { c.docs = append(c.docs, "aborted:"+string(c.buf)); c.open = false }

// A transport that frames jobs as documents gets each job as exactly one document: ended
// when every byte went, aborted (never ended) when a chunk failed or the job was stopped,
// so the spooler never prints a half ticket as if it were whole.
func TestPrintFramesEachJobAsOneDocument(t *testing.T) {
	c := &docConn{}
	p := New(c, Target{})
	p.Chunk = 4
	if _, err := p.Print(context.Background(), []byte("A001-ticket")); err != nil {
		t.Fatal(err)
	}
	c.failAt = c.txs + 2 // the second chunk of the next job
	sent, err := p.Print(context.Background(), []byte("A002-ticket"))
	if !errors.Is(err, ErrStalled) || sent != 8 {
		t.Errorf("failed job: sent %d, %v; want 8 bytes counted and ErrStalled", sent, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if sent, err := p.Print(ctx, []byte("A003")); !errors.Is(err, context.Canceled) || sent != 0 {
		t.Errorf("stopped job: sent %d, %v", sent, err)
	}
	want := []string{"ended:A001-ticket", "aborted:A002", "aborted:"}
	if strings.Join(c.docs, "|") != strings.Join(want, "|") || c.started != 3 {
		t.Errorf("documents %q (started %d), want %q", c.docs, c.started, want)
	}
}

// winspool: a printer by its Windows name; never asked for status, since the spooler
// passes no replies; elsewhere than Windows it parses (configurations can be checked on
// any machine) but does not open.
func TestWinspoolURI(t *testing.T) {
	tg, err := ParseURI("winspool:XP-80C")
	if err != nil || tg.Status || tg.Path != "XP-80C" {
		t.Fatalf("winspool:XP-80C: %+v, %v; want path XP-80C and status off", tg, err)
	}
	if runtime.GOOS == "windows" {
		return // opening needs a real spooler queue of that name
	}
	if _, err := Open("winspool:XP-80C", Options{}); err == nil || !strings.Contains(err.Error(), "only on Windows") {
		t.Errorf("winspool on %s: %v, want an error saying it is Windows only", runtime.GOOS, err)
	}
}
