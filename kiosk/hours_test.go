package kiosk

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// A commune open Monday to Friday with a lunch break and on Saturday mornings. The dates
// are December 2026: the 1st is a Tuesday, the 5th a Saturday, the 7th a Monday.
func communeWeek() Hours {
	h := DefaultHours()
	h.Sat = []string{"07:30-11:30"}
	return h
}

func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, Zone) }

func TestHoursAt(t *testing.T) {
	cases := []struct {
		name     string
		t        time.Time
		open     bool
		closes   time.Time // when open
		nextOpen time.Time // when closed
		today    int       // sessions today
	}{
		{"Tuesday before opening", at(1, 6, 59), false, time.Time{}, at(1, 7, 0), 2},
		{"Tuesday at opening", at(1, 7, 0), true, at(1, 11, 30), time.Time{}, 2},
		{"Wednesday mid-morning", at(2, 9, 0), true, at(2, 11, 30), time.Time{}, 2},
		{"last minute of the morning", at(2, 11, 29), true, at(2, 11, 30), time.Time{}, 2},
		{"lunch break starts at 11:30", at(2, 11, 30), false, time.Time{}, at(2, 13, 30), 2},
		{"lunch break", at(2, 12, 15), false, time.Time{}, at(2, 13, 30), 2},
		{"afternoon", at(2, 13, 30), true, at(2, 17, 0), time.Time{}, 2},
		{"Wednesday evening", at(2, 20, 0), false, time.Time{}, at(3, 7, 0), 2},
		{"Friday after hours: Saturday morning next", at(4, 17, 0), false, time.Time{}, at(5, 7, 30), 2},
		{"Saturday before its later opening", at(5, 7, 15), false, time.Time{}, at(5, 7, 30), 1},
		{"Saturday morning", at(5, 10, 0), true, at(5, 11, 30), time.Time{}, 1},
		{"Saturday afternoon: Monday next", at(5, 14, 0), false, time.Time{}, at(7, 7, 0), 1},
		{"Sunday: closed all day", at(6, 10, 0), false, time.Time{}, at(7, 7, 0), 0},
		{"an instant given in UTC is judged in Vietnam", time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC), true, at(2, 11, 30), time.Time{}, 2},
		{"23:00 UTC on Sunday is 06:00 Monday in Vietnam", time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC), false, time.Time{}, at(7, 7, 0), 2},
	}
	h := communeWeek()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := h.At(c.t)
			if st.Open != c.open || !st.Closes.Equal(c.closes) || !st.NextOpen.Equal(c.nextOpen) || len(st.Today) != c.today {
				t.Fatalf("At(%v) = open %v, closes %v, next %v, today %v; want %v, %v, %v, %d sessions",
					c.t.In(Zone), st.Open, st.Closes, st.NextOpen, st.Today, c.open, c.closes, c.nextOpen, c.today)
			}
		})
	}
}

func TestHoursAtEdges(t *testing.T) {
	// Open one day a week: after it, the next opening is a week on.
	only := Hours{Wed: []string{"08:00-10:00"}}
	if st := only.At(at(2, 10, 0)); st.Open || !st.NextOpen.Equal(at(9, 8, 0)) {
		t.Fatalf("once a week, after it: %+v", st)
	}
	// Never open: closed, with no next opening.
	if st := (Hours{}).At(at(2, 10, 0)); st.Open || !st.NextOpen.IsZero() || st.Today == nil {
		t.Fatalf("never open: %+v", st)
	}
	// "24:00" ends at midnight: open at 23:59, the session ends at the next day's start.
	all := AlwaysOpen()
	if st := all.At(at(6, 23, 59)); !st.Open || !st.Closes.Equal(at(7, 0, 0)) {
		t.Fatalf("always open at 23:59: %+v", st)
	}
}

func TestHoursValidate(t *testing.T) {
	good := communeWeek()
	if err := good.Validate("queue.hours"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		hours Hours
		field string
		vi    string // part of the Vietnamese message
	}{
		{"not a span", Hours{Sat: []string{"sáng"}}, "queue.hours.sat[0]", "Thứ Bảy, buổi 1"},
		{"hour past 23", Hours{Mon: []string{"07:00-25:00"}}, "queue.hours.mon[0]", "Thứ Hai"},
		{"24:00 as an opening", Hours{Mon: []string{"24:00-24:00"}}, "queue.hours.mon[0]", "Thứ Hai"},
		{"closing before opening", Hours{Tue: []string{"11:30-07:00"}}, "queue.hours.tue[0]", "giờ mở trước giờ đóng"},
		{"one digit hour", Hours{Fri: []string{"7:00-11:30"}}, "queue.hours.fri[0]", "07:00-11:30"},
		{"en dash", Hours{Fri: []string{"07:00–11:30"}}, "queue.hours.fri[0]", "Thứ Sáu"},
		{"afternoon before morning", Hours{Wed: []string{"13:30-17:00", "07:00-11:30"}}, "queue.hours.wed[1]", "không chồng lên nhau"},
		{"overlapping", Hours{Thu: []string{"07:00-12:00", "11:30-17:00"}}, "queue.hours.thu[1]", "Thứ Năm"},
		{"Sunday named", Hours{Sun: []string{"x"}}, "queue.hours.sun[0]", "Chủ nhật"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.hours.Validate("queue.hours")
			e := ErrorOf(err)
			if ErrorCode(err) != EINVALID || e.Field != c.field || !strings.Contains(e.Message, c.vi) {
				t.Fatalf("err = %v (field %q, message %q); want field %q and a message with %q", err, e.Field, e.Message, c.field, c.vi)
			}
		})
	}
}

