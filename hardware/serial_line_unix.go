//go:build !windows

package hardware

import (
	"os"

	"golang.org/x/sys/unix"
)

// openLine opens the port a second time, before go.bug.st/serial does: the descriptor the
// bytes go through, with read and write deadlines, and the one RTS/CTS is set on.
func openLine(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
}

// setRTSCTS turns hardware flow control on for the port f is open on.
func setRTSCTS(f *os.File) error {
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err == nil {
		tio.Cflag |= unix.CRTSCTS
		err = unix.IoctlSetTermios(int(f.Fd()), unix.TCSETS, tio)
	}
	return err
}
