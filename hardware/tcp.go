package hardware

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"
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

// dropPending reads and throws away whatever the printer sent that nobody asked for (the
// late reply to a request that timed out), without waiting: a stale byte must not be taken
// for the answer to the next request. A closed connection is reported as an error.
func dropPending(c net.Conn) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	_ = c.SetReadDeadline(time.Time{}) // a past deadline would fail the read before it looks
	var buf [256]byte
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		for {
			n, err := syscall.Read(int(fd), buf[:])
			switch {
			case n > 0:
				continue
			case n == 0 && err == nil:
				rerr = errors.New("the printer closed the connection")
			case err == syscall.EINTR:
				continue
			case err != syscall.EAGAIN:
				rerr = err
			}
			return true // done: nothing more waiting (or an error); never park
		}
	})
	if err != nil {
		return err
	}
	return rerr
}