func TestRefusalSaysTodaysHoursAndWhenToComeBack(t *testing.T) {
	h := communeWeek()
	e := ErrorOf(h.At(at(2, 12, 0)).Refusal())
	if e.Code != ECONFLICT {
		t.Fatal(e)
	}
	for _, want := range []string{"Ngoài giờ làm việc", "07:00–11:30, 13:30–17:00", "13:30 Thứ Tư 02/12"} {
		if !strings.Contains(e.Message, want) {
			t.Errorf("message %q lacks %q", e.Message, want)
		}
	}
	e = ErrorOf(h.At(at(6, 9, 0)).Refusal())
	if !strings.Contains(e.Message, "Hôm nay không làm việc") || !strings.Contains(e.Message, "07:00 Thứ Hai 07/12") {
		t.Errorf("Sunday: %q", e.Message)
	}
}

func TestQueueConfigHours(t *testing.T) {
	def := DefaultQueueConfig()
	if st := def.HoursAt(at(5, 9, 0)); st.Open {
		t.Error("the default week opens on Saturday")
	}
	if st := def.HoursAt(at(2, 12, 0)); st.Open || !st.NextOpen.Equal(at(2, 13, 30)) {
		t.Errorf("the default week has no lunch break: %+v", st)
	}
	// An older file: one span every day, Sunday included, as it was.
	q := DefaultQueueConfig()
	q.Opens, q.Closes = "07:00", "17:00"
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	if !q.HoursAt(at(6, 12, 0)).Open || q.HoursAt(at(6, 17, 0)).Open {
		t.Error("opens/closes 07:00–17:00 is not every day 07:00–17:00")
	}
	// An empty closes meant any hour.
	q.Opens, q.Closes = "07:00", ""
	if !q.HoursAt(at(6, 3, 0)).Open {
		t.Error(`closes "" is not any hour`)
	}
	// Both ways at once: refused, naming the old field.
	both := DefaultQueueConfig()
	week := communeWeek()
	both.Hours, both.Opens = &week, "07:00"
	if err := both.Validate(); ErrorOf(err).Field != "queue.opens" {
		t.Errorf("hours and opens together: %v", err)
	}
	inverted := DefaultQueueConfig()
	inverted.Opens, inverted.Closes = "17:00", "07:00"
	if err := inverted.Validate(); ErrorOf(err).Field != "queue.opens" {
		t.Errorf("opens after closes: %v", err)
	}
}

// A config file written before hours were per weekday still loads, and one with the new
// "hours" key reads every day it lists; a misspelt day is refused.
func TestConfigFileHours(t *testing.T) {
	old := DefaultConfig()
	if err := DecodeStrict(strings.NewReader(`{"queue": {"opens": "07:30", "closes": "16:30"}}`), &old); err != nil {
		t.Fatal(err)
	}
	if err := old.Validate(); err != nil {
		t.Fatalf("older file: %v", err)
	}
	if st := old.Queue.HoursAt(at(2, 16, 0)); !st.Open || !st.Closes.Equal(at(2, 16, 30)) {
		t.Errorf("older file: %+v", st)
	}
	c := DefaultConfig()
	body := `{"queue": {"hours": {"mon": ["07:00-11:30", "13:30-17:00"], "sat": ["07:30-11:30"]}}}`
	if err := DecodeStrict(strings.NewReader(body), &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !c.Queue.HoursAt(at(5, 8, 0)).Open || c.Queue.HoursAt(at(1, 8, 0)).Open {
		t.Error("hours: Saturday morning open, Tuesday (not listed) closed")
	}
	bad := DefaultConfig()
	if err := DecodeStrict(bytes.NewReader([]byte(`{"queue": {"hours": {"thu7": []}}}`)), &bad); err == nil {
		t.Error("an unknown day key was accepted")
	}
}

// Issuing closes the cut-off before each day's last session ends, not before lunch; a last
// session shorter than the cut-off is dropped.
func TestHoursCutOff(t *testing.T) {
	h := DefaultHours()
	h.Sat = []string{"07:30-07:50"}
	got := h.CutOff(30)
	if !slices.Equal(got.Mon, []string{"07:00-11:30", "13:30-16:30"}) || len(got.Sat) != 0 || len(got.Sun) != 0 {
		t.Fatalf("cut %+v", got)
	}
	q := DefaultQueueConfig()
	q.IssueCutoffMinutes = 30
	mon := time.Date(2026, 11, 23, 16, 40, 0, 0, Zone)
	if st := q.HoursAt(mon); st.Open || st.NextOpen.Hour() != 7 {
		t.Errorf("16:40 with a 30-minute cut-off: %+v", st)
	}
	if st := q.HoursAt(mon.Add(-20 * time.Minute)); !st.Open || st.Closes.Format("15:04") != "16:30" {
		t.Errorf("16:20: %+v", st)
	}
	q.IssueCutoffMinutes = 300
	if e := ErrorOf(q.Validate()); e.Field != "queue.issue_cutoff_minutes" {
		t.Errorf("300 minutes: %v", e)
	}
}
