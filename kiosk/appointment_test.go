package kiosk

import (
	"context"
	"testing"
	"time"
)

func wd(n float64) ProcessingTime {
	return ProcessingTime{WorkingDays: &n, Value: &n, Unit: UnitWorkingDay, Text: "ngày làm việc"}
}

func unitTime(n float64, unit, text string) ProcessingTime {
	return ProcessingTime{Value: &n, Unit: unit, Text: text}
}

// sameDay is how the catalog writes a chứng thực: one working day, "trong ngày".
var sameDay = func() ProcessingTime {
	p := wd(1)
	p.Text = "Trong ngày cơ quan tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ."
	return p
}()

func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// Appointments across Tết 2026 and Tết 2027, each checked by hand against holidays.json
// (shared/data): 2026's break 14–22/02 (16–20/02 days off), the swapped Saturday 10/01/2026,
// Hùng Kings' day on Sunday 26/04 made up on Monday 27/04, 30/04 and 01/05; in 2027 the file
// lists only mùng 1–3 (06–08/02, Saturday to Monday, no make-up announced) and 01/05 on a
// Saturday made up on Monday 03/05. Office hours are the defaults, 07:00–11:30 and
// 13:30–17:00, a working day is 8 hours.
func TestAppointmentAcrossTet(t *testing.T) {
	d := NewDeadlines(DefaultCalendar(), DossierConfig{})
	cases := []struct {
		name     string
		received string
		pt       ProcessingTime
		want     string
	}{
		// Thu 12/02 09:00–17:00 is 6 h, Fri 13/02 8 h; Tết closes 16–20/02; Mon 23, Tue 24, Wed 25
		// 8 h each bring 38 h; the last 2 h end Thu 26/02 09:00.
		{"5 working days over Tết 2026", "2026-02-12 09:00", wd(5), "2026-02-26 09:00"},
		{"1 working day from the last afternoon before Tết", "2026-02-13 16:00", wd(1), "2026-02-23 16:00"},
		{"received on the Saturday of the break: counted from Monday 23/02", "2026-02-14 08:00", wd(3), "2026-02-25 17:00"},
		{"same-day, received after 15:00 on the Friday before Tết", "2026-02-13 15:30", sameDay, "2026-02-23 17:00"},
		{"same-day, received in the morning", "2026-02-13 10:00", sameDay, "2026-02-13 17:00"},
		{"same-day at 15:00 sharp is after the cutoff", "2026-02-12 15:00", sameDay, "2026-02-13 17:00"},
		{"4 hours at 15:00 on the Friday before Tết", "2026-02-13 15:00", unitTime(4, UnitHour, "04 giờ"), "2026-02-23 11:00"},
		{"2 hours across lunch", "2026-02-12 10:30", unitTime(2, UnitHour, "02 giờ"), "2026-02-12 14:30"},
		{"15 calendar days ending on the break's Saturday move to Monday", "2026-02-06 09:00", unitTime(15, UnitDay, "15 ngày"), "2026-02-23 07:00"},
		{"half a working day", "2026-02-13 14:00", unitTime(0.5, UnitWorkingDay, "0,5 ngày làm việc"), "2026-02-23 08:00"},
		{"New Year 2026: 01/01 and the swapped 02/01 off", "2025-12-31 09:00", wd(2), "2026-01-06 09:00"},
		{"the swapped Saturday 10/01/2026 is a working day", "2026-01-09 09:00", wd(1), "2026-01-10 09:00"},
		{"Hùng Kings' make-up, 30/04 and 01/05 2026", "2026-04-24 10:00", wd(3), "2026-05-04 10:00"},
		{"Tết 2027 as holidays.json lists it: only Monday 08/02 closes a working day", "2027-02-04 09:00", wd(3), "2027-02-10 09:00"},
		{"01/05/2027 on a Saturday made up on Monday 03/05", "2027-04-29 14:00", wd(2), "2027-05-05 14:00"},
		{"the worked example of dossiers.md: Friday 27/10/2023 + 5 working days", "2023-10-27 09:00", wd(5), "2023-11-03 09:00"},
		{"received after hours counts from the next working morning", "2026-03-02 17:30", wd(1), "2026-03-03 17:00"},
		// Mon 13:30–17:00 is 3.5 h, Tuesday's morning session the other 4.5 h: due at its end.
		{"received at lunch counts from the afternoon session", "2026-03-02 12:00", wd(1), "2026-03-03 11:30"},
		{"2 months", "2026-03-02 09:00", unitTime(2, UnitMonth, "02 tháng"), "2026-05-04 07:00"},
	}
	for _, c := range cases {
		got, err := d.Appointment(local(c.received), c.pt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if g := got.In(Zone).Format("2006-01-02 15:04"); g != c.want {
			t.Errorf("%s: received %s → %s, want %s", c.name, c.received, g, c.want)
		}
	}
}

// A year no bundle lists is computed: Tết 2027 by the Labour Code is the last day of the
// lunar year (Fri 05/02) and mùng 1–4 (06–09/02), the Saturday and Sunday among them made
// up on Wed 10 and Thu 11; work resumes Friday 12/02. For 2026 the computation gives the
// very days the government announced.
func TestComputedTet(t *testing.T) {
	none, err := NewCalendar(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDeadlines(none, DossierConfig{})
	got, _ := d.Appointment(local("2027-02-04 09:00"), wd(3))
	if g := got.Format("2006-01-02 15:04"); g != "2027-02-16 09:00" {
		t.Errorf("computed Tết 2027: %s, want 2027-02-16 09:00", g)
	}
	for day := local("2027-02-05 00:00"); day.Before(local("2027-02-12 00:00")); day = day.AddDate(0, 0, 1) {
		if none.WorkingDay(day) {
			t.Errorf("computed 2027: %s works", day.Format(time.DateOnly))
		}
	}
	if !none.WorkingDay(local("2027-02-12 00:00")) {
		t.Error("computed 2027: Friday 12/02 rests")
	}
	bundled := DefaultCalendar()
	for day := local("2026-01-01 00:00"); day.Year() == 2026; day = day.AddDate(0, 0, 1) {
		if day.Month() == time.February || day.Month() == time.April && day.Day() >= 26 || day.Month() == time.May && day.Day() == 1 {
			if bundled.WorkingDay(day) != none.WorkingDay(day) {
				t.Errorf("%s: computed %v, announced %v", day.Format(time.DateOnly), none.WorkingDay(day), bundled.WorkingDay(day))
			}
		}
	}
	// 24/11/2026 is listed as planned (day_off null): it changes nothing.
	if !bundled.WorkingDay(local("2026-11-24 00:00")) {
		t.Error("24/11/2026, not yet law, closes the office")
	}
}

// The supplement clock: paused, the office time left resumes when the documents come;
// restarted, the whole time runs again.
func TestSupplementClock(t *testing.T) {
	d := NewDeadlines(DefaultCalendar(), DossierConfig{})
	pt := wd(5)
	appt, _ := d.Appointment(local("2026-03-02 09:00"), pt)
	if g := appt.Format("2006-01-02 15:04"); g != "2026-03-09 09:00" {
		t.Fatalf("appointment %s", g)
	}
	left := d.Remaining(pt, local("2026-03-04 09:00"), appt)
	if left != 24*time.Hour {
		t.Fatalf("left %s, want 3 working days (24h of office time)", left)
	}
	// Tue 10/03 14:00–17:00 is 3 h, Wed and Thu 16 h, Friday's last 5 h end at 14:00.
	if g := d.ResumeAt(pt, local("2026-03-10 14:00"), left).Format("2006-01-02 15:04"); g != "2026-03-13 14:00" {
		t.Errorf("resumed: %s, want 2026-03-13 14:00", g)
	}
	restarted, _ := d.Appointment(local("2026-03-10 14:00"), pt)
	if g := restarted.Format("2006-01-02 15:04"); g != "2026-03-17 14:00" {
		t.Errorf("restarted: %s, want 2026-03-17 14:00", g)
	}
}

// A time the calendar cannot count asks the clerk for the date; Between and Add agree.
func TestAppointmentEdges(t *testing.T) {
	d := NewDeadlines(DefaultCalendar(), DossierConfig{})
	for _, pt := range []ProcessingTime{{Text: "Theo quy trình do UBND cấp tỉnh công bố"}, unitTime(3, UnitOther, "khác"), unitTime(1.5, UnitMonth, "1,5 tháng")} {
		if _, err := d.Appointment(local("2026-03-02 09:00"), pt); err != ErrManualAppointment {
			t.Errorf("%+v: %v, want the manual appointment", pt, err)
		}
	}
	from := local("2026-02-12 09:00")
	for _, h := range []int{0, 1, 6, 7, 8, 14, 40, 200} {
		to := d.Add(from, time.Duration(h)*time.Hour)
		if got := d.Between(from, to); got != time.Duration(h)*time.Hour {
			t.Errorf("Between(from, Add(from, %dh)) = %s", h, got)
		}
	}
	// A Saturday opening in the hall's hours does not make Saturday a working day.
	sat := DefaultHours()
	sat.Sat = []string{"07:00-11:30"}
	d2 := NewDeadlines(DefaultCalendar(), DossierConfig{OfficeHours: &sat})
	got, _ := d2.Appointment(local("2026-03-06 16:00"), wd(1))
	if g := got.Format("2006-01-02 15:04"); g != "2026-03-09 16:00" {
		t.Errorf("with Saturday hours: %s, want Monday 16:00", g)
	}
	// A cutoff of 16:00 keeps 15:30 on the same day.
	d3 := NewDeadlines(DefaultCalendar(), DossierConfig{SameDayCutoff: "16:00"})
	got, _ = d3.Appointment(local("2026-03-06 15:30"), sameDay)
	if g := got.Format("2006-01-02 15:04"); g != "2026-03-06 17:00" {
		t.Errorf("cutoff 16:00: %s", g)
	}
}

// The holidays bundle is checked whole: a bad entry is refused naming it, and nothing
// is applied.
func TestHolidaysBundle(t *testing.T) {
	store := &memHolidays{}
	bad := []string{
		`[{"date":"2026-13-01","name":"x","kind":"holiday","day_off":true}]`,
		`[{"date":"2026-01-01","name":"x","kind":"party","day_off":true}]`,
		`[{"date":"2026-01-01","name":"x","kind":"workday_swap","day_off":null}]`,
		`[{"date":"2026-01-01","name":"x","kind":"holiday","day_off":false}]`,
		`[{"date":"2026-01-01","name":"","kind":"holiday","day_off":true}]`,
		`[{"date":"2026-01-01","name":"x","kind":"holiday","day_off":true},{"date":"2026-01-01","name":"y","kind":"holiday","day_off":true}]`,
		`[{"date":"2026-01-01","name":"x","kind":"holiday","day_off":true,"colour":"red"}]`,
		`{"date":"2026-01-01"}`,
	}
	for _, b := range bad {
		if _, err := ApplyHolidaysBundle(t.Context(), store, []byte(b)); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", b, err)
		}
	}
	if store.days != nil {
		t.Fatal("a refused bundle reached the store")
	}
	cal, err := ApplyHolidaysBundle(t.Context(), store, defaultHolidays)
	if err != nil {
		t.Fatal(err)
	}
	if len(store.days) != 27 || len(cal.Years()) != 2 || len(cal.Year(2026)) != 16 {
		t.Fatalf("applied %d days, years %v, %d in force in 2026", len(store.days), cal.Years(), len(cal.Year(2026)))
	}
}

type memHolidays struct{ days []CalendarDay }

func (m *memHolidays) SetHolidays(_ context.Context, days []CalendarDay) error {
	m.days = days
	return nil
}

func TestStatutoryText(t *testing.T) {
	for want, pt := range map[string]ProcessingTime{
		"5 ngày làm việc":   wd(5),
		"0,5 ngày làm việc": unitTime(0.5, UnitWorkingDay, ""),
		"4 giờ":             unitTime(4, UnitHour, ""),
		"30 ngày":           unitTime(30, UnitDay, ""),
		"Trong ngày":        sameDay,
		"Theo quy trình":    {Text: "Theo quy trình"},
	} {
		if got := StatutoryText(pt); got != want {
			t.Errorf("StatutoryText(%+v) = %q, want %q", pt, got, want)
		}
	}
}
