package spool

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/kiosk"
)

// Tickets is the kiosk.TicketPrinter the queue issues through: it renders a ticket (and its
// IN LẠI reprint) with the ticket layout for this printer, wakes the spooler once the
// ticket commits, and tells the villager what the spooler last heard from the printer.
//
// The printer, the commune and the kiosk id are read at each ticket, since the first-run
// setup changes them while the kiosk runs.
type Tickets struct {
	Spooler *Spooler
	Output  func() hardware.Output // the printer's (Printer.Output)
	Layout  *hardware.Layout       // nil: hardware.TicketLayout
	Commune func() string          // heads the ticket
	KioskID func() string          // in the QR code (kiosk.TicketLookupCode)
	Logger  *slog.Logger           // nil: slog.Default()
}

// TicketJob renders t for the spool.
func (p *Tickets) TicketJob(t kiosk.TicketPrint) (kiosk.PrintJob, error) {
	data, reprint, err := hardware.TicketJob(p.Layout, hardware.Ticket{
		Commune:     p.Commune(),
		Service:     t.Service,
		Number:      t.Ticket.Code,
		Priority:    t.PriorityName,
		IssuedAt:    t.Ticket.IssuedAt.In(kiosk.Zone),
		Ahead:       t.Ahead,
		Wait:        time.Duration(t.WaitMinutes) * time.Minute,
		CounterOpen: t.CounterOpen,
		LookupURL:   kiosk.TicketLookupCode(p.KioskID(), t.Ticket),
	}, p.Output())
	if err != nil {
		err = fmt.Errorf("render ticket %s: %w", t.Ticket.Code, err)
		logger := p.Logger
		if logger == nil {
			logger = slog.Default()
		}
		logger.Error("ticket not printed", "ticket", t.Ticket.Code, "err", err)
		return kiosk.PrintJob{}, err
	}
	return kiosk.PrintJob{Kind: kiosk.PrintTicket, Ref: strconv.FormatInt(t.Ticket.ID, 10), Data: data, Reprint: reprint}, nil
}

// Queued wakes the spooler: the ticket and its job have committed.
func (p *Tickets) Queued() { p.Spooler.Kick() }

// Status tells the villager what the spooler knows now.
func (p *Tickets) Status() kiosk.PrintStatus { return Tell(p.Spooler.State()) }

// Tell says what a villager who just took a number is told about its printout: "printing"
// only when the printer's last answer was healthy; otherwise what is wrong, and to note or
// photograph the number on the screen.
func Tell(st State) kiosk.PrintStatus {
	vi, en, ok := Trouble(st)
	if ok {
		return kiosk.PrintStatus{Printing: true, Message: "Phiếu đang được in bên dưới màn hình.", MessageEN: "Your ticket is printing below the screen."}
	}
	return kiosk.PrintStatus{
		Message:   vi + " Xin quý vị ghi nhớ hoặc chụp lại số thứ tự trên màn hình; cán bộ sẽ gọi theo số này.",
		MessageEN: en + " Please remember or photograph the number on the screen; you will be called by it.",
	}
}

// Trouble says in words what keeps the printer from printing now, or ok when its last
// answer was healthy: what any screen may promise about a printout rests on it.
func Trouble(st State) (vi, en string, ok bool) {
	s := st.Status
	if s.Ready() && st.LastError == "" {
		return "", "", true
	}
	vi, en = "Máy in chưa in được.", "The printer cannot print right now."
	switch {
	case !s.Known:
		vi, en = "Máy in không trả lời (tắt nguồn hoặc mất kết nối).", "The printer is not answering (switched off or disconnected)."
	case s.PaperEnd:
		vi, en = "Máy in hết giấy.", "The printer is out of paper."
	case s.CoverOpen:
		vi, en = "Máy in đang mở nắp.", "The printer's cover is open."
	case s.Error:
		vi, en = "Máy in đang báo lỗi.", "The printer reports an error."
	case !s.Online:
		vi, en = "Máy in đang ngoại tuyến.", "The printer is offline."
	}
	return vi, en, false
}
