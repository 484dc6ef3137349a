package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

// printerVirtualDir is where the virtual printer writes its pages.
func printerVirtualDir(cfg kiosk.Config) string { return filepath.Join(cfg.DataDir, "printed") }

// openPrinter opens the configured printer and its durable spool, and the ticket printer
// the queue issues through. A wrong printer string stops start-up here with a clear
// message, not at the first ticket.
func (a *App) openPrinter() error {
	p, err := hardware.Open(a.Config.Printer, hardware.Options{VirtualDir: printerVirtualDir(a.Config), Clock: a.DB.Clock, Zone: kiosk.Zone})
	if err != nil {
		return kiosk.Invalid("printer", "Cấu hình máy in sai: "+err.Error(), "bad printer setting: "+err.Error())
	}
	_ = hardware.Preload(hardware.TicketLayout, hardware.ReceiptLayout, hardware.ChecklistLayout)
	a.printer = p
	a.spool = spool.New(a.DB.PrintJobs(), p)
	a.spool.Clock = a.DB.Clock
	a.spool.MaxWait = time.Duration(a.Config.PrintMaxWaitMinutes) * time.Minute
	a.spool.OnState = func(st spool.State) {
		a.Broker.Publish(kiosk.Notice{Kind: "printer.status", Data: printerHealth(a.Config.Printer, st)})
	}
	a.tickets = &spool.Tickets{Spooler: a.spool, Output: p.Output(), Commune: a.Config.Commune.Name, KioskID: a.DB.KioskID(), Logger: a.Logger}
	a.printerHealth = func() kiosk.PrinterHealth { return printerHealth(a.Config.Printer, a.spool.State()) }
	return nil
}

// printerHealth says what the spool knows of the printer, in the words the admin and counter
// pages show; Error is empty once the printer answers healthy.
func printerHealth(uri string, st spool.State) kiosk.PrinterHealth {
	s := st.Status
	return kiosk.PrinterHealth{
		Configured: uri,
		Online:     s.Known && s.Online,
		PaperLow:   s.PaperNearEnd,
		PaperOut:   s.PaperEnd,
		CoverOpen:  s.CoverOpen,
		Error:      st.LastError,
		Queued:     st.Queued,
		CheckedAt:  s.CheckedAt,
	}
}

// printChecklist queues a procedure's "what to bring" slip with the documents ticked on
// screen (none: all).
func (a *App) printChecklist(ctx context.Context, p *kiosk.Procedure, lang string, documents []int) (int64, error) {
	if err := catalog.CheckTicked(p, documents); err != nil {
		return 0, err
	}
	c := catalog.ChecklistOf(p, lang, documents...)
	job, err := a.printer.Encode(hardware.ChecklistLayout, hardware.Checklist{
		Commune: a.Config.Commune.Name, Title: c.Title, Code: c.Code, Lines: c.Lines, At: a.DB.Clock().In(kiosk.Zone)})
	if err != nil {
		return 0, err
	}
	return a.spool.Enqueue(ctx, kiosk.PrintJob{Kind: kiosk.PrintChecklist, Ref: p.Code, Data: job})
}

// printerPages serves the virtual printer's latest pages to the admin page.
func (a *App) printerPages() http.Handler {
	return http.StripPrefix("/api/v1/printer/pages", hardware.PagesHandler(printerVirtualDir(a.Config), 12))
}

// runPrinter is `motcua printer test`: a test page on the configured printer, and its status.
func runPrinter(args []string) int {
	if len(args) != 1 || args[0] != "test" {
		fmt.Fprintln(os.Stderr, "usage: motcua printer test   (in trang thử và báo tình trạng máy in / print a test page and report the status)")
		return 2
	}
	cfg, err := loadConfig("", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hardware.TestPage(ctx, cfg.Printer, os.Stdout, hardware.Options{VirtualDir: printerVirtualDir(cfg), Zone: kiosk.Zone}); err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	return 0
}
