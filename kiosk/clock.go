package kiosk

import "time"

// Zone is Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving. A fixed zone rather than
// time.LoadLocation so a kiosk without tzdata still numbers its days right.
var Zone = time.FixedZone("ICT", 7*60*60)

// Clock returns the current time. Services take one so tests can move time (day
// rollover, opening hours) without sleeping.
type Clock func() time.Time

// SystemClock is the wall clock.
func SystemClock() time.Time { return time.Now() }

// LocalDay returns t's calendar day in Zone as "2006-01-02": the key numbering restarts on.
func LocalDay(t time.Time) string { return t.In(Zone).Format(time.DateOnly) }

// ClockFrom is a clock that reads at when it is made and then runs at the pace of wall:
// `motcua serve` under MOTCUA_CLOCK, so a browser test can put the whole product at a
// chosen day and hour (opening hours, the day's numbering) and still see time pass.
// wall is usually SystemClock, whose readings carry the monotonic clock, so a wall-clock
// step (NTP) does not move this one.
func ClockFrom(at time.Time, wall Clock) Clock {
	start := wall()
	return func() time.Time { return at.Add(wall().Sub(start)) }
}
