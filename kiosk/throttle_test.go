package kiosk

import (
	"testing"
	"time"
)

func TestBucketForgetsOneFailurePerLeak(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, Zone)
	b := Bucket{Level: 3, At: t0}
	for _, c := range []struct {
		after time.Duration
		level int
	}{{0, 3}, {59 * time.Minute, 3}, {time.Hour, 2}, {150 * time.Minute, 1}, {3 * time.Hour, 0}, {-time.Hour, 3}} {
		if got := b.Drain(t0.Add(c.after), time.Hour); got.Level != c.level {
			t.Errorf("after %v: level %d, want %d", c.after, got.Level, c.level)
		}
	}
	// Partial leaks keep the remainder of the period: 2h30 then 30 more minutes is 3h.
	if got := b.Drain(t0.Add(150*time.Minute), time.Hour).Drain(t0.Add(3*time.Hour), time.Hour); got.Level != 0 {
		t.Errorf("drained in two steps: %d", got.Level)
	}
}

func TestThrottleWaitsGrowUpToTheirCap(t *testing.T) {
	th := Throttle{Free: 5, Base: time.Minute, Max: time.Hour, Leak: time.Hour}
	want := map[int]time.Duration{0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 8: 8 * time.Minute, 11: time.Hour, th.MaxLevel(): time.Hour, 99: time.Hour}
	for level, w := range want {
		if got := th.Wait(level); got != w {
			t.Errorf("Wait(%d) = %v, want %v", level, got, w)
		}
	}
	if th.Left(3) != 2 || th.Left(7) != 0 {
		t.Errorf("Left(3) = %d, Left(7) = %d", th.Left(3), th.Left(7))
	}
	if SourceThrottle.Free >= AccountThrottle.Free {
		t.Error("one client alone must be made to wait before it can make an account wait")
	}
}

func TestWaitText(t *testing.T) {
	for d, want := range map[time.Duration][2]string{
		time.Second: {"1 giây", "1 second"}, 4500 * time.Millisecond: {"5 giây", "5 seconds"},
		time.Minute: {"1 phút", "1 minute"}, 61 * time.Second: {"2 phút", "2 minutes"},
	} {
		if vi, en := WaitText(d); vi != want[0] || en != want[1] {
			t.Errorf("WaitText(%v) = %q, %q", d, vi, en)
		}
	}
}
