//go:build !windows

package hardware

import (
	"errors"
	"net"
	"syscall"
	"time"
)

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
