//go:build !windows

package hardware

// systemPrinters: outside Windows every printer port is a device node, found under root.
func systemPrinters() []Device { return nil }
