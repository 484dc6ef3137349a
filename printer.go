package main

import (
	"context"
	"fmt"
	"os"
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
		a.Broker.Publish(kiosk.Notice{Kind: "printer.status", Data: printerHealth(a.Config.Printer, st)})
	}
	a.printerHealth = func() kiosk.PrinterHealth { return printerHealth(a.Config.Printer, a.spool.State()) }
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
		Commune:   a.Config.Commune.Name,
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
	}{c, a.Config.Commune.Name, a.clock().In(kiosk.Zone)})
	if err != nil {
		return 0, err
	}
	return a.spool.Enqueue(ctx, "checklist", p.Code, job)
}

// printerPages is the virtual printer's folder for the admin page.
func (a *App) printerPages() *web.PrinterPages {
	return &web.PrinterPages{Dir: printerVirtualDir(a.Config), Latest: hardware.LatestPages}
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
	if err := hardware.TestPage(ctx, cfg.Printer, os.Stdout, hardware.Options{VirtualDir: printerVirtualDir(cfg)}); err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	return 0
}
