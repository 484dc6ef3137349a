package kiosk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns s as search compares it: lower case, every Vietnamese tone and vowel mark
// removed, đ/Đ turned into d, and NFC and NFD input alike ("Đăng ký", "Đăng ký" in NFD
// and "dang ky" all fold to "dang ky"). The search index and the query are folded the
// same way. SQLite's unicode61 tokenizer cannot do this alone: with remove_diacritics 1
// it keeps letters with two marks (ế ộ ữ), and it never folds đ, which has no
// decomposition.
//
// Since every mark goes, the old and new places of the tone fold alike (hòa and hoà,
// thủy and thuỷ). The letters of the Latin alphabets of Vietnam's minority languages
// (Ê Đê, Gia Rai, Ba Na, Cơ Ho, M'Nông…) fold too: ƀ to b, č to c, the breve vowels
// ĕ ĭ ŏ ŭ to their base, and a combining breve over ê ô ơ ư (ê̆, which Unicode has no
// single letter for) is dropped like any other mark, so a village name written in its
// own alphabet is found by what a kiosk keyboard can type.
//
// Fold uses a table rather than golang.org/x/text so the domain package stays on the
// standard library: precomposed letters map through the table, and combining marks
// (the NFD form, or marks typed separately) are dropped.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if base, ok := foldTable[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isFolded reports whether s is lower-case ASCII already, the common case for queries.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// foldTable maps each lower-case precomposed letter to its base letter: the Vietnamese
// alphabet with its five tones, the minority languages' letters (breve vowels, carons,
// ƀ, č, ñ), and the Latin-1 letters a name borrowed from French may carry.
var foldTable = func() map[rune]rune {
	groups := map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậäåāąǎ",
		'e': "èéẻẽẹêềếểễệëēęĕě",
		'i': "ìíỉĩịîïīĭǐ",
		'o': "òóỏõọôồốổỗộơờớởỡợöøōŏǒ",
		'u': "ùúủũụưừứửữựûüūŭǔ",
		'y': "ỳýỷỹỵÿ",
		'b': "ƀ",
		'd': "đ",
		'c': "çč",
		'n': "ñ",
	}
	m := make(map[rune]rune, 128)
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
