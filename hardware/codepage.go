package hardware

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Output is what a layout needs to know about the printer it renders for.
type Output struct {
	Dots int // escpos.Dots58 or escpos.Dots80
	// CP1258, when set, prints Vietnamese lines as text in the printer's Windows-1258 code
	// page, selected with ESC t CodeTable (the number differs by brand), instead of raster:
	// a fraction of the bytes, for printers known to render it (the test page shows).
	CP1258    bool
	CodeTable byte
}

// Vietnamese tone marks: Windows-1258 has them only as combining characters after the
// letter (the letters with ˆ, ˘, ơ/ư horn and đ are precomposed).
func isTone(r rune) bool {
	switch r {
	case 0x300, 0x301, 0x303, 0x309, 0x323:
		return true
	}
	return false
}

// encodeCP1258 encodes NFC text for a Windows-1258 printer: each letter as its base (with
// ˆ ˘ or horn) followed by its tone mark as a separate byte. ok is false if any character
// has no Windows-1258 form.
func encodeCP1258(s string) (out []byte, ok bool) {
	out = make([]byte, 0, len(s))
	var buf [8]rune
	for _, r := range s {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		base, tone := buf[:0], rune(0)
		for _, c := range norm.NFD.String(string(r)) {
			if isTone(c) {
				tone = c
			} else {
				base = append(base, c)
			}
		}
		for _, c := range norm.NFC.String(string(base)) {
			b, ok := charmap.Windows1258.EncodeRune(c)
			if !ok {
				return nil, false
			}
			out = append(out, b)
		}
		if tone != 0 {
			b, _ := charmap.Windows1258.EncodeRune(tone)
			out = append(out, b)
		}
	}
	return out, true
}

// runeWidth counts printed cells: one per letter of NFC text.
func runeWidth(s string) int { return utf8.RuneCountInString(s) }
