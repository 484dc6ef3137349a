package hardware

import (
	"errors"
	"fmt"
	"os"
	"time"

	"go.bug.st/serial"
	"periph.io/x/conn/v3"
)

// serialConn is a serial printer. go.bug.st/serial opens and configures the port (it sets the
// baud rate, which periph's own host serial driver does not; DESIGN.md, Known pitfalls), but
// its writes cannot time out, so bytes go through a descriptor of our own whose reads and
// writes have deadlines: a printer holding CTS low (RTS/CTS flow control, out of paper or
// jammed) fails the write after a while instead of blocking the spool for good.
type serialConn struct {
	port         serial.Port // configuration and flushing
	f            *os.File    // reads and writes, with deadlines
	name         string
	baud         int
	timeout      time.Duration // status replies
	writeTimeout time.Duration // beyond the line's own time for the bytes
}

func openSerial(t Target) (*serialConn, error) {
	// Opened before go.bug.st/serial, which takes the port exclusively (later opens fail).
	// nil on Windows, where a COM port opens only once: bytes then go through the port.
	f, err := openLine(t.Path)
	if err != nil {
		return nil, fmt.Errorf("open serial port: %w", err)
	}
	port, err := serial.Open(t.Path, &serial.Mode{BaudRate: t.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, fmt.Errorf("open serial port %s at %d baud: %w", t.Path, t.Baud, err)
	}
	if t.RTSCTS {
		// go.bug.st/serial v1.8 always turns RTS/CTS off; set the flag once it is done.
		if err := setRTSCTS(f); err != nil {
			port.Close()
			if f != nil {
				f.Close()
			}
			return nil, fmt.Errorf("serial port %s: set RTS/CTS flow control: %w", t.Path, err)
		}
	}
	return &serialConn{port: port, f: f, name: "serial:" + t.Path, baud: t.Baud, timeout: t.Timeout, writeTimeout: t.WriteTimeout}, nil
}

func (c *serialConn) String() string      { return c.name }
func (c *serialConn) Duplex() conn.Duplex { return conn.Full }

func (c *serialConn) Close() error {
	err := c.port.Close()
	if c.f == nil {
		return err
	}
	if ferr := c.f.Close(); err == nil {
		err = ferr
	}
	return err
}

// Tx writes w whole, then, when r is not empty, reads exactly len(r) bytes or fails with
// ErrNoReply after the timeout. Stale input is dropped first so a late reply to an earlier
// request is not taken for this one. A write the printer does not take in time fails with
// ErrStalled, and what is still queued in the port is discarded (the spool resends the job
// whole after bringing the printer back to a clean state).
func (c *serialConn) Tx(w, r []byte) error {
	if len(r) > 0 {
		if err := c.port.ResetInputBuffer(); err != nil {
			return err
		}
	}
	if c.f == nil {
		return c.txThroughPort(w, r)
	}
	if len(w) > 0 {
		line := time.Duration(SerialSeconds(len(w), c.baud) * float64(time.Second))
		if err := c.f.SetWriteDeadline(time.Now().Add(c.writeTimeout + line)); err != nil {
			return err
		}
		if _, err := c.f.Write(w); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				_ = c.port.ResetOutputBuffer()
				return fmt.Errorf("%w (serial line held for %s)", ErrStalled, c.writeTimeout+line)
			}
			return err
		}
	}
	if len(r) == 0 {
		return nil
	}
	if err := c.f.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return err
	}
	for got := 0; got < len(r); {
		n, err := c.f.Read(r[got:])
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return ErrNoReply
		}
		if err != nil {
			return err
		}
		got += n
	}
	return nil
}

// txThroughPort is Tx where the port opens only once (Windows): writes without a deadline
// of their own, reads with the library's timeout.
func (c *serialConn) txThroughPort(w, r []byte) error {
	if len(w) > 0 {
		if _, err := c.port.Write(w); err != nil {
			return err
		}
	}
	if len(r) == 0 {
		return nil
	}
	if err := c.port.SetReadTimeout(c.timeout); err != nil {
		return err
	}
	for got := 0; got < len(r); {
		n, err := c.port.Read(r[got:])
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNoReply
		}
		got += n
	}
	return nil
}
