package hardware

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// dropPending reads and throws away whatever the printer sent that nobody asked for (the
// late reply to a request that timed out): a stale byte must not be taken for the answer
// to the next request. Windows has no non-blocking read on the raw socket here, so it reads
// with a deadline a millisecond away. A closed connection is reported as an error.
func dropPending(c net.Conn) error {
	var buf [256]byte
	for {
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		n, err := c.Read(buf[:])
		switch {
		case n > 0:
			continue
		case errors.Is(err, os.ErrDeadlineExceeded):
			return c.SetReadDeadline(time.Time{})
		case errors.Is(err, io.EOF):
			return errors.New("the printer closed the connection")
		case err != nil:
			return err
		}
	}
}
