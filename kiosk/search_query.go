package kiosk

import (
	"math"
	"sort"
	"strings"
)

// Lexicon is what reading a query needs to know about the catalog held: how many
// procedures there are, in how many of them (name and keywords) each word occurs, and the
// synonyms. The store builds one per catalog version.
type Lexicon struct {
	procedures int
	words      []string // sorted, folded
	docs       []int    // docs[i]: procedures whose name or keywords hold words[i]
	synonyms   map[string][]string
	longest    int // words in the longest synonym term
}

// NewLexicon returns the lexicon of a catalog of n procedures whose names and keywords
// hold words (folded word → procedures holding it), with the bundle's synonyms on top of
// the built-in fillers. Terms that fold to no word are skipped (the bundle refuses them).
func NewLexicon(n int, words map[string]int, synonyms []Synonym) *Lexicon {
	l := &Lexicon{procedures: n, synonyms: map[string][]string{}}
	for w := range words {
		l.words = append(l.words, w)
	}
	sort.Strings(l.words)
	l.docs = make([]int, len(l.words))
	for i, w := range l.words {
		l.docs[i] = words[w]
	}
	add := func(term string, means []string) {
		t := SearchWords(term)
		if len(t) == 0 {
			return
		}
		if len(means) == 0 {
			means = nil // a filler
		}
		l.synonyms[synonymKey(t)] = means
		l.longest = max(l.longest, len(t))
	}
	for _, f := range searchFillers {
		add(f, nil)
	}
	for _, s := range synonyms {
		means := cutWords(strings.FieldsFunc(Fold(s.Means), notWordRune))
		for _, t := range s.Terms {
			add(t, means)
		}
	}
	return l
}

// df is in how many procedures word occurs, or (prefix) some word starting with it.
func (l *Lexicon) df(word string, prefix bool) int {
	i := sort.SearchStrings(l.words, word)
	if !prefix {
		if i < len(l.words) && l.words[i] == word {
			return l.docs[i]
		}
		return 0
	}
	n := 0
	for ; i < len(l.words) && strings.HasPrefix(l.words[i], word); i++ {
		n += l.docs[i]
	}
	return min(n, l.procedures)
}

