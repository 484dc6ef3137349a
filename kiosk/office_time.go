package kiosk

import "time"

// Deadlines counts statutory time for the appointment date (hẹn trả): in the office's
// sessions (Hours) of the calendar's working days, with the same-day cutoff. Its zero
// value is not usable; build it with NewDeadlines.
type Deadlines struct {
	Calendar *Calendar
	Hours    Hours
	Cutoff   int // minutes after midnight: same-day procedures received from then count from the next working morning
}

// NewDeadlines returns the deadlines of a calendar and the dossier settings.
func NewDeadlines(cal *Calendar, c DossierConfig) Deadlines {
	return Deadlines{Calendar: cal, Hours: c.Hours(), Cutoff: c.Cutoff()}
}

// maxDays bounds every walk through the calendar: no statutory time runs for 20 years,
// and an office with no session at all must not loop for ever.
const maxDays = 20 * 366

// sessions returns the working sessions of the local day starting at midnight day: none on
// a day the calendar rests. A swapped working Saturday (or Sunday) with no session of its
// own works Monday's hours, the standard working day.
func (d Deadlines) sessions(day time.Time) []span {
	if !d.Calendar.WorkingDay(day) {
		return nil
	}
	days := d.Hours.days()
	list := days[day.Weekday()]
	if wd := day.Weekday(); len(list) == 0 && (wd == time.Saturday || wd == time.Sunday) {
		list = days[time.Monday]
	}
	out := make([]span, 0, len(list))
	for _, s := range list {
		if sp, ok := parseSpan(s); ok {
			out = append(out, sp)
		}
	}
	return out
}

func midnight(t time.Time) time.Time {
	t = t.In(Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
}

func minuteOf(day time.Time, minute int) time.Time {
	return day.Add(time.Duration(minute) * time.Minute)
}

// DayLength is the office time of a standard working day: Monday's sessions (8 hours by
// default). "N working days" is N of them.
func (d Deadlines) DayLength() time.Duration {
	var total int
	days := d.Hours.days()
	for _, s := range days[time.Monday] {
		if sp, ok := parseSpan(s); ok {
			total += sp.to - sp.from
		}
	}
	if total == 0 {
		total = 8 * 60
	}
	return time.Duration(total) * time.Minute
}

// Add returns the instant at which dur of office time has run from t: time outside the
// sessions of working days does not count. With dur 0 it is the moment counting starts
// (t inside a session, else the next session's start: received after hours counts from
// the next working morning). An amount that runs out exactly at a session's end ends
// there ("sau 17 giờ 00"), not at the next session's start.
func (d Deadlines) Add(t time.Time, dur time.Duration) time.Time {
	t = t.In(Zone)
	day := midnight(t)
	for i := 0; i < maxDays; i++ {
		for _, sp := range d.sessions(day) {
			start, end := minuteOf(day, sp.from), minuteOf(day, sp.to)
			if !end.After(t) {
				continue
			}
			if start.Before(t) {
				start = t
			}
			avail := end.Sub(start)
			if dur <= avail {
				return start.Add(dur)
			}
			dur -= avail
		}
		day = day.AddDate(0, 0, 1) // Zone has no daylight saving: every day is 24 hours
	}
	return t.Add(dur) // no session in 20 years: a broken setting, Validate refuses it first
}

// Start is the moment counting starts for something received at t.
func (d Deadlines) Start(t time.Time) time.Time { return d.Add(t, 0) }

// Between returns the office time from from to to (0 when to is not after from).
func (d Deadlines) Between(from, to time.Time) time.Duration {
	var total time.Duration
	if !to.After(from) {
		return 0
	}
	for day, i := midnight(from), 0; day.Before(to) && i < maxDays; day, i = day.AddDate(0, 0, 1), i+1 {
		for _, sp := range d.sessions(day) {
			start, end := minuteOf(day, sp.from), minuteOf(day, sp.to)
			if start.Before(from) {
				start = from
			}
			if end.After(to) {
				end = to
			}
			if end.After(start) {
				total += end.Sub(start)
			}
		}
	}
	return total
}

// EndOfDay returns the end of the last session of t's day (t itself on a day without one).
func (d Deadlines) EndOfDay(t time.Time) time.Time {
	ss := d.sessions(midnight(t))
	if len(ss) == 0 {
		return t
	}
	return minuteOf(midnight(t), ss[len(ss)-1].to)
}

// NextWorkingMorning returns the start of the first session of the first working day
// after t's day.
func (d Deadlines) NextWorkingMorning(t time.Time) time.Time {
	return d.Start(midnight(t).AddDate(0, 0, 1))
}
