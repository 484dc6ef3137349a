//go:build !windows

package hardware

import "errors"

// openWinspool: the Windows spooler exists only on Windows; the URI still parses
// everywhere, so a configuration can be checked on any machine.
func openWinspool(Target) (closingConn, error) {
	return nil, errors.New("winspool printers exist only on Windows (here: usblp, serial or tcp)")
}
