package hardware

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Device is a printer port found on this PC, for the first-run setup's list.
type Device struct {
	URI     string // as the printer setting takes it: usblp:///dev/usb/lp0, serial:///dev/ttyUSB0
	Path    string // the device node, e.g. /dev/ttyUSB0
	Kind    string // "usblp", "serial" or "winspool"
	Product string // what the USB device calls itself ("POS-80C"), when the kernel knows
}

// The device nodes FindPrinters looks for, in the order it lists them: USB printer class
// devices first (most USB thermal printers), then USB serial adapters, then the PC's own
// serial ports.
var printerPorts = []struct {
	glob, kind, class string // class: the device's folder under /sys/class, for its product name
}{
	{"dev/usb/lp*", "usblp", "usbmisc"},
	{"dev/ttyUSB*", "serial", "tty"},
	{"dev/ttyACM*", "serial", "tty"},
	{"dev/ttyS*", "serial", "tty"},
}

// FindPrinters lists the printer ports present under root ("/" on a kiosk PC; a test's
// temporary folder): /dev/usb/lp*, /dev/ttyUSB*, /dev/ttyACM*, and the /dev/ttyS* that
// have a UART behind them. The kernel makes ttyS0–ttyS3 on most PCs whether or not the
// port exists, and says which in /sys/class/tty/ttySN/type (0: no UART); a port the
// kernel says nothing about is listed. Ports of one kind are in number order (ttyUSB2
// before ttyUSB10). On Windows, which has no /dev, the list is the COM ports and the
// printers the spooler knows (systemPrinters).
func FindPrinters(root string) []Device {
	found := systemPrinters()
	for _, p := range printerPorts {
		matches, _ := filepath.Glob(filepath.Join(root, p.glob))
		slices.SortFunc(matches, func(a, b string) int { return cmp.Compare(portNumber(a), portNumber(b)) })
		for _, m := range matches {
			name := filepath.Base(m)
			sys := filepath.Join(root, "sys/class", p.class, name)
			if strings.HasPrefix(name, "ttyS") && !hasUART(sys) {
				continue
			}
			dev := "/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(m, filepath.Clean(root))), "/")
			found = append(found, Device{URI: p.kind + "://" + dev, Path: dev, Kind: p.kind, Product: usbProduct(sys)})
		}
	}
	return found
}

// portNumber is the number that ends a device's name: 10 for ttyUSB10.
func portNumber(path string) int {
	name := filepath.Base(path)
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	n, _ := strconv.Atoi(name[i:])
	return n
}

// hasUART reads the port type the serial driver gives a ttyS port (sys is its
// /sys/class/tty folder): 0 is PORT_UNKNOWN, no UART there.
func hasUART(sys string) bool {
	b, err := os.ReadFile(filepath.Join(sys, "type"))
	if err != nil {
		return true // the kernel does not say: let the installer try it
	}
	return strings.TrimSpace(string(b)) != "0"
}

// usbProduct is the product string of the USB device behind a port: the "product" file of
// the device its interface belongs to (sys/device is the interface, a symlink in sysfs).
func usbProduct(sys string) string {
	iface, err := filepath.EvalSymlinks(filepath.Join(sys, "device"))
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(iface), "product"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
