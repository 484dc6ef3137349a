package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
)

// printerAdmin is the admin page's printer (kiosk.PrinterAdmin): the first-run setup's
// choices and test page, a switch of the running printer with no restart, and the setting
// kept for the next start with its audit line and outbox event.
type printerAdmin struct {
	a  *App
	mu sync.Mutex // one change at a time
}

var _ kiosk.PrinterAdmin = (*printerAdmin)(nil)

func (p *printerAdmin) PrinterSettings(context.Context) (kiosk.PrinterSettings, error) {
	return kiosk.PrinterSettings{Printer: p.a.printer.CurrentURI(), Choices: printerChoices(p.a.devRoot), LockedBy: p.lockedBy()}, nil
}

// lockedBy names the environment variable or flag that set the printer, which would put
// it back at the next start; "" when the admin page may change it.
func (p *printerAdmin) lockedBy() string {
	if s := p.a.setup.sources.Of("printer"); s.Layer == kiosk.LayerEnv || s.Layer == kiosk.LayerFlag {
		return s.String()
	}
	return ""
}

// SetPrinter checks the choice, opens the new printer, keeps the setting (audit, outbox),
// and only then makes the running kiosk print on it: a refusal at any step leaves the
// printer as it was.
func (p *printerAdmin) SetPrinter(ctx context.Context, uri string) (kiosk.PrinterSettings, error) {
	uri = strings.TrimSpace(uri)
	p.mu.Lock()
	defer p.mu.Unlock()
	// The first-run setup may switch the printer too (from loopback, before any staff).
	p.a.setup.mu.Lock()
	defer p.a.setup.mu.Unlock()
	current, _ := p.PrinterSettings(ctx)
	if current.LockedBy != "" {
		return current, kiosk.Invalid("printer", "Máy in đang được đặt bằng "+current.LockedBy+"; đổi ở đó rồi khởi động lại kiosk",
			"the printer is set by "+current.LockedBy+"; change it there and restart the kiosk")
	}
	if _, err := checkPrinterChoice(uri, current.Choices); err != nil {
		return current, err
	}
	was := current.Printer
	if uri == was {
		return current, nil
	}
	next, err := p.a.openPrinterSetting(uri)
	if err != nil {
		return current, err
	}
	vi, en := printerWords(uri)
	if err := p.a.DB.KeepPrinter(ctx, uri, was, "Máy in: "+vi, "Printer: "+en); err != nil {
		next.Close()
		return current, err
	}
	if err := p.a.printer.Replace(next); err != nil {
		p.a.Logger.Warn("closing the printer replaced on the admin page", "err", err)
	}
	// The spool asks the new printer for its status at once: the pages hear it (SSE
	// printer.status) and jobs waiting for a printer go out.
	p.a.spool.Kick()
	p.a.Logger.Info("printer changed on the admin page", "printer", uri, "was", was, "actor", kiosk.ActorOf(ctx).ID)
	current.Printer = uri
	return current, nil
}

// TestPrint prints the test page on printer, or on the one in use when empty.
func (p *printerAdmin) TestPrint(ctx context.Context, uri string) (string, error) {
	if uri = strings.TrimSpace(uri); uri == "" {
		uri = p.a.printer.CurrentURI()
	} else if _, err := checkPrinterChoice(uri, printerChoices(p.a.devRoot)); err != nil {
		return "", err
	}
	return p.a.testPrint(ctx, uri)
}

// printerWords says a printer setting as the audit list shows it, never the raw URI:
// "Máy in mạng 192.168.1.50:9100, khổ 58 mm".
func printerWords(uri string) (vi, en string) {
	t, err := hardware.ParseURI(uri)
	if err != nil {
		return uri, uri
	}
	switch t.Scheme {
	case "usblp":
		vi, en = "Máy in USB "+t.Path, "USB printer "+t.Path
	case "serial":
		vi, en = fmt.Sprintf("Cổng nối tiếp %s (%d baud)", t.Path, t.Baud), fmt.Sprintf("Serial port %s (%d baud)", t.Path, t.Baud)
	case "tcp":
		vi, en = "Máy in mạng "+t.Path, "Network printer "+t.Path
	default:
		vi, en = "Máy in ảo", "Virtual printer"
	}
	mm := 80
	if t.Dots == escpos.Dots58 {
		mm = 58
	}
	return fmt.Sprintf("%s, khổ %d mm", vi, mm), fmt.Sprintf("%s, %d mm paper", en, mm)
}
