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
