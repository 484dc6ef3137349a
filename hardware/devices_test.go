package hardware

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A PC as sysfs and /dev show it, under a temporary root: two USB serial adapters (one
// with its product name), a CDC-ACM printer, a USB printer class device, the ttyS ports the
// kernel always makes (only ttyS0 has a UART; ttyS9 says nothing), and devices that are
// not printer ports.
func TestFindPrinters(t *testing.T) {
	root := t.TempDir()
	write := func(path, body string) {
		t.Helper()
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(path, target string) {
		t.Helper()
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(root, target), p); err != nil {
			t.Fatal(err)
		}
	}
	for _, dev := range []string{"ttyUSB10", "ttyUSB2", "ttyACM0", "ttyS0", "ttyS1", "ttyS9", "tty0", "ttyprintk", "usb/lp0", "usb/hiddev0", "lp0"} {
		write("dev/"+dev, "")
	}
	write("sys/devices/pci0/usb1/1-2/product", "USB-Serial Controller D\n")
	write("sys/devices/pci0/usb1/1-2/1-2:1.0/ttyUSB2/dev", "188:2\n")
	link("sys/class/tty/ttyUSB2/device", "sys/devices/pci0/usb1/1-2/1-2:1.0")
	write("sys/devices/pci0/usb1/1-3/product", "POS-80C\n")
	write("sys/devices/pci0/usb1/1-3/1-3:1.0/usbmisc/lp0/dev", "180:0\n")
	link("sys/class/usbmisc/lp0/device", "sys/devices/pci0/usb1/1-3/1-3:1.0")
	write("sys/class/tty/ttyS0/type", "4\n")
	write("sys/class/tty/ttyS1/type", "0\n")

	got := FindPrinters(root)
	want := []Device{
		{URI: "usblp:///dev/usb/lp0", Path: "/dev/usb/lp0", Kind: "usblp", Product: "POS-80C"},
		{URI: "serial:///dev/ttyUSB2", Path: "/dev/ttyUSB2", Kind: "serial", Product: "USB-Serial Controller D"},
		{URI: "serial:///dev/ttyUSB10", Path: "/dev/ttyUSB10", Kind: "serial"},
		{URI: "serial:///dev/ttyACM0", Path: "/dev/ttyACM0", Kind: "serial"},
		{URI: "serial:///dev/ttyS0", Path: "/dev/ttyS0", Kind: "serial"},
		{URI: "serial:///dev/ttyS9", Path: "/dev/ttyS9", Kind: "serial"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("found\n%+v\nwant\n%+v", got, want)
	}
	for _, d := range got {
		if _, err := ParseURI(d.URI); err != nil {
			t.Errorf("%s is not a printer setting: %v", d.URI, err)
		}
	}
	if got := FindPrinters(filepath.Join(root, "nothing-here")); len(got) != 0 {
		t.Fatalf("an empty root: %v", got)
	}
}
