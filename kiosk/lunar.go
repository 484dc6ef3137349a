package kiosk

import (
	"math"
	"time"
)

// The Vietnamese lunisolar calendar (âm lịch), for the holidays no bundle has announced
// yet: Tết Nguyên đán and Giỗ Tổ Hùng Vương. It is Hồ Ngọc Đức's algorithm: new moons and
// the sun's longitude after Meeus' "Astronomical Algorithms", evaluated at UTC+7. A
// Chinese-calendar library is wrong for Vietnam: the Chinese calendar is computed at
// UTC+8, and a new moon just after midnight in Hà Nội falls the day before in Beijing (Tết
// 1985 came a month apart; Tết 2007 a day). Valid for 1900–2100, which is all a kiosk needs.

// lunarZone is the time zone the Vietnamese calendar is computed in, in hours.
const lunarZone = 7.0

// julianDay returns the Julian day number of a Gregorian date.
func julianDay(y, m, d int) int {
	a := (14 - m) / 12
	yy := y + 4800 - a
	mm := m + 12*a - 3
	return d + (153*mm+2)/5 + 365*yy + yy/4 - yy/100 + yy/400 - 32045
}

// fromJulianDay returns the Gregorian date of a Julian day number.
func fromJulianDay(jd int) (y, m, d int) {
	a := jd + 32044
	b := (4*a + 3) / 146097
	c := a - b*146097/4
	dd := (4*c + 3) / 1461
	e := c - 1461*dd/4
	mm := (5*e + 2) / 153
	d = e - (153*mm+2)/5 + 1
	m = mm + 3 - 12*(mm/10)
	y = b*100 + dd - 4800 + mm/10
	return y, m, d
}

// newMoon returns the Julian day (with fraction, UT) of the k-th new moon after the one of
// 1900-01-01 (Meeus, chapter 49, shortened as Hồ Ngọc Đức does).
func newMoon(k float64) float64 {
	t := k / 1236.85 // Julian centuries from 1900 January 0.5
	t2, t3 := t*t, t*t*t
	const dr = math.Pi / 180
	jd := 2415020.75933 + 29.53058868*k + 0.0001178*t2 - 0.000000155*t3
	jd += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*k - 0.0000333*t2 - 0.00000347*t3    // the sun's mean anomaly
	mpr := 306.0253 + 385.81691806*k + 0.0107306*t2 + 0.00001236*t3 // the moon's mean anomaly
	f := 21.2964 + 390.67050646*k - 0.0016528*t2 - 0.00000239*t3    // the moon's argument of latitude
	c := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c += -0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c += -0.0004 * math.Sin(dr*3*mpr)
	c += 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c += -0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c += -0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c += 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd + c - deltaT
}

// sunLongitude returns the sun's apparent longitude in radians, in [0, 2π), at Julian day jdn (UT).
func sunLongitude(jdn float64) float64 {
	t := (jdn - 2451545.0) / 36525 // Julian centuries from 2000-01-01 12:00 UT
	t2 := t * t
	const dr = math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2 // mean anomaly, degrees
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2                  // mean longitude, degrees
	dl := (1.914600-0.004817*t-0.000014*t2)*math.Sin(dr*m) + (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// newMoonDay is the local Julian day number of the k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(float64(k)) + 0.5 + lunarZone/24))
}

// sunSector is which of the twelve 30° sectors the sun is in at the local midnight
// starting day jd: the major solar term (trung khí) that month contains.
func sunSector(jd int) int {
	return int(math.Floor(sunLongitude(float64(jd)-0.5-lunarZone/24) / math.Pi * 6))
}

// lunarMonth11 is the Julian day that starts the 11th lunar month (the one holding the
// winter solstice) of Gregorian year y.
func lunarMonth11(y int) int {
	off := float64(julianDay(y, 12, 31)) - 2415021
	k := int(math.Floor(off / 29.530588853))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 { // past the solstice's sector: the month before
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is, in a 13-month year starting at month 11 (a11), how many months
// after a11 the leap month comes: the first month without a major solar term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	last, i := 0, 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last = arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// LunarDate is a date of the Vietnamese lunar calendar; Leap marks a day of a leap month
// (tháng nhuận).
type LunarDate struct {
	Year, Month, Day int
	Leap             bool
}

// ToLunar returns the lunar date of the local day of t.
func ToLunar(t time.Time) LunarDate {
	t = t.In(Zone)
	dayNumber := julianDay(t.Year(), int(t.Month()), t.Day())
	k := int(math.Floor((float64(dayNumber) - 2415021.076998695) / 29.530588853))
	monthStart := newMoonDay(k + 1)
	if monthStart > dayNumber {
		monthStart = newMoonDay(k)
	}
	a11, b11 := lunarMonth11(t.Year()), 0
	year := t.Year()
	if a11 >= monthStart {
		b11, a11 = a11, lunarMonth11(t.Year()-1)
	} else {
		year = t.Year() + 1
		b11 = lunarMonth11(t.Year() + 1)
	}
	l := LunarDate{Day: dayNumber - monthStart + 1}
	diff := (monthStart - a11) / 29
	l.Month = diff + 11
	if b11-a11 > 365 {
		leap := leapMonthOffset(a11)
		if diff >= leap {
			l.Month = diff + 10
			l.Leap = diff == leap
		}
	}
	if l.Month > 12 {
		l.Month -= 12
	}
	if l.Month >= 11 && diff < 4 {
		year--
	}
	l.Year = year
	return l
}

// FromLunar returns the local day (midnight in Zone) of a lunar date; ok is false for a
// leap month the year does not have.
func FromLunar(l LunarDate) (time.Time, bool) {
	var a11, b11 int
	if l.Month < 11 {
		a11, b11 = lunarMonth11(l.Year-1), lunarMonth11(l.Year)
	} else {
		a11, b11 = lunarMonth11(l.Year), lunarMonth11(l.Year+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return time.Time{}, false
		}
		if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return time.Time{}, false
	}
	y, m, d := fromJulianDay(newMoonDay(k+off) + l.Day - 1)
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, Zone), true
}

// TetDate returns mùng 1 Tết, the first day of the lunar year that begins in Gregorian year y.
func TetDate(y int) time.Time {
	t, _ := FromLunar(LunarDate{Year: y, Month: 1, Day: 1})
	return t
}
