package hardware

import (
	"errors"
	"os"
)

// errNoRTSCTS: a COM port is opened exclusively, so flow control cannot be set beside
// go.bug.st/serial as on Linux; Windows printers run with flow=none (the default).
var errNoRTSCTS = errors.New("flow=rtscts is not supported on Windows; use flow=none")

// openLine has no second handle to give on Windows: the bytes go through the port itself
// (serialConn.txThroughPort), without a write deadline of their own.
func openLine(string) (*os.File, error) { return nil, nil }

func setRTSCTS(*os.File) error { return errNoRTSCTS }
