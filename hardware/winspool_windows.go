package hardware

import (
	"errors"
	"fmt"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
	"periph.io/x/conn/v3"
)

// winspoolConn prints through the Windows spooler in RAW mode: the ESC/POS bytes go to the
// printer untouched, whatever its driver (a USB thermal printer installed with its vendor
// driver or "Generic / Text Only", or a printer shared by another PC as \\PC\NAME). It is
// how Windows reaches USB printers without a COM port. The spooler never hands back the
// printer's replies, so status is not asked (ParseURI turns it off), and a job is one
// spooler document (jobConn), so a failed job is aborted rather than left half in the queue.
type winspoolConn struct {
	name string
	h    windows.Handle // open between StartJob and EndJob/AbortJob
}

var (
	winspool             = windows.NewLazySystemDLL("winspool.drv")
	procOpenPrinter      = winspool.NewProc("OpenPrinterW")
	procClosePrinter     = winspool.NewProc("ClosePrinter")
	procStartDocPrinter  = winspool.NewProc("StartDocPrinterW")
	procEndDocPrinter    = winspool.NewProc("EndDocPrinter")
	procStartPagePrinter = winspool.NewProc("StartPagePrinter")
	procEndPagePrinter   = winspool.NewProc("EndPagePrinter")
	procWritePrinter     = winspool.NewProc("WritePrinter")
	procAbortPrinter     = winspool.NewProc("AbortPrinter")
)

// docInfo1 is DOC_INFO_1W.
type docInfo1 struct {
	docName, outputFile, datatype *uint16
}

// openWinspool checks that the printer exists now, so a misspelt name is an error at
// start-up and in the admin page, not at the first ticket.
func openWinspool(t Target) (closingConn, error) {
	c := &winspoolConn{name: t.Path}
	if err := c.open(); err != nil {
		return nil, err
	}
	c.closePrinter()
	return c, nil
}

func (c *winspoolConn) open() error {
	name, err := windows.UTF16PtrFromString(c.name)
	if err != nil {
		return err
	}
	r, _, e := procOpenPrinter.Call(uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(&c.h)), 0)
	if r == 0 {
		return fmt.Errorf("no Windows printer named %q (Settings → Printers shows the names): %w", c.name, e)
	}
	return nil
}

func (c *winspoolConn) closePrinter() {
	if c.h != 0 {
		procClosePrinter.Call(uintptr(c.h))
		c.h = 0
	}
}

func (c *winspoolConn) String() string      { return "winspool:" + c.name }
func (c *winspoolConn) Duplex() conn.Duplex { return conn.Half }
func (c *winspoolConn) Close() error        { c.closePrinter(); return nil }

func (c *winspoolConn) StartJob() error {
	if err := c.open(); err != nil {
		return err
	}
	doc := docInfo1{docName: syscall.StringToUTF16Ptr("Một Cửa Kiosk"), datatype: syscall.StringToUTF16Ptr("RAW")}
	if r, _, e := procStartDocPrinter.Call(uintptr(c.h), 1, uintptr(unsafe.Pointer(&doc))); r == 0 {
		c.closePrinter()
		return fmt.Errorf("the Windows spooler refused the job: %w", e)
	}
	if r, _, e := procStartPagePrinter.Call(uintptr(c.h)); r == 0 {
		c.AbortJob()
		return fmt.Errorf("the Windows spooler refused the page: %w", e)
	}
	return nil
}

func (c *winspoolConn) Tx(w, r []byte) error {
	if len(r) > 0 {
		return fmt.Errorf("%w (the Windows spooler passes no replies)", ErrNoReply)
	}
	if c.h == 0 {
		return errors.New("winspool: no job started")
	}
	for len(w) > 0 {
		var n uint32
		ok, _, e := procWritePrinter.Call(uintptr(c.h), uintptr(unsafe.Pointer(&w[0])), uintptr(len(w)), uintptr(unsafe.Pointer(&n)))
		if ok == 0 {
			return fmt.Errorf("the Windows spooler stopped taking data: %w", e)
		}
		if n == 0 {
			return ErrStalled
		}
		w = w[n:]
	}
	return nil
}

func (c *winspoolConn) EndJob() error {
	defer c.closePrinter()
	procEndPagePrinter.Call(uintptr(c.h))
	if r, _, e := procEndDocPrinter.Call(uintptr(c.h)); r == 0 {
		return fmt.Errorf("the Windows spooler did not finish the job: %w", e)
	}
	return nil
}

func (c *winspoolConn) AbortJob() {
	if c.h != 0 {
		procAbortPrinter.Call(uintptr(c.h))
	}
	c.closePrinter()
}
