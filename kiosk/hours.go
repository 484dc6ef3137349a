package kiosk

import (
	"fmt"
	"strings"
	"time"
)

// Hours is the desk's working week (giờ làm việc): for each weekday, that day's sessions
// in order, each "HH:MM-HH:MM" in Zone, the end excluded ("24:00" ends at midnight). A day
// with no session is closed. Numbers are issued only inside a session, and the kiosk says
// so before anyone taps. Public holidays are not in it: the working-day calendar is to
// close those.
type Hours struct {
	Mon []string `json:"mon"`
	Tue []string `json:"tue"`
	Wed []string `json:"wed"`
	Thu []string `json:"thu"`
	Fri []string `json:"fri"`
	Sat []string `json:"sat"`
	Sun []string `json:"sun"`
}

// DefaultHours is the civil servants' week: Monday to Friday, 07:00–11:30 and
// 13:30–17:00. Saturday is closed: whether a commune opens on Saturday mornings is its own
// configuration (shared/domain/calendar.md), and a kiosk that hands out numbers nobody
// calls is worse than one a clerk has to open.
func DefaultHours() Hours {
	day := func() []string { return []string{"07:00-11:30", "13:30-17:00"} }
	return Hours{Mon: day(), Tue: day(), Wed: day(), Thu: day(), Fri: day()}
}

// AlwaysOpen is every day, all day: what an older config file with an empty "closes"
// meant.
func AlwaysOpen() Hours {
	day := func() []string { return []string{"00:00-24:00"} }
	return Hours{Mon: day(), Tue: day(), Wed: day(), Thu: day(), Fri: day(), Sat: day(), Sun: day()}
}

// weekdays names the days, indexed by time.Weekday; key is the JSON key.
var weekdays = [7]struct{ key, vi, en string }{
	{"sun", "Chủ nhật", "Sunday"},
	{"mon", "Thứ Hai", "Monday"},
	{"tue", "Thứ Ba", "Tuesday"},
	{"wed", "Thứ Tư", "Wednesday"},
	{"thu", "Thứ Năm", "Thursday"},
	{"fri", "Thứ Sáu", "Friday"},
	{"sat", "Thứ Bảy", "Saturday"},
}

// days returns the sessions of each day, indexed by time.Weekday.
func (h *Hours) days() [7][]string {
	return [7][]string{h.Sun, h.Mon, h.Tue, h.Wed, h.Thu, h.Fri, h.Sat}
}

// span is one session in minutes after local midnight, to excluded.
type span struct{ from, to int }

func parseSpan(s string) (span, bool) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return span{}, false
	}
	from, ok1 := parseClockMinute(a, false)
	to, ok2 := parseClockMinute(b, true)
	return span{from, to}, ok1 && ok2 && from < to
}

// parseClockMinute reads "HH:MM" as minutes after midnight; "24:00" only as an end.
func parseClockMinute(s string, end bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	switch {
	case m > 59:
		return 0, false
	case h == 24 && m == 0 && end:
		return 24 * 60, true
	case h > 23:
		return 0, false
	}
	return h*60 + m, true
}

// Validate reports the first session that cannot work, naming it as field.day[i]
// ("queue.hours.sat[0]") with a Vietnamese message that says which day and session.
func (h *Hours) Validate(field string) error {
	days := h.days()
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		prev := -1
		for i, s := range days[d] {
			f := fmt.Sprintf("%s.%s[%d]", field, weekdays[d].key, i)
			sp, ok := parseSpan(s)
			if !ok {
				return Invalid(f,
					fmt.Sprintf("Giờ làm việc %s, buổi %d (%q) phải có dạng 07:00-11:30, giờ mở trước giờ đóng", weekdays[d].vi, i+1, s),
					fmt.Sprintf("%s session %d (%q) must look like 07:00-11:30, opening before closing", weekdays[d].en, i+1, s))
			}
			if sp.from < prev {
				return Invalid(f,
					fmt.Sprintf("Các buổi làm việc %s phải theo thứ tự sáng trước chiều và không chồng lên nhau", weekdays[d].vi),
					fmt.Sprintf("%s sessions must be in order and must not overlap", weekdays[d].en))
			}
			prev = sp.to
		}
	}
	return nil
}

