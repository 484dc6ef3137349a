package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/web"
)

// ChecklistLayout is the "what to bring" slip printed from a procedure's page.
var ChecklistLayout = func() *hardware.Layout {
	l := &hardware.Layout{Name: "checklist", Blocks: []hardware.Block{
		{Text: "{{upper .Commune}}", Align: "center", Bold: true, Size: 22},
		{Kind: "rule"},
		{Text: "{{.Title}}", Bold: true, Size: 24},
		{Text: "Mã thủ tục: {{.Code}}", Size: 20},
		{Kind: "feed", Size: 6},
		{Text: "{{range .Lines}}{{.}}\n{{end}}", Size: 22},
		{Kind: "feed", Size: 6},
		{Text: "In lúc {{datetime .At}}", Align: "center", Size: 18},
		{Kind: "cut"},
	}}
	if err := l.Compile(); err != nil {
		panic(err)
	}
	return l
}()

// printerVirtualDir is where the virtual printer writes its pages.
func printerVirtualDir(cfg kiosk.Config) string { return filepath.Join(cfg.DataDir, "printed") }

// openPrinter opens the configured printer and its durable spool. A wrong printer string
// stops start-up here with a clear message, not at the first ticket.
func (a *App) openPrinter() error {
	p, err := hardware.Open(a.Config.Printer, hardware.Options{VirtualDir: printerVirtualDir(a.Config)})
	if err != nil {
		return kiosk.Invalid("printer", "Cấu hình máy in sai: "+err.Error(), "bad printer setting: "+err.Error())
	}
	_ = hardware.Preload(hardware.TicketLayout, hardware.ReceiptLayout, ChecklistLayout)
	a.printer = p
	a.spool = spool.New(a.DB.PrintJobs(), p)
	a.spool.OnState = func(st spool.State) {
		a.Broker.Publish(kiosk.Notice{Kind: "printer.status", Data: printerHealth(p.CurrentURI(), st)})
	}
	a.printerHealth = func() kiosk.PrinterHealth { return printerHealth(p.CurrentURI(), a.spool.State()) }
	return nil
}

// printerHealth says what the spool knows of the printer, in the words the admin page shows.
func printerHealth(uri string, st spool.State) kiosk.PrinterHealth {
	s := st.Status
	msg := s.Problem()
	if msg == "" {
		msg = st.LastError
	}
	return kiosk.PrinterHealth{
		Configured: uri,
		Online:     s.Known && s.Online,
		PaperLow:   s.PaperNearEnd,
		PaperOut:   s.PaperEnd,
		CoverOpen:  s.CoverOpen,
		Error:      msg,
		Queued:     st.Queued,
		CheckedAt:  s.CheckedAt,
	}
}

// printTicket queues the ticket's printout. The number is committed already; this never
// waits for the printer. When the printer is known to be unable to print, the kiosk is
// told to show the number large enough to photograph.
func (a *App) printTicket(ctx context.Context, is kiosk.Issued) web.PrintStatus {
	prio := ""
	for _, p := range a.Config.Queue.Priorities {
		if p.ID == is.Ticket.Priority {
			prio = p.Name
		}
	}
	job, err := a.printer.Encode(hardware.TicketLayout, hardware.Ticket{
		Commune:   a.communeName(),
		Service:   is.Service,
		Number:    is.Ticket.Code,
		Priority:  prio,
		IssuedAt:  is.Ticket.IssuedAt.In(kiosk.Zone),
		Ahead:     is.Ahead,
		Wait:      time.Duration(is.WaitMinutes) * time.Minute,
		LookupURL: ticketLookupCode(a.DB.KioskID(), is.Ticket),
		Footer:    "Xin cảm ơn quý vị. Vui lòng chú ý nghe gọi số.",
	})
	if err == nil {
		_, err = a.spool.Enqueue(ctx, "ticket", strconv.FormatInt(is.Ticket.ID, 10), job)
	}
	if err != nil {
		a.Logger.Error("ticket not queued for printing", "ticket", is.Ticket.Code, "err", err)
		return web.PrintStatus{Message: "Không in được phiếu. Xin quý vị ghi nhớ hoặc chụp lại số thứ tự trên màn hình."}
	}
	if st := a.spool.State().Status; st.Known && !st.Ready() {
		return web.PrintStatus{Message: "Máy in đang có sự cố (" + st.Problem() + "). Xin quý vị ghi nhớ hoặc chụp lại số thứ tự trên màn hình."}
	}
	return web.PrintStatus{Queued: true}
}

// ticketLookupCode is what the ticket's QR code holds: this kiosk, the day and the number,
// so a scanner at the kiosk (or the hub) can find the ticket without any personal data.
func ticketLookupCode(kioskID string, t kiosk.Ticket) string {
	return fmt.Sprintf("MC1:T:%s:%s:%s", kioskID, t.Day, t.Code)
}

// printChecklist queues a procedure's "what to bring" slip.
func (a *App) printChecklist(ctx context.Context, p *kiosk.Procedure, lang string) (int64, error) {
	c := catalog.ChecklistOf(p, lang)
	job, err := a.printer.Encode(ChecklistLayout, struct {
		catalog.Checklist
		Commune string
		At      time.Time
	}{c, a.communeName(), a.clock().In(kiosk.Zone)})
	if err != nil {
		return 0, err
	}
	return a.spool.Enqueue(ctx, "checklist", p.Code, job)
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
	if err := hardware.TestPage(ctx, cfg.Printer, c.stdout, hardware.Options{VirtualDir: printerVirtualDir(cfg)}); err != nil {
		return c.fail(err)
	}
	return 0
}
