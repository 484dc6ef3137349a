package hardware

import (
	"errors"
	"os"
)

// errNoRTSCTS: a COM port is opened exclusively, so flow control cannot be set beside
// go.bug.st/serial as on Linux; Windows printers run with flow=none (the default).
var errNoRTSCTS = errors.New("flow=rtscts is not supported on Windows; use flow=none")

func openFlowControl(string) (*os.File, error) { return nil, errNoRTSCTS }

func setRTSCTS(*os.File) error { return errNoRTSCTS }
