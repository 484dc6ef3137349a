package hardware

import (
	"fmt"
	"os"
	"time"

	"go.bug.st/serial"
	"periph.io/x/conn/v3"
)

// serialConn is a serial printer through go.bug.st/serial, which sets the baud rate
// (periph's own host serial driver does not; DESIGN.md, Known pitfalls).
type serialConn struct {
	port    serial.Port
	name    string
	timeout time.Duration
}

func openSerial(t Target) (*serialConn, error) {
	// go.bug.st/serial v1.8 always turns RTS/CTS off and takes the port exclusively, so for
	// hardware flow control we hold a descriptor of our own opened first and set the flag
	// through it once the port is configured (serial_rtscts_*.go).
	var own *os.File
	if t.RTSCTS {
		f, err := openFlowControl(t.Path)
		if err != nil {
			return nil, fmt.Errorf("open serial port: %w", err)
		}
		own = f
		defer own.Close()
	}
	port, err := serial.Open(t.Path, &serial.Mode{BaudRate: t.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, fmt.Errorf("open serial port %s at %d baud: %w", t.Path, t.Baud, err)
	}
	if own != nil {
		if err := setRTSCTS(own); err != nil {
			port.Close()
			return nil, fmt.Errorf("serial port %s: set RTS/CTS flow control: %w", t.Path, err)
		}
	}
	return &serialConn{port: port, name: "serial:" + t.Path, timeout: t.Timeout}, nil
}

func (c *serialConn) String() string      { return c.name }
func (c *serialConn) Duplex() conn.Duplex { return conn.Full }
func (c *serialConn) Close() error        { return c.port.Close() }

// Tx writes w whole, then, when r is not empty, reads exactly len(r) bytes or fails with
// ErrNoReply after the timeout. Stale input is dropped first so a late reply to an earlier
// request is not taken for this one.
func (c *serialConn) Tx(w, r []byte) error {
	if len(r) > 0 {
		if err := c.port.ResetInputBuffer(); err != nil {
			return err
		}
	}
	for len(w) > 0 {
		n, err := c.port.Write(w)
		if err != nil {
			return err
		}
		w = w[n:]
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
