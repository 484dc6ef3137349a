package spool_test

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

// Example is the wiring app.go does (see printer.go there, which also maps State to
// kiosk.PrinterHealth).
func Example() {
	dataDir, _ := os.MkdirTemp("", "motcua")
	defer os.RemoveAll(dataDir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := kiosk.Config{Printer: "virtual:?paper=58", DataDir: dataDir}
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, sqlite.FileName))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	broker := kiosk.NewBroker()

	// At start-up: a bad URI stops here with a clear error.
	p, err := hardware.Open(cfg.Printer, hardware.Options{VirtualDir: filepath.Join(cfg.DataDir, "printed")})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	_ = hardware.Preload(hardware.TicketLayout, hardware.ReceiptLayout)
	sp := spool.New(db.PrintJobs(), p)
	done := make(chan struct{}, 1)
	sp.OnState = func(st spool.State) {
		broker.Publish(kiosk.Notice{Kind: "printer.status", Data: st}) // the app maps State to kiosk.PrinterHealth (printer.go)
		if st.LastJob > 0 && st.Queued == 0 {
			select {
			case done <- struct{}{}:
			default:
			}
		}
	}
	go sp.Run(ctx)

	// Issuing a ticket: the number is already committed; printing never blocks it.
	job, err := p.Encode(hardware.TicketLayout, hardware.Ticket{
		Commune: "UBND xã Hòa An", Service: "Hộ tịch", Number: "A001",
		IssuedAt: time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone), Ahead: 0,
		LookupURL: "https://hoaan.example.vn/t/A001",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sp.Enqueue(ctx, "ticket", "A001", job); err != nil {
		fmt.Println(err)
		return
	}
	if !sp.State().Status.Ready() && sp.State().Status.Known {
		fmt.Println("show the number large: ", sp.State().Status.Problem())
	}
	<-done
	pages, _ := hardware.LatestPages(filepath.Join(cfg.DataDir, "printed"), 5)
	st := sp.State()
	fmt.Println(len(pages), st.Status.Known && st.Status.Online, st.Queued, st.Status.Problem() == "" && st.LastError == "")
	// Output: 1 true 0 true
}
