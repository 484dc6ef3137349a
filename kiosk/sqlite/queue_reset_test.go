package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// The daily reset: a counter left open and calling at the end of a day starts the next
// day closed, showing no ticket and no clerk, with numbering from 1; its first action of
// the day is an outbox event, and yesterday's ticket is not closed as served.
func TestCountersResetEachDay(t *testing.T) {
	q, clock := newQueue(t) // 08:00
	ctx := context.Background()
	left := mustIssue(t, q, "hotich", "")
	mustIssue(t, q, "hotich", "")
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	clock.Add(16 * time.Hour) // 00:00 next day
	snap, err := q.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := snap.Counters[0]; c.Status != kiosk.CounterClosed || c.Current != nil || c.Staff != nil {
		t.Fatalf("counter 1 on the display after midnight: %+v", c)
	}
	if snap.Services[0].Waiting != 0 || len(snap.Recent) != 0 {
		t.Fatalf("yesterday's queue on the display: %+v %+v", snap.Services[0], snap.Recent)
	}
	clock.Add(8 * time.Hour) // 08:00
	today := mustIssue(t, q, "hotich", "")
	if today.Ticket.Code != "A001" || today.Ahead != 0 {
		t.Fatalf("first ticket of the day %+v", today)
	}
	// Finishing is refused (the counter serves nobody today); calling opens it.
	if _, err := q.Finish(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("finish yesterday's ticket today: %v", err)
	}
	got, err := q.CallNext(ctx, 1, "canbo1")
	if err != nil || got.ID != today.Ticket.ID {
		t.Fatalf("first call of the day %+v %v", got, err)
	}
	old, err := q.Ticket(ctx, left.Ticket.ID)
	if err != nil || old.Status != kiosk.TicketCalled || !old.FinishedAt.IsZero() {
		t.Fatalf("yesterday's called ticket was changed: %+v %v", old, err)
	}
	ev, _ := q.DB.Pending(ctx, 0, 1000)
	resets := 0
	for _, e := range ev {
		if e.Kind == "counter.reset" {
			resets++
		}
	}
	if resets != 1 {
		t.Fatalf("%d counter.reset events, want 1", resets)
	}
	// Yesterday's statistics end at midnight; today's start at the first call.
	st := &StatsService{DB: q.DB}
	y, _ := st.Day(ctx, "2026-11-25")
	if got := y.Counters[1].OpenSeconds; got != 16*3600 {
		t.Fatalf("yesterday open %.0f s, want until midnight", got)
	}
	clock.Add(time.Minute)
	d, _ := st.Day(ctx, "2026-11-26")
	if c := d.Counters[1]; c.OpenSeconds != 60 || c.ClosedSeconds != 0 || len(c.Periods) != 1 || c.Periods[0].Status != kiosk.CounterOpen {
		t.Fatalf("today %+v", c)
	}
}
