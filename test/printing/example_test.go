package printing_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// Example is the wiring app.go does (printer.go there also maps State to
// kiosk.PrinterHealth): printing is a step of issuing a ticket.
func Example_printingATicket() {
	dataDir, _ := os.MkdirTemp("", "motcua")
	defer os.RemoveAll(dataDir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := kiosk.DefaultConfig()
	cfg.Printer, cfg.DataDir = "virtual:?paper=58", dataDir
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, sqlite.FileName))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	// One clock for the store and the spool (here a fixed one, inside opening hours).
	db.Clock = func() time.Time { return time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone) }

	// At start-up: a bad URI stops here with a clear error.
	p, err := hardware.Open(cfg.Printer, hardware.Options{VirtualDir: filepath.Join(cfg.DataDir, "printed"), Clock: db.Clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	_ = hardware.Preload(hardware.TicketLayout, hardware.ChecklistLayout)
	sp := spool.New(db.PrintJobs(), p)
	sp.Clock = db.Clock
	sp.MaxWait = time.Duration(cfg.PrintMaxWaitMinutes) * time.Minute
	done := make(chan struct{}, 1)
	sp.OnState = func(st spool.State) {
		if st.LastJob > 0 && st.Queued == 0 {
			select {
			case done <- struct{}{}:
			default:
			}
		}
	}
	queue := &sqlite.QueueService{DB: db, Config: cfg.Queue,
		Printer: &spool.Tickets{Spooler: sp, Output: p.Output, Commune: func() string { return cfg.Commune.Name }, KioskID: db.KioskID}}
	// The first status check; the worker does it as soon as it runs.
	if _, err := sp.Drain(ctx); err != nil {
		fmt.Println(err)
		return
	}
	go sp.Run(ctx)

	// Taking a number stores the ticket and its print job in one transaction; the screen
	// says "printing" only because the printer last answered healthy.
	is, err := queue.Issue(ctx, "hotich", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(is.Ticket.Code, is.Print.Printing)
	<-done
	pages, _ := hardware.LatestPages(filepath.Join(cfg.DataDir, "printed"), 5)
	st := sp.State()
	fmt.Println(len(pages), st.Queued, st.LastError == "")
	// Output:
	// A001 true
	// 1 0 true
}
