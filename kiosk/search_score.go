package kiosk

import (
	"math"
	"strings"
)

// SearchCandidate is a procedure as search scores it.
type SearchCandidate struct {
	Name     []string // SearchText of the name
	Keywords []string // SearchText of the keywords (the bundle's words people search with)
	Commune  bool     // handled at commune level (cấp xã)
	Uses     int      // uses counted at this desk, weighted (see UseCounter)
}

// Scoring constants (docs/catalog.md, Search, says how they were set).
const (
	scorePrefixOnly = 0.9  // a word found only as the start of a longer one
	scoreApart      = 0.5  // a word typed as part of a group, found far from the rest of it
	scoreDeep       = 0.6  // a word found only past the head of a long name
	nameHead        = 24   // words: the head of a name, which says what the procedure is
	nearWords       = 3    // words this close (either order) are taken together
	keywordsGap     = 1000 // keywords are another text than the name: never near it
	rankOrder       = 0.15 // words found in the order typed, side by side
	rankBrevity     = 0.05 // the share of the name the query covers
	rankCommune     = 0.05 // a commune-level procedure
	rankUses        = 0.05 // uses at this desk, reached at a thousand (log scale)
	// contextMissing: the share of its weight a context word (after a preposition) keeps
	// when a name lacks it.
	contextMissing = 0.25
)

// Score says how well c matches the query. Match, from 0 to 1, is what a result must
// reach (SearchThreshold): the share of the slots found in the name or keywords, weighted
// by rarity and plain (combine), or, when the query says nearly all of the name, half of
// that and half the share of the name said. Words are read in groups, as Vietnamese
// compounds are (groups); a word found only past the head of a long name counts less (a
// 250-word name mentions many things in passing). Rank orders results: Match plus small
// preferences for words found in the order typed, for names that are mostly the query (a
// short name over a long one that also says it), for commune-level procedures and for
// those used at this desk.
func (q *SearchQuery) Score(c SearchCandidate) (match, rank float64) {
	if q.Empty() {
		return 0, 0
	}
	t := text{name: c.Name, keywords: c.Keywords}
	if len(t.name) > 2 && t.name[0] == "thu" && t.name[1] == "tuc" {
		t.name = t.name[2:] // "Thủ tục …" says nothing about the procedure
	}
	m, pos := q.found(t)
	pairs, ordered := q.groups(m, pos)

	weighted, plain, totalW, totalN := 0.0, 0.0, 0.0, 0.0
	covered := map[int]bool{} // the name's words the query says
	for i, s := range q.Slots {
		// Context the name lacks weighs little; context it holds, as much as any word. It
		// counts by its rarity alone: "người" of "cho người thuê trọ" in a name is no sign
		// that the name is about tenants.
		part := max(s.missing(), m[i])
		weighted += m[i] * s.Weight
		totalW += part * s.Weight
		if !s.Context {
			plain += m[i]
			totalN++
		}
		for _, p := range pos[i] {
			if p < len(t.name) {
				covered[p] = true
			}
		}
	}
	plain = ratio(plain, totalN)
	if totalW > 0 {
		weighted /= totalW
	} else {
		weighted = plain
	}
	asked := combine(weighted, plain)
	// A name the query says nearly all of answers it even when the villager said more
	// ("giấy chứng nhận độc thân để lấy chồng" and "Cấp Giấy xác nhận tình trạng hôn nhân").
	said := float64(len(covered)) / float64(max(1, len(t.name)))
	match = max(asked, (asked+said)/2)

	rank = match + rankBrevity*said
	if pairs == 0 {
		rank += rankOrder
	} else {
		rank += rankOrder * float64(ordered) / float64(pairs)
	}
	if c.Commune {
		rank += rankCommune
	}
	if c.Uses > 0 {
		rank += rankUses * min(1, math.Log10(1+float64(c.Uses))/3)
	}
	return match, rank
}

