package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/kiosk"
)

// The printer choices, shared by the first-run setup and the admin page: the same list,
// the same check of what was chosen, the same test page.

// printerChoices lists the printer ports found under devRoot ("/" on a kiosk), then a
// network printer and the virtual one.
func printerChoices(devRoot string) []kiosk.PrinterChoice {
	var out []kiosk.PrinterChoice
	for _, d := range hardware.FindPrinters(devRoot) {
		c := kiosk.PrinterChoice{URI: d.URI, Kind: d.Kind}
		switch d.Kind {
		case "usblp":
			c.Label, c.LabelEN = "Máy in USB "+d.Path, "USB printer "+d.Path
		case "winspool":
			c.Label, c.LabelEN = "Máy in của Windows: "+d.Path, "Windows printer: "+d.Path
		default:
			c.Label, c.LabelEN = "Cổng nối tiếp "+d.Path, "Serial port "+d.Path
		}
		if d.Product != "" {
			c.Label += " (" + d.Product + ")"
			c.LabelEN += " (" + d.Product + ")"
		}
		out = append(out, c)
	}
	return append(out,
		kiosk.PrinterChoice{URI: "tcp://", Kind: "tcp", Label: "Máy in mạng (địa chỉ IP, cổng 9100)", LabelEN: "Network printer (IP address, port 9100)"},
		kiosk.PrinterChoice{URI: "virtual:", Kind: "virtual", Label: "Máy in ảo (lưu trang in thành ảnh, không in ra giấy)", LabelEN: "Virtual printer (pages saved as images, no paper)"},
	)
}

// checkPrinterChoice refuses a printer setting that is not one of choices, naming the part
// the person must correct: a device port not found on this PC (printer.device), a network
// address that is not host[:port] (printer.address), a paper width other than 58 or 80 mm
// (printer.paper), or anything else wrong with the setting (printer).
func checkPrinterChoice(uri string, choices []kiosk.PrinterChoice) (hardware.Target, error) {
	t, err := hardware.ParseURI(uri)
	if err != nil {
		return t, printerURIError(uri, err)
	}
	switch t.Scheme {
	case "serial", "usblp", "winspool":
		found := slices.ContainsFunc(choices, func(c kiosk.PrinterChoice) bool {
			d, err := hardware.ParseURI(c.URI)
			return c.Kind == t.Scheme && err == nil && d.Path == t.Path
		})
		if !found {
			return t, kiosk.Invalid("printer.device", fmt.Sprintf("Cổng máy in %s không có trên máy này; chọn một cổng trong danh sách", t.Path),
				"the printer port "+t.Path+" is not on this PC; choose one from the list")
		}
	}
	return t, nil
}

// printerURIError says which part of a bad printer setting is wrong.
func printerURIError(uri string, err error) error {
	t, _ := hardware.ParseURI(withoutQuery(uri))
	switch {
	case strings.HasPrefix(uri, "tcp:") && t.Scheme == "":
		return kiosk.Invalid("printer.address", "Địa chỉ máy in mạng phải có dạng IP:cổng, ví dụ 192.168.1.50:9100",
			"a network printer's address is IP:port, e.g. 192.168.1.50:9100")
	case t.Scheme != "" && strings.Contains(err.Error(), "paper="):
		return kiosk.Invalid("printer.paper", "Khổ giấy chỉ có thể là 58 mm hoặc 80 mm", "the paper width is 58 or 80 mm")
	}
	return kiosk.Invalid("printer", "Cấu hình máy in sai: "+err.Error(), "bad printer setting: "+err.Error())
}

// withoutQuery is uri without its options, to tell a bad address from a bad option.
func withoutQuery(uri string) string {
	before, _, _ := strings.Cut(uri, "?")
	return before
}

// openPrinterSetting opens a printer setting as the kiosk opens its own.
func (a *App) openPrinterSetting(uri string) (*hardware.Printer, error) {
	p, err := hardware.Open(uri, hardware.Options{VirtualDir: printerVirtualDir(a.Config), Clock: a.clock})
	if err != nil {
		if _, perr := hardware.ParseURI(uri); perr != nil {
			return nil, printerURIError(uri, perr)
		}
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không mở được máy in: "+err.Error(), "cannot open the printer: "+err.Error())
	}
	return p, nil
}

// testPrint prints the test page on uri and returns the printer's report. The kiosk's own
// printer is used when it is the one chosen, since a serial port opens only once.
func (a *App) testPrint(ctx context.Context, uri string) (string, error) {
	var out bytes.Buffer
	p := a.printer
	if uri != p.CurrentURI() {
		var err error
		if p, err = a.openPrinterSetting(uri); err != nil {
			return "", err
		}
		defer p.Close()
	}
	if err := p.PrintTestPage(ctx, &out, a.clock()); err != nil {
		return out.String(), kiosk.Errorf(kiosk.EUNAVAILABLE, "Không in được trang thử: "+err.Error(), "the test page did not print: "+err.Error())
	}
	return out.String(), nil
}
