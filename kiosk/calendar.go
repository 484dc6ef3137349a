package kiosk

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// The working-day calendar: which days the office works. A weekday works and a Saturday or
// Sunday rests, unless the holiday calendar says otherwise. The calendar comes from the
// province's "holidays" bundle, exact for every year it lists (holidays, make-up days off
// and swapped working Saturdays as the government announced them); a year it does not
// list is computed from the Labour Code (computedHolidays), so a kiosk offline in a new
// year still counts sensible dates. Everything is in Zone.

// Calendar entry kinds, as holidays.json writes them.
const (
	HolidayKind      = "holiday"      // a public holiday (ngày lễ, tết)
	CompensatoryKind = "compensatory" // a day off making up for a holiday on a weekly rest day (nghỉ bù)
	SwapKind         = "workday_swap" // a day off swapped for a Saturday worked, or that Saturday (hoán đổi, làm bù)
)

// CalendarDay is one entry of the holiday calendar: holidays.json's shape, the "holidays"
// bundle's payload being a list of them. DayOff true closes the day, false opens it (a
// swapped working Saturday); null is an entry not yet in force (announced as planned), which
// changes nothing.
type CalendarDay struct {
	Date      string `json:"date"` // YYYY-MM-DD
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	DayOff    *bool  `json:"day_off"`
	Source    string `json:"source,omitempty"`
	Weekday   string `json:"weekday,omitempty"`
	LunarDate string `json:"lunar_date,omitempty"`
	Note      string `json:"note,omitempty"`
}

// defaultHolidays is the calendar shipped with the kiosk (shared/data/holidays.json: 2026 as
// announced, 2027's fixed holidays), in force until the first bundle.
//
//go:embed holidays.json
var defaultHolidays []byte

// Calendar answers which local days are working days. It is safe for concurrent use and
// never changes once made; a new bundle makes a new Calendar.
type Calendar struct {
	days  map[string]CalendarDay // the bundle's entries in force, by date
	years map[int]bool           // the years the bundle lists

	mu       sync.Mutex
	computed map[int]map[string]CalendarDay
}

// DefaultCalendar is the calendar shipped with the kiosk.
func DefaultCalendar() *Calendar {
	c, err := DecodeCalendar(defaultHolidays)
	if err != nil {
		panic("the embedded holidays.json: " + err.Error())
	}
	return c
}

// DecodeCalendar reads a holidays bundle's payload (a JSON list of CalendarDay) strictly
// and checks it: EINVALID naming the entry at fault, in words for the admin page.
func DecodeCalendar(payload []byte) (*Calendar, error) {
	var days []CalendarDay
	if err := DecodePayload(payload, &days); err != nil {
		return nil, err
	}
	return NewCalendar(days)
}

// NewCalendar checks the entries and makes a calendar of them: exact for the years they
// list, computed for the others.
func NewCalendar(days []CalendarDay) (*Calendar, error) {
	c := &Calendar{days: map[string]CalendarDay{}, years: map[int]bool{}, computed: map[int]map[string]CalendarDay{}}
	for i, d := range days {
		f := fmt.Sprintf("payload[%d]", i)
		t, err := time.ParseInLocation(time.DateOnly, d.Date, Zone)
		switch {
		case err != nil || t.Year() < 2000 || t.Year() > 2100:
			return nil, Invalid(f+".date", fmt.Sprintf("Lịch nghỉ lễ, mục %d: ngày %q không hợp lệ (YYYY-MM-DD)", i+1, d.Date), "date must be YYYY-MM-DD")
		case d.Kind != HolidayKind && d.Kind != CompensatoryKind && d.Kind != SwapKind:
			return nil, Invalid(f+".kind", fmt.Sprintf("Lịch nghỉ lễ, mục %d: loại %q không hợp lệ", i+1, d.Kind), "kind must be holiday, compensatory or workday_swap")
		case blank(d.Name) || utf8.RuneCountInString(d.Name) > 300:
			return nil, Invalid(f+".name", fmt.Sprintf("Lịch nghỉ lễ, mục %d: thiếu tên ngày", i+1), "a day needs a name")
		case d.Kind == SwapKind && d.DayOff == nil:
			return nil, Invalid(f+".day_off", fmt.Sprintf("Lịch nghỉ lễ, mục %d: ngày hoán đổi phải ghi nghỉ hay làm việc", i+1), "a swap must say day_off true or false")
		case d.DayOff != nil && !*d.DayOff && d.Kind != SwapKind:
			return nil, Invalid(f+".day_off", fmt.Sprintf("Lịch nghỉ lễ, mục %d: chỉ ngày làm bù mới là ngày làm việc", i+1), "only a workday_swap opens a day")
		}
		if _, dup := c.days[d.Date]; dup {
			return nil, Invalid(f+".date", fmt.Sprintf("Lịch nghỉ lễ: ngày %s có hai mục", d.Date), "duplicate date "+d.Date)
		}
		c.years[t.Year()] = true
		if d.DayOff != nil {
			c.days[d.Date] = d
		}
	}
	return c, nil
}