// found returns how much of each slot t holds (0 to 1) and where: the best of the slot's
// alternatives, a synonym's meaning by the rarity of its words found, each word of a
// meaning counting half when it stands apart from the rest of the meaning (inPhrase).
func (q *SearchQuery) found(t text) (m []float64, pos [][]int) {
	m = make([]float64, len(q.Slots))
	pos = make([][]int, len(q.Slots))
	for i, s := range q.Slots {
		for a, alt := range s.Alts {
			ps := make([][]int, len(alt))
			fs := make([]float64, len(alt))
			for j, w := range alt {
				ps[j], fs[j] = t.find(w, s.Prefix && len(alt) == 1)
			}
			got, sum := 0.0, 0.0
			var all []int
			for j := range alt {
				f := fs[j]
				if f > 0 && len(alt) > 1 && !inPhrase(ps, j) {
					f *= scoreApart
				}
				got += f * t.head(ps[j]) * s.idf[a][j]
				sum += s.idf[a][j]
				all = append(all, ps[j]...)
			}
			if s.guessed > 0 && a >= s.guessed {
				got *= scoreMisspelt
			}
			if sum > 0 && got/sum > m[i] {
				m[i], pos[i] = got/sum, all
			}
		}
	}
	return m, pos
}

// groups applies to m the rule of words typed together (no filler or synonym between): a
// word of such a group must stand near another word of the group that the name holds; one
// that stands apart, or is the only one of its group the name holds ("xe" of "đăng ký xe"
// in a name that mentions "nhà để xe"; "tiền" and "diện" far apart for "tiền điện"),
// counts half. It returns how many pairs of words were typed side by side, and how many of
// them the name holds side by side in that order.
func (q *SearchQuery) groups(m []float64, pos [][]int) (pairs, ordered int) {
	for start := 0; start < len(q.Slots); {
		end := start + 1
		for end < len(q.Slots) && q.Slots[end].joined {
			end++
		}
		for i := start; i < end; i++ {
			if i > start {
				pairs++
				if _, inOrder := near(pos[i-1], pos[i]); inOrder {
					ordered++
				}
			}
			if m[i] == 0 || end-start == 1 {
				continue
			}
			supported := false
			for k := start; k < end && !supported; k++ {
				if k != i && m[k] > 0 {
					supported, _ = near(pos[i], pos[k])
				}
			}
			if !supported {
				m[i] *= scoreApart
			}
		}
		start = end
	}
	return pairs, ordered
}

// text is a procedure's words as Score reads them: the name, then the keywords, whose
// positions count from far after the name (never near it).
type text struct{ name, keywords []string }

// find returns where w stands, and whether it was found whole (1), only as the start of
// a longer word when prefix (scorePrefixOnly), or not (0).
func (t text) find(w string, prefix bool) (positions []int, found float64) {
	if ps := t.where(func(word string) bool { return word == w }); len(ps) > 0 {
		return ps, 1
	}
	if prefix {
		if ps := t.where(func(word string) bool { return strings.HasPrefix(word, w) }); len(ps) > 0 {
			return ps, scorePrefixOnly
		}
	}
	return nil, 0
}

// where returns the positions of the words that match.
func (t text) where(match func(word string) bool) []int {
	var ps []int
	for i, word := range t.name {
		if match(word) {
			ps = append(ps, i)
		}
	}
	for i, word := range t.keywords {
		if match(word) {
			ps = append(ps, len(t.name)+keywordsGap+i)
		}
	}
	return ps
}

// head is 1 when one of positions is in the head of the name or in the keywords, and
// scoreDeep when all are further down a long name.
func (t text) head(positions []int) float64 {
	for _, p := range positions {
		if p < nameHead || p >= len(t.name) {
			return 1
		}
	}
	return scoreDeep
}

// near reports whether a word at one of a and a word at one of b stand within nearWords
// of each other, and whether some b directly follows some a.
func near(a, b []int) (close, inOrder bool) {
	for _, p := range a {
		for _, r := range b {
			if d := r - p; d == 1 {
				return true, true
			} else if -nearWords <= d && d <= nearWords && d != 0 {
				close = true
			}
		}
	}
	return close, false
}

// inPhrase reports whether word j of a phrase (its positions in ps, by word) stands right
// after the word before it or right before the word after it, one word between allowed
// ("đăng ký, cấp giấy" for "đăng ký cấp giấy").
func inPhrase(ps [][]int, j int) bool {
	follows := func(a, b []int) bool {
		for _, p := range a {
			for _, r := range b {
				if d := r - p; d == 1 || d == 2 {
					return true
				}
			}
		}
		return false
	}
	return j > 0 && follows(ps[j-1], ps[j]) || j+1 < len(ps) && follows(ps[j], ps[j+1])
}
