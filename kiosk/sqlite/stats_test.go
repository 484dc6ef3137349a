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