// idf is how much finding word tells (the bm25 idf): a word in every name tells nothing,
// a word in no name the most.
func (l *Lexicon) idf(word string, prefix bool) float64 {
	n, df := float64(l.procedures), float64(l.df(word, prefix))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// SearchQuery is a query as search reads it: its slots, each something the villager
// asked for, to be found in a procedure's name or keywords.
type SearchQuery struct {
	Slots []SearchSlot
	total float64 // sum of the slots' weights
}

// SearchSlot is one thing asked for: a word of the query (with its other spelling, "ki"
// and "ky"), or the meaning of a synonym found in it ("sổ đỏ" → "giấy chứng nhận quyền
// sử dụng đất"). A procedure matches a slot by holding any one of Alts whole; a
// synonym's meaning matched in part counts in part.
type SearchSlot struct {
	Alts [][]string // folded words, each list one way of saying it
	// Prefix: the word is still being typed (the last one), or is a word nothing holds
	// whole but some word starts with: it matches the start of a word.
	Prefix bool
	Weight float64 // idf of the slot: how rare it is in the catalog
	// joined: a word typed right after the previous slot's word (no filler or synonym
	// between), so the two may be one compound ("tiền điện", "việc làm").
	joined bool
	// Context: typed after a preposition, it says the villager's situation ("cho người
	// thuê nhà"); a name missing it loses little (contextMissing).
	Context bool
	// guessed: Alts from this index on are corrections of a misspelt word (guesses).
	guessed int
	idf     [][]float64
}

// Query reads what a person typed. Synonym terms are replaced by their meaning, longest
// term first; fillers are dropped (unless nothing else is left); the last word is a
// prefix unless the query ends with a space. The words after a preposition that follows
// what was asked ("tạm trú | cho người thuê nhà", "tranh chấp đất | với nhà bên cạnh")
// are context: they count when a name holds them, and weigh little when it does not.
func (l *Lexicon) Query(q string) *SearchQuery {
	words := SearchWords(q)
	typing := len(words) > 0 && !strings.HasSuffix(q, " ")
	sq := &SearchQuery{}
	var fillers []SearchSlot
	prevWord := false // the slot before is a word typed just before this one
	context := false  // past a preposition: the villager's situation, not the procedure
	for i := 0; i < len(words); {
		n, means := 0, []string(nil)
		for k := min(l.longest, len(words)-i); k > 0; k-- {
			if m, ok := l.synonyms[synonymKey(words[i:i+k])]; ok {
				n, means = k, m
				break
			}
		}
		if !context && len(sq.Slots) > 0 && means == nil && searchPrepositions[words[i]] {
			context = true
		}
		switch {
		case n > 0 && means == nil:
			for j, w := range words[i : i+n] {
				f := l.wordSlot(w, typing && i+j == len(words)-1)
				f.joined = j > 0 || len(fillers) > 0 && i > 0
				fillers = append(fillers, f)
			}
			prevWord = false
		case n > 0:
			m := l.slot([][]string{means}, false)
			m.Context = context
			sq.Slots = append(sq.Slots, m)
			prevWord = false
		default:
			n = 1
			w := l.wordSlot(words[i], typing && i == len(words)-1)
			w.joined = prevWord
			w.Context = context
			sq.Slots = append(sq.Slots, w)
			prevWord = true
		}
		i += n
	}
	if len(sq.Slots) == 0 {
		sq.Slots = fillers // "xin giấy": fillers are all there is, so they count
	}
	for _, s := range sq.Slots {
		sq.total += s.Weight
	}
	return sq
}

// wordSlot is a word of the query with its other i/y spelling. A word nothing holds whole
// but some word starts with ("xac nh tinh trang") is read as a prefix.
func (l *Lexicon) wordSlot(w string, typing bool) SearchSlot {
	alts := [][]string{{w}}
	if v := iyVariant(w); v != "" && l.df(v, false) > 0 {
		alts = append(alts, []string{v})
	}
	prefix := typing
	if !prefix && len(w) >= 2 && len(alts) == 1 && l.df(w, false) == 0 && l.df(w, true) > 0 {
		prefix = true
	}
	guesses := 0
	if len(alts) == 1 {
		for _, g := range l.guesses(w) {
			alts = append(alts, []string{g})
			guesses++
		}
	}
	s := l.slot(alts, prefix)
	if guesses > 0 {
		s.guessed = len(alts) - guesses
	}
	return s
}

func (l *Lexicon) slot(alts [][]string, prefix bool) SearchSlot {
	s := SearchSlot{Alts: alts, Prefix: prefix, Weight: math.Inf(1)}
	for _, a := range alts {
		idf := make([]float64, len(a))
		rarest := 0.0
		for i, w := range a {
			idf[i] = l.idf(w, prefix && len(a) == 1)
			rarest = max(rarest, idf[i])
		}
		s.idf = append(s.idf, idf)
		// A phrase (a synonym's meaning) is as rare as its rarest word at least: "chuyển
		// mục đích sử dụng đất" is about "mục đích", not "đất". The commonest way of saying
		// it counts: an alternative spelling nobody uses does not make the slot rare.
		s.Weight = min(s.Weight, rarest)
	}
	return s
}

// Empty reports whether the query asks for nothing.
func (q *SearchQuery) Empty() bool { return len(q.Slots) == 0 }

// Needed returns the slots of which a procedure must hold at least one to score
// threshold or more: the slots whose absence costs most, as many as it takes for the
// others alone to fall short. A search can look only at procedures holding one of these
// and miss no good match.
func (q *SearchQuery) Needed(threshold float64) []int {
	order := make([]int, len(q.Slots))
	for i := range order {
		order[i] = i
	}
	missing := func(i int) float64 { return q.Slots[i].missing() }
	sort.SliceStable(order, func(a, b int) bool {
		return missing(order[a])*q.Slots[order[a]].Weight > missing(order[b])*q.Slots[order[b]].Weight
	})
	var lostW, lostN, keptW, keptN float64 // weights (and counts) of the slots missed, as missed
	for _, i := range order {
		keptW += q.Slots[i].Weight
		if !q.Slots[i].Context {
			keptN++
		}
	}
	for k, i := range order {
		s := q.Slots[i]
		keptW -= s.Weight
		lostW += s.missing() * s.Weight
		if !s.Context {
			keptN--
			lostN++
		}
		// The best a procedure missing slots order[:k+1] can do: all the others found, and
		// half of that with a name the query says all of (Score).
		asked := combine(ratio(keptW, keptW+lostW), ratio(keptN, keptN+lostN))
		if (asked+1)/2 < threshold {
			return order[:k+1]
		}
	}
	return order
}

// missing is how much of its weight a slot keeps in the score when a name lacks it: all
// of it, or contextMissing for context.
func (s SearchSlot) missing() float64 {
	if s.Context {
		return contextMissing
	}
	return 1
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// combine makes one match score of the rarity-weighted share of the slots found and the
// plain share: the first lets a rare word outweigh common ones ("khai tử" is about "tử",
// not "khai"), the second keeps one rare word from carrying a query whose other words are
// missing ("đăng ký xe" is not answered by a name that mentions "xe").
func combine(weighted, plain float64) float64 { return (weighted + plain) / 2 }