// CutOff returns the hours during which numbers are issued when issuing closes minutes
// before each day's last session ends; a last session shorter than that is dropped. h must
// be valid.
func (h Hours) CutOff(minutes int) Hours {
	if minutes <= 0 {
		return h
	}
	cut := func(day []string) []string {
		if len(day) == 0 {
			return day
		}
		out := append([]string{}, day[:len(day)-1]...)
		sp, _ := parseSpan(day[len(day)-1])
		if sp.to-minutes > sp.from {
			out = append(out, fmt.Sprintf("%02d:%02d-%02d:%02d", sp.from/60, sp.from%60, (sp.to-minutes)/60, (sp.to-minutes)%60))
		}
		return out
	}
	return Hours{Mon: cut(h.Mon), Tue: cut(h.Tue), Wed: cut(h.Wed), Thu: cut(h.Thu), Fri: cut(h.Fri), Sat: cut(h.Sat), Sun: cut(h.Sun)}
}

// HoursStatus is the desk's hours as seen at one moment: what the kiosk shows before
// anyone taps, and why Issue refuses.
type HoursStatus struct {
	Open  bool     `json:"open"`
	Today []string `json:"today"` // today's sessions, "07:00-11:30"
	Week  Hours    `json:"week"`
	// Closes, when open, is the end of the current session.
	Closes time.Time `json:"closes,omitzero"`
	// NextOpen, when closed, is the start of the next session within a week; zero when the
	// week has none.
	NextOpen time.Time `json:"next_open,omitzero"`
}

// At says whether the desk is open at t and when that changes. h must be valid.
func (h Hours) At(t time.Time) HoursStatus {
	t = t.In(Zone)
	days := h.days()
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
	now := t.Hour()*60 + t.Minute()
	st := HoursStatus{Today: append([]string{}, days[t.Weekday()]...), Week: h}
	minutes := func(m int) time.Duration { return time.Duration(m) * time.Minute }
	for _, s := range st.Today {
		if sp, _ := parseSpan(s); sp.from <= now && now < sp.to {
			st.Open, st.Closes = true, midnight.Add(minutes(sp.to))
			return st
		}
	}
	// Zone has no daylight saving, so a day is always 24 hours and AddDate is exact.
	for d := 0; d <= 7; d++ {
		day := midnight.AddDate(0, 0, d)
		for _, s := range days[day.Weekday()] {
			if sp, _ := parseSpan(s); d > 0 || sp.from > now {
				st.NextOpen = day.Add(minutes(sp.from))
				return st
			}
		}
	}
	return st
}

// Refusal is the error for taking a number when the desk is closed: it gives today's
// hours and when to come back, in words a villager reads on the kiosk.
func (s HoursStatus) Refusal() error {
	vi, en := "Hôm nay không làm việc.", "The desk is closed today."
	if len(s.Today) > 0 {
		today := strings.ReplaceAll(strings.Join(s.Today, ", "), "-", "–")
		vi, en = "Giờ làm việc hôm nay: "+today+".", "Today's hours: "+today+"."
	}
	if !s.NextOpen.IsZero() {
		n := s.NextOpen.In(Zone)
		vi += fmt.Sprintf(" Xin mời quý vị quay lại lúc %s %s %s.", n.Format("15:04"), weekdays[n.Weekday()].vi, n.Format("02/01"))
		en += fmt.Sprintf(" Please come back at %s on %s %s.", n.Format("15:04"), weekdays[n.Weekday()].en, n.Format("02/01"))
	}
	return Errorf(ECONFLICT, "Ngoài giờ làm việc, kiosk không cấp số. "+vi, "Numbers are issued only during working hours. "+en)
}
