// Package voice composes the hall display's spoken call, "Xin mời công dân có số thứ tự
// A mười hai đến quầy số hai", from short recorded clips: phrases, letters and number
// words. Clips ship with the app (generated once with espeak-ng) and a commune may drop
// better recordings of its own into <data dir>/voice/ (docs/voice.md).
package voice

import (
	"strings"
	"unicode"
)

var digitWords = [10]string{"khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"}

// Spoken is the text of each word clip, for generating and for tests.
var Spoken = map[string]string{
	"khong": "không", "mot": "một", "hai": "hai", "ba": "ba", "bon": "bốn", "nam": "năm", "sau": "sáu",
	"bay": "bảy", "tam": "tám", "chin": "chín", "muoi": "mười", "muoi_": "mươi", "mot_": "mốt",
	"tu": "tư", "lam": "lăm", "linh": "linh", "tram": "trăm", "nghin": "nghìn",
}

// NumberWords returns the clip names that say n (0 ≤ n ≤ 999 999) the way Vietnamese
// reads numbers: mười/mươi, mốt after a ten above ten, tư after a ten above ten, lăm
// after any ten, linh for a missing ten before a unit, and "không trăm" inside thousands.
func NumberWords(n int) []string {
	if n < 0 || n > 999_999 {
		return nil
	}
	if n == 0 {
		return []string{"khong"}
	}
	var out []string
	if n >= 1000 {
		out = append(out, NumberWords(n/1000)...)
		out = append(out, "nghin")
		n %= 1000
		if n == 0 {
			return out
		}
		if n < 100 {
			// 1005: một nghìn không trăm linh năm
			out = append(out, "khong", "tram")
			return append(out, tensAndUnits(n, true)...)
		}
	}
	if n >= 100 {
		out = append(out, digitWords[n/100], "tram")
		n %= 100
		if n == 0 {
			return out
		}
		return append(out, tensAndUnits(n, true)...)
	}
	return append(out, tensAndUnits(n, false)...)
}

// tensAndUnits says 1–99; afterHundred says a lone unit with "linh" (105: trăm linh năm).
func tensAndUnits(n int, afterHundred bool) []string {
	tens, units := n/10, n%10
	var out []string
	switch {
	case tens == 0:
		if afterHundred {
			out = append(out, "linh")
		}
		return append(out, digitWords[units])
	case tens == 1:
		out = append(out, "muoi")
	default:
		out = append(out, digitWords[tens], "muoi_")
	}
	switch {
	case units == 0:
	case units == 1 && tens > 1:
		out = append(out, "mot_")
	case units == 4 && tens > 1:
		out = append(out, "tu")
	case units == 5:
		out = append(out, "lam")
	default:
		out = append(out, digitWords[units])
	}
	return out
}

// DigitWords says n digit by digit (12 → một hai), for communes that prefer it.
func DigitWords(n int) []string {
	var out []string
	for _, r := range itoa(n) {
		out = append(out, digitWords[r-'0'])
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Say returns the words of clip names as text, for tests and logs.
func Say(clips []string) string {
	var words []string
	for _, c := range clips {
		if w, ok := Spoken[c]; ok {
			words = append(words, w)
		} else if w, ok := Phrases[c]; ok {
			words = append(words, w)
		} else if strings.HasPrefix(c, "letter_") {
			words = append(words, strings.ToUpper(strings.TrimPrefix(c, "letter_")))
		}
	}
	return strings.Join(words, " ")
}

// Phrases are the fixed parts of the call.
var Phrases = map[string]string{
	"xin_moi":  "Xin mời công dân có số thứ tự",
	"den_quay": "đến quầy số",
}

// Letters says each prefix letter by its Vietnamese name.
var Letters = map[rune]string{
	'A': "a", 'B': "bê", 'C': "xê", 'D': "dê", 'E': "e", 'F': "ép", 'G': "giê", 'H': "hát", 'I': "i",
	'J': "gi", 'K': "ca", 'L': "e lờ", 'M': "em mờ", 'N': "en nờ", 'O': "o", 'P': "pê", 'Q': "quy",
	'R': "e rờ", 'S': "ét xì", 'T': "tê", 'U': "u", 'V': "vê", 'W': "vê kép", 'X': "ích xì", 'Y': "i dài", 'Z': "dét",
}

// Announcement returns the clip names for calling ticket code (e.g. "A012") to counter:
// a chime, the phrase, the letters, the number, the phrase, the counter's number.
// digits reads the ticket number digit by digit. ok is false for a code it cannot say.
func Announcement(code string, counter int, digits bool) (clips []string, ok bool) {
	said, ok := CodeWords(code, digits)
	if !ok || counter <= 0 {
		return nil, false
	}
	clips = append([]string{"chime", "xin_moi"}, said...)
	clips = append(clips, "den_quay")
	return append(clips, NumberWords(counter)...), true
}

// CodeWords returns the clip names that say ticket code (e.g. "A012"): its letters by
// name, then its number (digit by digit with digits). ok is false for a code it cannot
// say: anything but known capital letters followed by digits.
func CodeWords(code string, digits bool) (clips []string, ok bool) {
	i := strings.IndexFunc(code, unicode.IsDigit)
	if i <= 0 || len(code)-i > 6 {
		return nil, false
	}
	n := 0
	for _, r := range code[i:] {
		if r < '0' || r > '9' {
			return nil, false
		}
		n = n*10 + int(r-'0')
	}
	for _, r := range code[:i] {
		if _, known := Letters[r]; !known {
			return nil, false
		}
		clips = append(clips, "letter_"+strings.ToLower(string(r)))
	}
	if digits {
		return append(clips, DigitWords(n)...), true
	}
	return append(clips, NumberWords(n)...), true
}
