package kiosk

import "sort"

// Misspellings. A word of the query that no name holds, whole or as the start of a word,
// is most likely misspelt: villagers write as they speak ("ban xao" where the north says
// s and x alike) and a touch keyboard slips ("khai sihn"). Such a word is read as the
// catalog's words it may stand for, found a little less than the word as typed
// (scoreMisspelt). A word any name holds is never second-guessed.

// scoreMisspelt is how much a word found only as a correction of what was typed counts.
const scoreMisspelt = 0.85

// misspellingMaxGuesses bounds the corrections of one word: the commonest are kept.
const misspellingMaxGuesses = 4

// spokenVariants are initial sounds that regional speech makes one (s/x, ch/tr, l/n,
// d/gi/r): a word so spelt is tried with the others first. (Finals such as t/c are
// left alone: "lũ lụt" is not "trích lục".)
var spokenVariants = [][]string{{"s", "x"}, {"ch", "tr"}, {"l", "n"}, {"d", "gi", "r"}}

// guesses returns the catalog's words w may be a misspelling of, commonest first: its
// spoken variants, or failing those, for a word of four letters or more, the words one
// edit away (a letter left out, added, changed, or two swapped). None when a name holds w
// or a word starting with it.
func (l *Lexicon) guesses(w string) []string {
	if l.df(w, true) > 0 || !isASCIIWord(w) {
		return nil
	}
	seen := map[string]bool{w: true}
	var out []string
	try := func(c string) {
		if !seen[c] {
			seen[c] = true
			if l.df(c, false) > 0 {
				out = append(out, c)
			}
		}
	}
	for _, v := range spokenVariants {
		for _, from := range v {
			if len(w) > len(from) && w[:len(from)] == from {
				for _, to := range v {
					try(to + w[len(from):])
				}
			}
		}
	}
	if len(out) == 0 && len(w) >= 4 {
		for _, c := range oneEdit(w, len(w) >= 5) {
			try(c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return l.df(out[i], false) > l.df(out[j], false) })
	if len(out) > misspellingMaxGuesses {
		out = out[:misspellingMaxGuesses]
	}
	return out
}

// oneEdit returns the words one edit from w over the letters a folded word may hold;
// with change, also those with one letter changed.
func oneEdit(w string, change bool) []string {
	const letters = "abcdeghiklmnopqrstuvxy"
	var out []string
	for i := 0; i <= len(w); i++ {
		for _, c := range []byte(letters) {
			out = append(out, w[:i]+string(c)+w[i:]) // a letter left out
		}
		if i == len(w) {
			break
		}
		out = append(out, w[:i]+w[i+1:]) // a letter too many
		for _, c := range []byte(letters) {
			if change && c != w[i] {
				out = append(out, w[:i]+string(c)+w[i+1:]) // a letter wrong
			}
		}
		if i+1 < len(w) && w[i] != w[i+1] {
			out = append(out, w[:i]+string(w[i+1])+string(w[i])+w[i+2:]) // two swapped
		}
	}
	return out
}

// isASCIIWord reports whether w is lower-case letters a–z only (a folded Vietnamese
// word; digits and other scripts are not guessed at).
func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