// Years returns the years the bundle lists, in order; others are computed.
func (c *Calendar) Years() []int {
	var ys []int
	for y := range c.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Entry returns the calendar entry in force on the local day of t, bundled or computed.
func (c *Calendar) Entry(t time.Time) (CalendarDay, bool) {
	t = t.In(Zone)
	key := t.Format(time.DateOnly)
	if c.years[t.Year()] {
		d, ok := c.days[key]
		return d, ok
	}
	c.mu.Lock()
	year, ok := c.computed[t.Year()]
	if !ok {
		year = computedHolidays(t.Year())
		c.computed[t.Year()] = year
	}
	c.mu.Unlock()
	d, ok := year[key]
	return d, ok
}

// WorkingDay reports whether the office works on the local day of t.
func (c *Calendar) WorkingDay(t time.Time) bool {
	if d, ok := c.Entry(t); ok && d.DayOff != nil {
		return !*d.DayOff
	}
	wd := t.In(Zone).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Year lists the entries in force in year y, in date order: the bundle's, or the computed ones.
func (c *Calendar) Year(y int) []CalendarDay {
	var out []CalendarDay
	if c.years[y] {
		for _, d := range c.days {
			if d.Date[:4] == strconv.Itoa(y) {
				out = append(out, d)
			}
		}
	} else {
		c.Entry(time.Date(y, 1, 1, 0, 0, 0, 0, Zone)) // fills the cache
		c.mu.Lock()
		for _, d := range c.computed[y] {
			out = append(out, d)
		}
		c.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// computedHolidays is year y's days off by the Labour Code (2019, Art. 112) for a year no
// bundle lists: 1 January; Tết, the last day of the old lunar year and the first four of
// the new (as the government chose for 2026); Hùng Kings' day (10/3 lunar); 30 April;
// 1 May; 2 September with 1 September (3 September when the 2nd is a Thursday, making a
// long weekend). Each that falls on a Saturday or Sunday is made up on the next working
// day. Swapped Saturdays are announced each year and never guessed; 24 November is not
// yet law.
func computedHolidays(y int) map[string]CalendarDay {
	out := map[string]CalendarDay{}
	off := true
	add := func(day time.Time, name, kind string) {
		key := day.Format(time.DateOnly)
		if _, dup := out[key]; !dup {
			out[key] = CalendarDay{Date: key, Name: name, Kind: kind, DayOff: &off, Source: "tính theo Bộ luật Lao động 2019, Điều 112 (chưa có lịch công bố)"}
		}
	}
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Zone) }
	var holidays []struct {
		day  time.Time
		name string
	}
	hol := func(day time.Time, name string) {
		holidays = append(holidays, struct {
			day  time.Time
			name string
		}{day, name})
	}
	hol(date(time.January, 1), "Tết Dương lịch")
	tet := TetDate(y)
	hol(tet.AddDate(0, 0, -1), "Tết Nguyên đán (ngày cuối năm âm lịch)")
	for i := 0; i < 4; i++ {
		hol(tet.AddDate(0, 0, i), fmt.Sprintf("Mùng %d Tết Nguyên đán", i+1))
	}
	if hung, ok := FromLunar(LunarDate{Year: y, Month: 3, Day: 10}); ok {
		hol(hung, "Giỗ Tổ Hùng Vương (10/3 âm lịch)")
	}
	hol(date(time.April, 30), "Ngày Chiến thắng")
	hol(date(time.May, 1), "Ngày Quốc tế Lao động")
	national := date(time.September, 2)
	adjacent := national.AddDate(0, 0, -1)
	if national.Weekday() == time.Thursday {
		adjacent = national.AddDate(0, 0, 1)
	}
	hol(adjacent, "Quốc khánh (ngày nghỉ liền kề)")
	hol(national, "Quốc khánh")
	for _, h := range holidays {
		add(h.day, h.name, HolidayKind)
	}
	// Make-ups after all holidays are placed, so one never lands on another holiday.
	rest := func(d time.Time) bool {
		_, hol := out[d.Format(time.DateOnly)]
		return hol || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
	}
	for _, h := range holidays {
		if wd := h.day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			continue
		}
		d := h.day.AddDate(0, 0, 1)
		for rest(d) {
			d = d.AddDate(0, 0, 1)
		}
		add(d, "Nghỉ bù "+h.name, CompensatoryKind)
	}
	return out
}

// HolidayStore keeps the calendar the province sent.
type HolidayStore interface {
	// SetHolidays replaces the calendar with days in one transaction.
	SetHolidays(ctx context.Context, days []CalendarDay) error
}

// ApplyHolidaysBundle applies the province's "holidays" bundle: the payload is checked whole
// (DecodeCalendar) before store replaces the calendar, so a bad one is EINVALID and changes
// nothing. It returns the new calendar for the services counting dates.
func ApplyHolidaysBundle(ctx context.Context, store HolidayStore, payload []byte) (*Calendar, error) {
	var days []CalendarDay
	if err := DecodePayload(payload, &days); err != nil {
		return nil, err
	}
	c, err := NewCalendar(days)
	if err != nil {
		return nil, err
	}
	if err := store.SetHolidays(ctx, days); err != nil {
		return nil, err
	}
	return c, nil
}
