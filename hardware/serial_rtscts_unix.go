//go:build !windows

package hardware

import (
	"os"

	"golang.org/x/sys/unix"
)

// openFlowControl opens the port a second time, for setting RTS/CTS through it.
func openFlowControl(path string) (*os.File, error) {
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
