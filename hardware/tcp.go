package hardware

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"periph.io/x/conn/v3"
)

// tcpConn is a network printer's raw port (9100). It dials on first use and again after a
// failed write or read: printers drop idle connections and reboot. A status request that
// gets no reply keeps the connection (a stalled printer is asked again on the same one, not
// flooded with new ones); its late reply is dropped before the next request.
type tcpConn struct {
	addr         string
	timeout      time.Duration // status replies
	writeTimeout time.Duration // one Tx's bytes

	mu sync.Mutex
	c  net.Conn
}

func (c *tcpConn) String() string      { return "tcp://" + c.addr }
func (c *tcpConn) Duplex() conn.Duplex { return conn.Full }

func (c *tcpConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return nil
	}
	err := c.c.Close()
	c.c = nil
	return err
}

func (c *tcpConn) Tx(w, r []byte) (err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		nc, err := net.DialTimeout("tcp", c.addr, 3*time.Second)
		if err != nil {
			return fmt.Errorf("connect to printer: %w", err)
		}
		c.c = nc
	}
	defer func() {
		if err != nil && !errors.Is(err, ErrNoReply) && c.c != nil {
			c.c.Close()
			c.c = nil
		}
	}()
	if len(r) > 0 {
		if err := dropPending(c.c); err != nil {
			return err
		}
	}
	if len(w) > 0 {
		// A printer out of paper, or stalled, stops reading; give up rather than hang.
		_ = c.c.SetWriteDeadline(time.Now().Add(c.writeTimeout))
		if _, err := c.c.Write(w); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return fmt.Errorf("%w (nothing taken for %s)", ErrStalled, c.writeTimeout)
			}
			return err
		}
	}
	if len(r) == 0 {
		return nil
	}
	_ = c.c.SetReadDeadline(time.Now().Add(c.timeout))
	for got := 0; got < len(r); {
		n, err := c.c.Read(r[got:])
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
