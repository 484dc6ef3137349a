package sqlite

import (
	"context"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// Logging out closes the counter: the clerk's badge leaves the display, the villager
// being served is finished, and other clerks' counters stay as they were.
func TestLogoutClosesTheCounter(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	a1 := mustIssue(t, q, "hotich", "")
	mustIssue(t, q, "datdai", "")
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CallNext(ctx, 2, "canbo2"); err != nil {
		t.Fatal(err)
	}
	if err := q.SignOff(ctx, "canbo1"); err != nil {
		t.Fatal(err)
	}
	st, err := q.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := st.Counters[0], st.Counters[1]
	if c1.Status != kiosk.CounterClosed || c1.Current != nil || c1.Staff != nil {
		t.Fatalf("counter 1 after its clerk logged out: %+v", c1)
	}
	if c2.Status != kiosk.CounterOpen || c2.Current == nil || c2.Staff == nil {
		t.Fatalf("counter 2 changed: %+v", c2)
	}
	if got, _ := q.Ticket(ctx, a1.Ticket.ID); got.Status != kiosk.TicketDone {
		t.Fatalf("the ticket being served at sign-off is %s, want done", got.Status)
	}
	if err := q.SignOff(ctx, "canbo1"); err != nil {
		t.Fatalf("signing off twice: %v", err)
	}
	if err := q.SignOff(ctx, ""); err != nil {
		t.Fatalf("signing off nobody: %v", err)
	}
}
