package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// ticketPrinter stands in for hardware/spool.Tickets: it renders a job naming the ticket
// and counts the wake-ups.
type ticketPrinter struct {
	queued int
	status kiosk.PrintStatus
	fail   bool
	seen   []kiosk.TicketPrint
}

func (p *ticketPrinter) TicketJob(t kiosk.TicketPrint) (kiosk.PrintJob, error) {
	if p.fail {
		return kiosk.PrintJob{}, errors.New("layout broken")
	}
	p.seen = append(p.seen, t)
	return kiosk.PrintJob{Kind: kiosk.PrintTicket, Ref: fmt.Sprint(t.Ticket.ID), Data: []byte(t.Ticket.Code), Reprint: []byte("IN LAI " + t.Ticket.Code)}, nil
}
func (p *ticketPrinter) Queued()                   { p.queued++ }
func (p *ticketPrinter) Status() kiosk.PrintStatus { return p.status }

// The ticket's printout is stored in the ticket's own transaction: a ticket that commits has
// its job, one that does not has none, and the spool is woken only after the commit.
func TestIssueStoresThePrintJobWithTheTicket(t *testing.T) {
	q, clock := newQueue(t)
	ctx := context.Background()
	p := &ticketPrinter{status: kiosk.PrintStatus{Printing: true}}
	q.Printer = p
	jobs := q.DB.PrintJobs()

	is := mustIssue(t, q, "hotich", "elderly")
	if !is.Print.Printing || p.queued != 1 {
		t.Fatalf("print %+v, woken %d times", is.Print, p.queued)
	}
	j, ok, err := jobs.Next(ctx)
	if err != nil || !ok || j.Kind != kiosk.PrintTicket || j.Ref != fmt.Sprint(is.Ticket.ID) || string(j.Data) != "A001" {
		t.Fatalf("job %+v %v %v", j, ok, err)
	}
	if len(p.seen) != 1 || p.seen[0].PriorityName != "Người cao tuổi" || p.seen[0].CounterOpen {
		t.Fatalf("the printer was given %+v", p.seen)
	}

	// A refused number leaves no job behind and wakes nobody.
	clock.Add(12 * time.Hour) // 20:00, closed
	if _, err := q.Issue(ctx, "hotich", ""); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatal(err)
	}
	if n, _ := jobs.Queued(ctx); n != 1 || p.queued != 1 {
		t.Fatalf("%d jobs, woken %d times", n, p.queued)
	}
	clock.Add(-12 * time.Hour)

	// A printout that cannot be rendered does not stop the number; the villager is told.
	p.fail = true
	is = mustIssue(t, q, "hotich", "")
	if is.Ticket.Code != "A002" || is.Print.Printing || is.Print.Message == "" {
		t.Fatalf("%+v", is)
	}
	if n, _ := jobs.Queued(ctx); n != 1 {
		t.Fatalf("%d jobs", n)
	}

	// No printer: the number, and the message to note it.
	q.Printer = nil
	if is := mustIssue(t, q, "hotich", ""); is.Print != kiosk.NoPrinter {
		t.Fatalf("%+v", is.Print)
	}
}

// "Quý vị sẽ được gọi ngay" is promised only when a counter serving the line is open.
func TestIssueSaysWhetherACounterIsOpen(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	if is := mustIssue(t, q, "hotich", ""); is.CounterOpen {
		t.Fatal("no counter is open yet")
	}
	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	if is := mustIssue(t, q, "hotich", ""); !is.CounterOpen {
		t.Fatal("counter 1 serves hotich and is open")
	}
}
