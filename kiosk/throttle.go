package kiosk

import (
	"fmt"
	"math"
	"time"
)

// Bucket counts recent events for a throttle and forgets them one at a time (a leaky
// bucket): Level events are not yet forgotten as of At. Successes never empty it, so a
// guesser cannot reset the count by logging in between guesses.
type Bucket struct {
	Level int
	At    time.Time
}

// Drain returns b as of now, one event forgotten per whole leak period since At. A clock
// set back restarts the period at now rather than waiting for the old time to come again.
func (b Bucket) Drain(now time.Time, leak time.Duration) Bucket {
	if b.Level <= 0 || leak <= 0 {
		return Bucket{At: now}
	}
	if now.Before(b.At) {
		return Bucket{Level: b.Level, At: now}
	}
	n := int(now.Sub(b.At) / leak)
	if n >= b.Level {
		return Bucket{At: now}
	}
	return Bucket{Level: b.Level - n, At: b.At.Add(time.Duration(n) * leak)}
}

// Throttle slows repeated failures with growing waits rather than one hard lock: the
// first Free failures go unhindered; the failure that reaches Free makes the next try
// wait Base, each later one twice as long, up to Max; one failure is forgotten every Leak.
type Throttle struct {
	Free      int
	Base, Max time.Duration
	Leak      time.Duration
}

// Login throttles (docs/api.md, "Throttling"). A source address lets fewer failures go
// unhindered than an account, so one LAN client guessing in a burst is made to wait
// before it can make any account wait: it cannot lock the staff out of their own accounts.
var (
	AccountThrottle = Throttle{Free: 5, Base: time.Minute, Max: time.Hour, Leak: time.Hour}
	SourceThrottle  = Throttle{Free: 4, Base: 5 * time.Second, Max: 15 * time.Minute, Leak: 10 * time.Minute}
)

// MaxLevel is where a bucket stops counting: by then the wait is Max already, and a bound
// tells how long an untouched bucket takes to empty (MaxLevel × Leak).
func (t Throttle) MaxLevel() int { return t.Free + 16 }

// Wait is how long to wait after a failure that brought the bucket to level.
func (t Throttle) Wait(level int) time.Duration {
	if level < t.Free {
		return 0
	}
	w := t.Base << min(level-t.Free, 30)
	if w <= 0 || w > t.Max {
		return t.Max
	}
	return w
}

// Left is how many more failures go unhindered at level.
func (t Throttle) Left(level int) int { return max(0, t.Free-level) }

// WaitText says d for people, rounded up: "45 giây" / "45 seconds", "3 phút" / "3 minutes".
func WaitText(d time.Duration) (vi, en string) {
	n, vi, en := int(math.Ceil(d.Minutes())), "phút", "minute"
	if d < time.Minute {
		n, vi, en = max(1, int(math.Ceil(d.Seconds()))), "giây", "second"
	}
	if n != 1 {
		en += "s"
	}
	return fmt.Sprintf("%d %s", n, vi), fmt.Sprintf("%d %s", n, en)
}
