package kiosk

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// The appointment date (ngày hẹn trả) of a dossier, by the rules a deployed provincial
// calculator applies (shared/domain/dossiers.md):
//
//   - Counting starts when the dossier is received, if inside a session of a working day;
//     received after hours (or at lunch, or on a rest day) it starts at the next session.
//   - Working days (and hours) are office time: N working days is N × DayLength of
//     sessions on working days, so Friday 09:00 + 5 working days is the next Friday 09:00,
//     with holidays and weekends skipped and swapped Saturdays counted.
//   - A same-day procedure (hours, less than a day, or a day the publisher says is "trong
//     ngày") received at or after the cutoff (15:00) counts from the next working morning;
//     a whole same-day one is due at the end of that working day.
//   - Calendar days and months run on the wall clock from the start; a due moment outside
//     the office's sessions moves to the next session (a period ending on a holiday ends on
//     the next working day).
//   - Unit "other", or no time published: the calendar cannot count it (ErrManualAppointment).

// ErrManualAppointment is returned for a time the calendar cannot count: the clerk gives
// the appointment at intake.
var ErrManualAppointment = Invalid("appointment",
	"Thủ tục này không có thời hạn giải quyết tính được theo ngày làm việc. Xin chọn ngày hẹn trả.",
	"the procedure's time cannot be counted; give the appointment")

// statutory returns a processing time's value and unit; ok is false when none is given.
func statutory(pt ProcessingTime) (v float64, unit string, ok bool) {
	switch {
	case pt.Unit != "" && pt.Value != nil:
		return *pt.Value, pt.Unit, pt.Unit != UnitOther
	case pt.WorkingDays != nil:
		return *pt.WorkingDays, UnitWorkingDay, true
	}
	return 0, "", false
}

// SameDay reports whether pt is a same-day procedure, for the cutoff rule: counted in
// hours, under a working day, or one working day the publisher describes as "trong ngày"
// (returned the same day, or the next one when received after 15:00).
func SameDay(pt ProcessingTime) bool {
	v, unit, ok := statutory(pt)
	switch {
	case !ok:
		return false
	case unit == UnitHour:
		return true
	case unit == UnitWorkingDay || unit == UnitDay:
		return v < 1 || (v == 1 && strings.Contains(Fold(pt.Text), "trong ngay"))
	}
	return false
}

// officeCounted reports whether pt runs in office time (working days, hours) rather than
// on the wall clock (calendar days, months, a date the clerk gave).
func officeCounted(pt ProcessingTime) bool {
	_, unit, ok := statutory(pt)
	return ok && (unit == UnitWorkingDay || unit == UnitHour)
}

// Appointment returns when a dossier received at received with statutory time pt is due.
// ErrManualAppointment when the calendar cannot count pt.
func (d Deadlines) Appointment(received time.Time, pt ProcessingTime) (time.Time, error) {
	v, unit, ok := statutory(pt)
	if !ok {
		return time.Time{}, ErrManualAppointment
	}
	start := d.Start(received)
	if SameDay(pt) {
		if s := start.In(Zone); s.Hour()*60+s.Minute() >= d.Cutoff {
			start = d.NextWorkingMorning(start)
		}
		switch {
		case unit == UnitHour:
			return d.Add(start, hours(v)), nil
		case v > 0 && v < 1:
			return d.Add(start, scale(d.DayLength(), v)), nil
		}
		return d.EndOfDay(start), nil
	}
	switch unit {
	case UnitWorkingDay:
		return d.Add(start, scale(d.DayLength(), v)), nil
	case UnitHour:
		return d.Add(start, hours(v)), nil
	case UnitDay:
		whole := math.Floor(v)
		due := start.AddDate(0, 0, int(whole)).Add(scale(24*time.Hour, v-whole))
		return d.Start(due), nil
	case UnitMonth:
		if v != math.Floor(v) {
			return time.Time{}, ErrManualAppointment
		}
		return d.Start(start.AddDate(0, int(v), 0)), nil
	}
	return time.Time{}, ErrManualAppointment
}

// Remaining is the statutory time left at t before appointment: office time for a
// procedure counted in it, wall time otherwise. A supplement request under the "pause"
// rule keeps it, to resume with ResumeAt.
func (d Deadlines) Remaining(pt ProcessingTime, t, appointment time.Time) time.Duration {
	if appointment.IsZero() || !appointment.After(t) {
		return 0
	}
	if officeCounted(pt) {
		return d.Between(t, appointment)
	}
	return appointment.Sub(t)
}

// ResumeAt is the new appointment when a paused clock with left to run starts again at t.
func (d Deadlines) ResumeAt(pt ProcessingTime, t time.Time, left time.Duration) time.Time {
	if officeCounted(pt) {
		return d.Add(t, left)
	}
	return d.Start(d.Start(t).Add(left))
}

// StatutoryText is the statutory time as a receipt states it: "5 ngày làm việc", "4 giờ",
// "30 ngày", "2 tháng", "Trong ngày"; the publisher's own text when the calendar cannot
// count it.
func StatutoryText(pt ProcessingTime) string {
	v, unit, ok := statutory(pt)
	if !ok {
		return pt.Text
	}
	if SameDay(pt) && unit != UnitHour && v == 1 {
		return "Trong ngày"
	}
	n := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
	switch unit {
	case UnitWorkingDay:
		return n + " ngày làm việc"
	case UnitHour:
		return n + " giờ"
	case UnitDay:
		return n + " ngày"
	case UnitMonth:
		return n + " tháng"
	}
	return pt.Text
}

func hours(v float64) time.Duration { return time.Duration(math.Round(v * float64(time.Hour))) }

func scale(unit time.Duration, v float64) time.Duration {
	return time.Duration(math.Round(v * float64(unit)))
}
