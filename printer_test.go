package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// The app prints a ticket as a step of issuing it: the villager is told "printing" once the
// printer has answered healthy, the virtual printer prints it, and the health page then
// shows nothing queued and no error.
func TestAppPrintsTheTicketItIssues(t *testing.T) {
	app, err := newApp(context.Background(), testConfig(t), kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	at := func() time.Time { return time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone) } // opening hours
	app.DB.Clock, app.spool.Clock = at, at
	notices, stop := app.Broker.Subscribe(64)
	defer stop()
	printer := func(ok func(kiosk.PrinterHealth) bool) {
		t.Helper()
		for {
			select {
			case n := <-notices:
				if h, is := n.Data.(kiosk.PrinterHealth); is && n.Kind == "printer.status" && ok(h) {
					return
				}
			case <-time.After(20 * time.Second):
				t.Fatal("no such printer.status notice")
			}
		}
	}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	printer(func(h kiosk.PrinterHealth) bool { return h.Online })
	res, err := http.Post("http://"+app.Addr()+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"hotich"}`))
	if err != nil {
		t.Fatal(err)
	}
	var is kiosk.Issued
	err = json.NewDecoder(res.Body).Decode(&is)
	res.Body.Close()
	if err != nil || res.StatusCode != 201 || is.Ticket.Code != "A001" || !is.Print.Printing {
		t.Fatalf("issue: %d %+v %v", res.StatusCode, is, err)
	}
	printer(func(h kiosk.PrinterHealth) bool { return h.Queued == 0 && h.Error == "" })
	if pages := app.printer.VirtualPages(); len(pages) != 1 {
		t.Fatalf("%d pages printed", len(pages))
	}
	jobs, err := app.DB.PrintJobs().Recent(context.Background(), 5)
	if err != nil || len(jobs) != 1 || jobs[0].State != "printed" || jobs[0].Kind != kiosk.PrintTicket {
		t.Fatalf("jobs %+v %v", jobs, err)
	}
}
