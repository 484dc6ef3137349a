package kiosk

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// Tết (mùng 1 tháng Giêng) at UTC+7, 2020–2035, as Vietnam's calendars print it, and the
// years where UTC+8 gives another day: 1985 (China: 20 February), 2007 (China: 18
// February), and 2030, whose new moon is on 2 February at 16:07 UT, 23:07 in Hà Nội but
// past midnight in Beijing (China: 3 February).
func TestTetDates(t *testing.T) {
	want := map[int]string{
		1985: "1985-01-21", 2007: "2007-02-17",
		2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
		2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06",
		2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-02", 2031: "2031-01-23",
		2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19", 2035: "2035-02-08",
	}
	for y, w := range want {
		if got := TetDate(y).Format(time.DateOnly); got != w {
			t.Errorf("Tết %d: %s, want %s", y, got, w)
		}
	}
}

// Every lunar date holidays.json gives (its own computation and the announced Tết and Hùng
// Kings' days) is what ToLunar says, and FromLunar goes back.
func TestLunarDatesOfTheHolidayFile(t *testing.T) {
	var days []struct {
		Date      string `json:"date"`
		LunarDate string `json:"lunar_date"`
	}
	if err := json.Unmarshal(defaultHolidays, &days); err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		day, err := time.ParseInLocation(time.DateOnly, d.Date, Zone)
		if err != nil {
			t.Fatal(err)
		}
		l := ToLunar(day)
		if got := fmt.Sprintf("%02d/%02d", l.Day, l.Month); got != d.LunarDate || l.Leap {
			t.Errorf("%s: lunar %s (leap %v), the file says %s", d.Date, got, l.Leap, d.LunarDate)
		}
		if back, ok := FromLunar(l); !ok || !back.Equal(day) {
			t.Errorf("%s: FromLunar(%+v) = %s", d.Date, l, back)
		}
	}
}

// Giỗ Tổ Hùng Vương is the 10th day of the 3rd lunar month.
func TestHungKings(t *testing.T) {
	for y, w := range map[int]string{2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26", 2027: "2027-04-16"} {
		got, ok := FromLunar(LunarDate{Year: y, Month: 3, Day: 10})
		if !ok || got.Format(time.DateOnly) != w {
			t.Errorf("Hùng Kings %d: %s, want %s", y, got.Format(time.DateOnly), w)
		}
	}
}

// Day by day over 1990–2040, ToLunar and FromLunar are inverses, days advance one by one
// within a month, and months have 29 or 30 days.
func TestLunarRoundTrip(t *testing.T) {
	day := time.Date(1990, 1, 1, 0, 0, 0, 0, Zone)
	prev := ToLunar(day.AddDate(0, 0, -1))
	leaps := map[int]int{}
	for ; day.Year() <= 2040; day = day.AddDate(0, 0, 1) {
		l := ToLunar(day)
		back, ok := FromLunar(l)
		if !ok || !back.Equal(day) {
			t.Fatalf("%s → %+v → %s", day.Format(time.DateOnly), l, back)
		}
		if l.Day == 1 {
			if prev.Day != 29 && prev.Day != 30 {
				t.Fatalf("%s: the month before had %d days", day.Format(time.DateOnly), prev.Day)
			}
			if l.Leap {
				leaps[l.Year]++
			}
		} else if l.Day != prev.Day+1 || l.Month != prev.Month || l.Leap != prev.Leap {
			t.Fatalf("%s: %+v after %+v", day.Format(time.DateOnly), l, prev)
		}
		prev = l
	}
	// 2020 had a leap 4th month, 2023 a leap 2nd, 2025 a leap 6th (as Vietnamese calendars print).
	for y, m := range map[int]int{2020: 4, 2023: 2, 2025: 6} {
		if _, ok := FromLunar(LunarDate{Year: y, Month: m, Day: 1, Leap: true}); !ok || leaps[y] != 1 {
			t.Errorf("%d: no leap month %d", y, m)
		}
	}
	if _, ok := FromLunar(LunarDate{Year: 2026, Month: 4, Day: 1, Leap: true}); ok {
		t.Error("2026 has no leap 4th month")
	}
}
