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
	rankCommune     = 0.05
)

// SearchRankUses is the most that uses at this desk add to a result's rank (at a thousand
// uses, on a log scale): a store may score without uses first, then look up the uses of
// only the results they could still move.
const SearchRankUses = 0.05

// Score says how well c matches the query. Match, from 0 to 1, is what a result must
// reach (SearchThreshold): the share of the slots found in the name or keywords, weighted
// by rarity and plain (combine). Words are read in groups, as Vietnamese compounds are: a
// word typed beside others ("tiền điện"), or a word of a synonym's meaning, counts half
// when it stands far from every other word of its group that the name holds ("tiền sử
// dụng đất … diện tích" does not answer "tiền điện"), and a word found only past the head
// of a long name counts less (a 250-word name mentions many things in passing). Rank
// orders results: Match plus small preferences for words found in the order typed, for
// names that are mostly the query (a short name over a long one that also says it), for
// commune-level procedures and for those used at this desk.
func (q *SearchQuery) Score(c SearchCandidate) (match, rank float64) {
	if q.Empty() {
		return 0, 0
	}
	name := c.Name
	if len(name) > 2 && name[0] == "thu" && name[1] == "tuc" {
		name = name[2:] // "Thủ tục …" says nothing about the procedure
	}
	keywords := c.Keywords
	// find returns where w stands: positions in the name, then in the keywords, counted
	// from far after the name (never near it).
	find := func(w string, prefix bool) (positions []int, found float64) {
		for i, t := range name {
			if t == w {
				positions = append(positions, i)
			}
		}
		for i, t := range keywords {
			if t == w {
				positions = append(positions, len(name)+keywordsGap+i)
			}
		}
		if len(positions) > 0 || !prefix {
			return positions, float64(len(positions[:min(1, len(positions))]))
		}
		for i, t := range name {
			if strings.HasPrefix(t, w) {
				positions = append(positions, i)
			}
		}
		for i, t := range keywords {
			if strings.HasPrefix(t, w) {
				positions = append(positions, len(name)+keywordsGap+i)
			}
		}
		if len(positions) > 0 {
			return positions, scorePrefixOnly
		}
		return nil, 0
	}
	near := func(a, b []int) (close, inOrder bool) {
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
	head := func(ps []int) float64 {
		for _, p := range ps {
			if p < nameHead || p >= len(name) {
				return 1
			}
		}
		return scoreDeep
	}

	m := make([]float64, len(q.Slots))
	pos := make([][]int, len(q.Slots)) // where each slot was found
	for i, s := range q.Slots {
		for a, alt := range s.Alts {
			ps := make([][]int, len(alt))
			fs := make([]float64, len(alt))
			for j, w := range alt {
				ps[j], fs[j] = find(w, s.Prefix && len(alt) == 1)
			}
			got, sum := 0.0, 0.0
			var all []int
			for j := range alt {
				f := fs[j]
				if f > 0 && len(alt) > 1 && !inPhrase(ps, j) {
					f *= scoreApart
				}
				got += f * head(ps[j]) * s.idf[a][j]
				sum += s.idf[a][j]
				all = append(all, ps[j]...)
			}
			if sum > 0 && got/sum > m[i] {
				m[i], pos[i] = got/sum, all
			}
		}
	}
	// Words typed together (no filler or synonym between) are read as a group: a word of
	// a group must stand near another word of the group that the name holds; one that is
	// alone, or the only one of its group the name holds ("xe" of "đăng ký xe"), is only
	// half found.
	pairs, ordered := 0, 0
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

	weighted, plain := 0.0, 0.0
	covered := map[int]bool{}
	for i, s := range q.Slots {
		weighted += m[i] * s.Weight
		plain += m[i]
		for _, p := range pos[i] {
			if p < len(name) {
				covered[p] = true
			}
		}
	}
	if q.total > 0 {
		weighted /= q.total
	} else {
		weighted = plain / float64(len(q.Slots))
	}
	asked := combine(weighted, plain/float64(len(q.Slots)))
	// The share of the name the query says. A name the query says nearly all of answers it
	// even when the villager said more ("giấy chứng nhận độc thân để lấy chồng" and "Cấp
	// Giấy xác nhận tình trạng hôn nhân"): it counts for half.
	said := float64(len(covered)) / float64(max(1, len(name)))
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
		rank += SearchRankUses * min(1, math.Log10(1+float64(c.Uses))/3)
	}
	return match, rank
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
