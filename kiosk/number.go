package kiosk

import "strconv"

// GroupThousands writes an integer the Vietnamese way, with a dot between thousands:
// 1500000 → "1.500.000". Fees on screens, slips and converted portal text all use it; the
// frontend's own copy is frontend/src/views/kiosk/catalog/format.ts.
func GroupThousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	sign := ""
	if v < 0 {
		sign, s = "-", s[1:]
	}
	b := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, s[i])
	}
	return sign + string(b)
}
