package kiosk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SearchThreshold is the score a procedure needs to be shown as a search result. Below
// it a procedure merely shares a word or two with the query ("đăng ký xe" and a building
// permit mentioning "nhà để xe"), and the kiosk says it found nothing instead. The value
// is set from the villager query set (bench/catalog/villagers.tsv): it is where the best
// wrong matches of the queries without an answer end and the right answers begin; see
// docs/catalog.md.
const SearchThreshold = 0.65

// Limits on a query: beyond them it is cut, not refused, since people type what they type.
const (
	searchMaxWords     = 12
	searchMaxWordBytes = 40
)

// SearchText folds s and splits it into its words of letters and digits, as the index's
// tokenizer does: what a procedure's name and keywords are matched as.
func SearchText(s string) []string { return strings.FieldsFunc(Fold(s), notWordRune) }

// SearchWords folds s and splits it into words of letters and digits, as the index's
// tokenizer does, at most searchMaxWords of at most searchMaxWordBytes each.
func SearchWords(s string) []string {
	words := strings.FieldsFunc(Fold(s), notWordRune)
	if len(words) > searchMaxWords {
		words = words[:searchMaxWords]
	}
	return cutWords(words)
}

// cutWords cuts each word to searchMaxWordBytes, at a letter's start.
func cutWords(words []string) []string {
	for i, w := range words {
		if len(w) > searchMaxWordBytes {
			cut := searchMaxWordBytes
			for cut > 0 && !utf8.RuneStart(w[cut]) {
				cut--
			}
			words[i] = w[:cut]
		}
	}
	return words
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
