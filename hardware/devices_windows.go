package hardware

import (
	"cmp"
	"slices"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

var procEnumPrinters = winspool.NewProc("EnumPrintersW")

// systemPrinters lists, on Windows, the printers the spooler knows (a USB thermal printer
// installed with its driver, a share from another PC) as winspool: devices, then the COM
// ports (USB-serial printers) in number order.
func systemPrinters() []Device {
	var found []Device
	for _, name := range spoolerPrinters() {
		found = append(found, Device{URI: "winspool:" + name, Path: name, Kind: "winspool", Product: name})
	}
	return append(found, comPorts()...)
}

// printerInfo4 is PRINTER_INFO_4W.
type printerInfo4 struct {
	name, server *uint16
	attributes   uint32
}

// spoolerPrinters asks EnumPrintersW (level 4: local and connected printers, cheap) for
// the printers' names.
func spoolerPrinters() []string {
	const flags = 0x2 | 0x4 // PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
	var need, n uint32
	procEnumPrinters.Call(flags, 0, 4, 0, 0, uintptr(unsafe.Pointer(&need)), uintptr(unsafe.Pointer(&n)))
	if need == 0 {
		return nil
	}
	buf := make([]byte, need)
	if r, _, _ := procEnumPrinters.Call(flags, 0, 4, uintptr(unsafe.Pointer(&buf[0])), uintptr(need),
		uintptr(unsafe.Pointer(&need)), uintptr(unsafe.Pointer(&n))); r == 0 {
		return nil
	}
	infos := unsafe.Slice((*printerInfo4)(unsafe.Pointer(&buf[0])), n)
	names := make([]string, 0, n)
	for _, in := range infos {
		names = append(names, windows.UTF16PtrToString(in.name))
	}
	return names
}

// comPorts reads the serial ports Windows has now from HARDWARE\DEVICEMAP\SERIALCOMM.
func comPorts() []Device {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DEVICEMAP\SERIALCOMM`, registry.QUERY_VALUE)
	if err != nil {
		return nil
	}
	defer k.Close()
	values, _ := k.ReadValueNames(0)
	var ports []string
	for _, v := range values {
		if p, _, err := k.GetStringValue(v); err == nil && isCOMPort(p) {
			ports = append(ports, p)
		}
	}
	slices.SortFunc(ports, func(a, b string) int { return cmp.Compare(portNumber(a), portNumber(b)) })
	var found []Device
	for _, p := range ports {
		found = append(found, Device{URI: "serial:" + p, Path: p, Kind: "serial"})
	}
	return found
}
