package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestDayStats(t *testing.T) {
	q, clock := newQueue(t)
	ctx := context.Background()
	stats := &StatsService{DB: q.DB}
	for i := 0; i < 3; i++ {
		mustIssue(t, q, "hotich", "")
	}
	mustIssue(t, q, "datdai", "")
	clock.Add(10 * time.Minute) // everyone waits 10 minutes
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	q.Start(ctx, 1)
	clock.Add(4 * time.Minute)
	q.Finish(ctx, 1) // served in 4 minutes
	q.CallNext(ctx, 1, "canbo1")
	q.Skip(ctx, 1) // a no-show
	if err := q.Pause(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Add(30 * time.Minute)
	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	clock.Add(6 * time.Minute)

	got, err := stats.Day(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if got.Total.Issued != 4 || got.Total.Served != 1 || got.Total.NoShows != 1 {
		t.Fatalf("total %+v", got.Total)
	}
	a := got.Services["hotich"]
	if a.Issued != 3 || a.ServiceMean != 240 || a.WaitMean != 720 || a.WaitP90 != 840 { // waits of 600 s and 840 s
		t.Fatalf("hotich %+v", a)
	}
	c := got.Counters[1]
	// Open from the first call (08:10) to the pause (08:14), and from 08:44 to now (08:50).
	if c.OpenSeconds != 10*60 || c.PausedSeconds != 30*60 {
		t.Fatalf("counter 1 open %.0f s, paused %.0f s", c.OpenSeconds, c.PausedSeconds)
	}
	if got.Staff["canbo1"].Served != 1 {
		t.Fatalf("staff %+v", got.Staff)
	}
	if _, err := stats.Day(ctx, "25/11/2026"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad day: %v", err)
	}
}

func TestDurationsSummary(t *testing.T) {
	var d kiosk.Durations
	for i := 1; i <= 10; i++ {
		d = append(d, time.Duration(i)*time.Second)
	}
	if d.Mean() != 5.5 || d.P90() != 9 {
		t.Fatalf("mean %v p90 %v", d.Mean(), d.P90())
	}
	if (kiosk.Durations{}).P90() != 0 {
		t.Fatal("empty p90")
	}
}

// When each counter was open, paused and closed: closed time counts from its first
// opening; a counter left open overnight is reset to closed at midnight.
func TestCounterWorkingTimeAndPeriods(t *testing.T) {
	q, clock := newQueue(t) // 08:00
	ctx := context.Background()
	stats := &StatsService{DB: q.DB}
	mustIssue(t, q, "hotich", "")
	clock.Add(10 * time.Minute) // 08:10: the first call opens counter 1
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Finish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Add(2*time.Hour + 50*time.Minute) // 11:00
	if err := q.Close(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Add(2 * time.Hour) // 13:00
	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour) // 14:00

	day1, err := stats.Day(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	c := day1.Counters[1]
	if c.OpenSeconds != (3*60+50)*60 || c.ClosedSeconds != 2*3600 || c.PausedSeconds != 0 {
		t.Fatalf("open %.0f s, closed %.0f s, paused %.0f s", c.OpenSeconds, c.ClosedSeconds, c.PausedSeconds)
	}
	want := []kiosk.CounterStatus{kiosk.CounterOpen, kiosk.CounterClosed, kiosk.CounterOpen}
	if len(c.Periods) != len(want) {
		t.Fatalf("periods %+v", c.Periods)
	}
	for i, p := range c.Periods {
		if p.Status != want[i] || (i > 0 && !p.From.Equal(c.Periods[i-1].To)) {
			t.Fatalf("period %d: %+v", i, p)
		}
	}
	if p := c.Periods[0]; p.From.In(kiosk.Zone).Format("15:04") != "08:10" || p.StaffID != "canbo1" {
		t.Fatalf("first period %+v", p)
	}
	if _, ok := day1.Counters[2]; ok {
		t.Fatal("counter 2 never opened but has working time")
	}

	// Left open overnight: the daily reset closes it at midnight; the next day it has no
	// working time until it opens.
	clock.Add(19 * time.Hour) // 09:00 next day
	day2, err := stats.Day(ctx, "2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	if c2, ok := day2.Counters[1]; ok {
		t.Fatalf("day 2 before opening: %+v", c2)
	}
	// The first day, seen afterwards, ends at midnight.
	day1, _ = stats.Day(ctx, "2026-11-25")
	if got := day1.Counters[1].OpenSeconds; got != (2*60+50)*60+11*3600 {
		t.Fatalf("day 1 afterwards: open %.0f s", got)
	}
}
