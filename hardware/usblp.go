package hardware

import (
	"errors"
	"fmt"
	"os"
	"time"

	"periph.io/x/conn/v3"
)

// usblpConn is the Linux USB printer class device (/dev/usb/lp*). Printers that answer
// status do so through read(); the driver supports poll, so deadlines work.
type usblpConn struct {
	f            *os.File
	name         string
	timeout      time.Duration // status replies
	writeTimeout time.Duration
}

func openUSBLP(t Target) (*usblpConn, error) {
	f, err := os.OpenFile(t.Path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open USB printer (check the udev rule and that the user is in group lp): %w", err)
	}
	return &usblpConn{f: f, name: "usblp:" + t.Path, timeout: t.Timeout, writeTimeout: t.WriteTimeout}, nil
}

func (c *usblpConn) String() string      { return c.name }
func (c *usblpConn) Duplex() conn.Duplex { return conn.Half }
func (c *usblpConn) Close() error        { return c.f.Close() }

func (c *usblpConn) Tx(w, r []byte) error {
	if len(w) > 0 {
		// The driver blocks while the printer is busy or out of paper; give up after a while
		// (a device without poll support ignores the deadline and blocks as before).
		_ = c.f.SetWriteDeadline(time.Now().Add(c.writeTimeout))
		if _, err := c.f.Write(w); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return fmt.Errorf("%w (nothing taken for %s)", ErrStalled, c.writeTimeout)
			}
			return err
		}
	}
	if len(r) == 0 {
		return nil
	}
	if err := c.f.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return fmt.Errorf("%w (this device cannot be asked for status; add ?status=off)", ErrNoReply)
	}
	for got := 0; got < len(r); {
		n, err := c.f.Read(r[got:])
		if errors.Is(err, os.ErrDeadlineExceeded) || n == 0 && err == nil {
			return ErrNoReply
		}
		if err != nil {
			return err
		}
		got += n
	}
	return nil
}
