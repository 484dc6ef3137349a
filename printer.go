package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/web"
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
	// Every size and weight the slips print in: a dossier form's plain and bold lines.
	_ = hardware.Preload(hardware.TicketLayout, hardware.ChecklistLayout,
		hardware.FormLayout(kiosk.DossierForm{Fields: []kiosk.FormField{{}, {Strong: true}}}))
	a.printer = p
	a.spool = spool.New(a.DB.PrintJobs(), p)
	a.spool.Clock = a.DB.Clock
	a.spool.MaxWait = time.Duration(a.Config.PrintMaxWaitMinutes) * time.Minute
	a.spool.OnState = func(st spool.State) {
		a.Broker.Publish(kiosk.Notice{Kind: "printer.status", Data: printerHealth(p.CurrentURI(), st)})
	}
	a.tickets = &spool.Tickets{Spooler: a.spool, Output: p.Output, Commune: a.communeName, KioskID: a.DB.KioskID, Logger: a.Logger}
	a.printerHealth = func() kiosk.PrinterHealth { return printerHealth(p.CurrentURI(), a.spool.State()) }
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
		Commune: a.communeName(), Title: c.Title, Code: c.Code, Lines: c.Lines, At: a.DB.Clock().In(kiosk.Zone)})
	if err != nil {
		return 0, err
	}
	return a.spool.Enqueue(ctx, kiosk.PrintJob{Kind: kiosk.PrintChecklist, Ref: p.Code, Data: job})
}

// printerPages is the virtual printer's folder for the admin page.
func (a *App) printerPages() *web.PrinterPages {
	return &web.PrinterPages{Dir: printerVirtualDir(a.Config), Latest: hardware.LatestPages}
}

const printerUsage = `motcua printer — máy in / the printer

  motcua printer test [--data DIR]   in trang thử và báo tình trạng máy in / print a test page and report the status
`

// printer is `motcua printer test`: a test page on the configured printer, and its status.
func (c *cli) printer(args []string) int {
	return c.group(printerUsage, args, map[string]func([]string) int{"test": c.printerTest})
}

func (c *cli) printerTest(args []string) int {
	cmd := c.command("printer test", `motcua printer test [--data DIR]
  in trang thử trên máy in đã cấu hình và báo tình trạng của nó
  prints a test page on the configured printer and reports its status
`)
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	cfg, _, _, err := c.loadConfig(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	if err := hardware.TestPage(ctx, cfg.Printer, c.stdout, hardware.Options{VirtualDir: printerVirtualDir(cfg), Zone: kiosk.Zone}); err != nil {
		return c.fail(err)
	}
	return 0
}
