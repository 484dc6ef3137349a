package kiosk_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// names are real procedure names, enough for words to be rare or common as in a catalog.
var names = []string{
	"Thủ tục đăng ký khai sinh",
	"Thủ tục đăng ký khai tử",
	"Thủ tục đăng ký kết hôn",
	"Thủ tục đăng ký lại khai sinh",
	"Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
	"Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
	"Đăng ký thường trú",
	"Đăng ký tạm trú",
	"Khai báo tạm vắng",
	"Chứng thực chữ ký trong các giấy tờ, văn bản",
	"Cấp lại Giấy chứng nhận do bị mất",
	"Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu (cấp xã)",
	"Cấp Giấy phép xây dựng có thời hạn đối với các công trình công cộng bao gồm nhà để xe, bãi để xe",
	"Đăng ký thành lập hộ kinh doanh",
	"Xóa ghi nợ tiền sử dụng đất, lệ phí trước bạ trên Giấy chứng nhận đã cấp; xác định diện tích",
}

var synonyms = []kiosk.Synonym{
	{Terms: []string{"sổ đỏ", "sổ hồng"}, Means: "giấy chứng nhận quyền sử dụng đất"},
	{Terms: []string{"báo tử"}, Means: "khai tử"},
	{Terms: []string{"mở quán", "bán hàng"}, Means: "hộ kinh doanh"},
	{Terms: []string{"hàng xóm"}, Means: ""},
}

func lexicon(t testing.TB) (*kiosk.Lexicon, []kiosk.SearchCandidate) {
	t.Helper()
	words := map[string]int{}
	var cands []kiosk.SearchCandidate
	for _, n := range names {
		text := kiosk.SearchText(n)
		seen := map[string]bool{}
		for _, w := range text {
			if !seen[w] {
				seen[w] = true
				words[w]++
			}
		}
		cands = append(cands, kiosk.SearchCandidate{Name: text})
	}
	return kiosk.NewLexicon(len(names), words, synonyms), cands
}

// best returns the name that ranks first for q, with its match.
func best(t testing.TB, q string) (string, float64) {
	t.Helper()
	lex, cands := lexicon(t)
	sq := lex.Query(q)
	top, topMatch, topRank := "", 0.0, -1.0
	for i, c := range cands {
		if m, r := sq.Score(c); r > topRank {
			top, topMatch, topRank = names[i], m, r
		}
	}
	return top, topMatch
}

func alts(s kiosk.SearchSlot) string {
	var out []string
	for _, a := range s.Alts {
		out = append(out, strings.Join(a, " "))
	}
	return strings.Join(out, "|")
}

func TestQueryReadsSynonymsFillersAndSpellings(t *testing.T) {
	lex, _ := lexicon(t)
	for _, tc := range []struct {
		query string
		slots []string // each slot's alternatives joined by |; a trailing * marks a prefix
	}{
		{"lam so do", []string{"giay chung nhan quyen su dung dat"}},           // "làm" is a filler
		{"Sổ Hồng", []string{"giay chung nhan quyen su dung dat"}},             // marks and case do not matter
		{"bao tu cho ba", []string{"khai tu"}},                                 // "cho ba" is a filler
		{"mo quan ban hang", []string{"ho kinh doanh", "ho kinh doanh"}},       // two terms, one meaning
		{"dang ki ket hon", []string{"dang", "ki|ky", "ket", "hon*"}},          // ki and ky are one word
		{"dang ky ket hon ", []string{"dang", "ky", "ket", "hon"}},             // a space ends the word; no name says "ki"
		{"xac nh tinh trang", []string{"xac", "nh*", "tinh", "trang*"}},        // a word cut short mid-query
		{"dang ky tam tru voi hang xom", []string{"dang", "ky", "tam", "tru"}}, // a bundle filler
		{"xin", []string{"xin*"}},                                              // fillers alone still count
		{"giay khai sinh", []string{"giay", "khai", "sinh*"}},                  // no synonym: words as typed
		{"  !!  ", nil},
	} {
		var got []string
		for _, s := range lex.Query(tc.query).Slots {
			a := alts(s)
			if s.Prefix {
				a += "*"
			}
			got = append(got, a)
		}
		if !slices.Equal(got, tc.slots) {
			t.Errorf("Query(%q) slots = %q, want %q", tc.query, got, tc.slots)
		}
	}
}

func TestQueryReadsWhatFollowsAPrepositionAsContext(t *testing.T) {
	lex, _ := lexicon(t)
	for _, tc := range []struct {
		query   string
		context []bool // each slot's
	}{
		{"tam tru cho nguoi thue nha ", []bool{false, false, true, true, true}},
		{"dang ky ket hon voi nguoi nuoc ngoai ", []bool{false, false, false, false, true, true, true}},
		{"xac dinh dien tich trong so do ", []bool{false, false, false, false, true, true}}, // "trong" is no filler: it stays, as context
		{"cho thue dat ", []bool{false, false}},                                             // nothing asked before it: no context
		{"ban sao giay khai sinh ", []bool{false, false, false, false, false}},
	} {
		var got []bool
		for _, s := range lex.Query(tc.query).Slots {
			got = append(got, s.Context)
		}
		if !slices.Equal(got, tc.context) {
			t.Errorf("Query(%q) context = %v, want %v", tc.query, got, tc.context)
		}
	}
	// Context a name lacks costs little; context it holds ranks it first.
	for _, tc := range []struct{ query, want string }{
		{"dang ky tam tru cho nguoi thue nha", "Đăng ký tạm trú"},
		{"xin giay xac nhan tinh trang hon nhan de di lam an", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"},
		{"chung thuc chu ky trong giay to", "Chứng thực chữ ký trong các giấy tờ, văn bản"},
	} {
		if got, match := best(t, tc.query); got != tc.want || match < kiosk.SearchThreshold {
			t.Errorf("best for %q = %q (match %.2f), want %q above %.2f", tc.query, got, match, tc.want, kiosk.SearchThreshold)
		}
	}
	// Needed still holds: a name holding only the context of a query is no match.
	lexQ := lex.Query("ho ngheo cho nguoi thue nha ")
	if m, _ := lexQ.Score(kiosk.SearchCandidate{Name: kiosk.SearchText("cho người thuê nhà ở")}); m >= kiosk.SearchThreshold {
		t.Errorf("context alone matched %.2f", m)
	}
}

func TestQueryGuessesMisspeltWords(t *testing.T) {
	lex, _ := lexicon(t)
	for _, tc := range []struct {
		query string
		slots []string
	}{
		{"khai sihn ", []string{"khai", "sihn|sinh"}},                          // two letters swapped
		{"ban xao ", []string{"ban", "xao|sao"}},                               // s and x, as the north says them
		{"tinh trng ", []string{"tinh", "trng|trang|trong"}},                   // a letter left out
		{"xac nhanh ", []string{"xac", "nhanh|nhan|thanh"}},                    // a letter too many
		{"dang ky kinh doamh ", []string{"dang", "ky", "kinh", "doamh|doanh"}}, // a letter changed, in five
		{"giay cuoc ", []string{"giay", "cuoc"}},                               // in four letters a change is not guessed ("nuoc")
		{"tam tru ", []string{"tam", "tru"}},                                   // words a name holds are never second-guessed
		{"khai s", []string{"khai", "s*"}},                                     // a word still being typed is a prefix, no mistake
	} {
		var got []string
		for _, s := range lex.Query(tc.query).Slots {
			a := alts(s)
			if s.Prefix {
				a += "*"
			}
			got = append(got, a)
		}
		if !slices.Equal(got, tc.slots) {
			t.Errorf("Query(%q) slots = %q, want %q", tc.query, got, tc.slots)
		}
	}
	if got, match := best(t, "dang ky khai sihn"); got != "Thủ tục đăng ký khai sinh" || match < kiosk.SearchThreshold {
		t.Errorf("best for a misspelt word = %q (match %.2f)", got, match)
	}
	// A guess counts less than the word typed right.
	lex2, _ := lexicon(t)
	name := kiosk.SearchCandidate{Name: kiosk.SearchText("Thủ tục đăng ký khai sinh")}
	right, _ := lex2.Query("khai sinh ").Score(name)
	wrong, _ := lex2.Query("khai sihn ").Score(name)
	if !(wrong < right) {
		t.Errorf("misspelt %.2f, right %.2f: want less", wrong, right)
	}
}

func TestQueryWeighsRareWordsMore(t *testing.T) {
	lex, _ := lexicon(t)
	sq := lex.Query("dang ky khai tu ")
	if !(sq.Slots[3].Weight > sq.Slots[2].Weight && sq.Slots[2].Weight > sq.Slots[0].Weight) {
		t.Errorf("weights dang %.2f, khai %.2f, tu %.2f: want tu > khai > dang", sq.Slots[0].Weight, sq.Slots[2].Weight, sq.Slots[3].Weight)
	}
	if w := lex.Query("ngheo ").Slots[0].Weight; w <= sq.Slots[3].Weight {
		t.Errorf("a word no name holds weighs %.2f, no more than a rare one (%.2f)", w, sq.Slots[3].Weight)
	}
}

func TestScoreFindsTheAnswerAndNotTheNoise(t *testing.T) {
	for _, tc := range []struct {
		query, want string
	}{
		{"dang ky khai sinh", "Thủ tục đăng ký khai sinh"}, // the exact name before "đăng ký lại khai sinh"
		{"khai sinh", "Thủ tục đăng ký khai sinh"},         // the shorter name that says it
		{"khai tu", "Thủ tục đăng ký khai tử"},
		{"bao tu", "Thủ tục đăng ký khai tử"},
		{"lam so do", "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu (cấp xã)"},
		{"mat so do", "Cấp lại Giấy chứng nhận do bị mất"}, // part of a synonym's meaning, and a word
		{"mo quan", "Đăng ký thành lập hộ kinh doanh"},
		{"dang ki ket hon", "Thủ tục đăng ký kết hôn"},
		{"dang ky ket h", "Thủ tục đăng ký kết hôn"}, // still typing
		// More said than the name holds, but the name is nearly all said.
		{"giay xac nhan tinh trang hon nhan de mua nha", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"},
	} {
		got, match := best(t, tc.query)
		if got != tc.want || match < kiosk.SearchThreshold {
			t.Errorf("best for %q = %q (match %.2f), want %q above %.2f", tc.query, got, match, tc.want, kiosk.SearchThreshold)
		}
	}
	for _, q := range []string{
		"dang ky xe",   // "xe" stands alone in a building permit: not a vehicle registration
		"tien dien",    // "tiền" and "diện" far apart in a long name: not an electricity bill
		"ho ngheo",     // nothing holds "nghèo"
		"lam can cuoc", // nothing holds either word
		"khai",         // half a word of many names... is still a match: see below
	} {
		_, match := best(t, q)
		if q == "khai" {
			if match < kiosk.SearchThreshold {
				t.Errorf("a word many names hold matches them (%q: %.2f)", q, match)
			}
			continue
		}
		if match >= kiosk.SearchThreshold {
			t.Errorf("best for %q matches %.2f, want below %.2f (nothing is the answer)", q, match, kiosk.SearchThreshold)
		}
	}
}

func TestScoreCountsWordsByWhereTheyStand(t *testing.T) {
	lex, _ := lexicon(t)
	score := func(q, name string) float64 {
		m, _ := lex.Query(q).Score(kiosk.SearchCandidate{Name: kiosk.SearchText(name)})
		return m
	}
	// Words typed together and found together count whole; found far apart, half.
	if near, far := score("tien su dung", "Xóa ghi nợ tiền sử dụng đất"), score("tien dien", "Xóa ghi nợ tiền sử dụng đất, lệ phí; xác định diện tích"); near != 1 || far >= 0.75 {
		t.Errorf("together %.2f (want 1), apart %.2f (want under 0.75)", near, far)
	}
	// A word found only deep in a long name counts less than at its head.
	long := "Đăng ký biến động " + strings.Repeat("quyền sử dụng đất ", 10) + "tranh chấp"
	if head, deep := score("tranh chap", "tranh chấp đất đai"), score("tranh chap", long); head != 1 || deep >= head {
		t.Errorf("at the head %.2f, deep in a long name %.2f", head, deep)
	}
	// A whole word typed outranks one the typing could still become.
	if whole, part := score("khai tu", "đăng ký khai tử"), score("khai tu", "đăng ký khai tục"); whole <= part {
		t.Errorf("whole word %.2f, prefix only %.2f", whole, part)
	}
}

func TestScoreRanksCommuneAndUsedFirstAmongEquals(t *testing.T) {
	lex, _ := lexicon(t)
	sq := lex.Query("cap lai giay chung nhan")
	name := kiosk.SearchText("Cấp lại Giấy chứng nhận do bị mất")
	m0, plain := sq.Score(kiosk.SearchCandidate{Name: name})
	m1, commune := sq.Score(kiosk.SearchCandidate{Name: name, Commune: true})
	m2, used := sq.Score(kiosk.SearchCandidate{Name: name, Commune: true, Uses: 1000})
	if m0 != m1 || m1 != m2 {
		t.Errorf("level and uses changed the match: %.2f %.2f %.2f", m0, m1, m2)
	}
	// Level and uses only break ties: each adds at most 0.05.
	if !(plain < commune && commune < used) || used-commune > 0.05+1e-9 || commune-plain > 0.05+1e-9 {
		t.Errorf("ranks %.3f, commune %.3f, used %.3f: want rising, by at most 0.05 each", plain, commune, used)
	}
}

// Needed is what lets a store look only at procedures holding one of its slots: no
// procedure holding none of them may reach the threshold. Checked on random queries and
// names drawn from the catalog's words.
func TestNeededMissesNoGoodMatch(t *testing.T) {
	lex, _ := lexicon(t)
	var vocab []string
	for _, n := range names {
		vocab = append(vocab, kiosk.SearchText(n)...)
	}
	vocab = append(vocab, "ngheo", "xe", "so", "do", "bao", "tu")
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = vocab[rng.IntN(len(vocab))]
		}
		return out
	}
	for range 3000 {
		sq := lex.Query(strings.Join(pick(1+rng.IntN(5)), " ") + " ")
		if sq.Empty() {
			continue
		}
		needed := sq.Needed(kiosk.SearchThreshold)
		name := pick(2 + rng.IntN(20))
		match, _ := sq.Score(kiosk.SearchCandidate{Name: name})
		if match < kiosk.SearchThreshold {
			continue
		}
		holds := false
		for _, i := range needed {
			for _, a := range sq.Slots[i].Alts {
				if slices.Contains(name, a[0]) {
					holds = true
				}
			}
		}
		if !holds {
			t.Fatalf("%q matches %q at %.2f holding none of the needed slots %v", strings.Join(name, " "), alts(sq.Slots[0]), match, needed)
		}
	}
}

func TestSynonymValidate(t *testing.T) {
	for _, tc := range []struct {
		syn   kiosk.Synonym
		field string
	}{
		{kiosk.Synonym{Terms: []string{"sổ đỏ"}, Means: "giấy chứng nhận"}, ""},
		{kiosk.Synonym{Terms: []string{"xin"}, Means: ""}, ""}, // a filler
		{kiosk.Synonym{Terms: []string{"sổ đỏ", "!!"}, Means: "x"}, "terms/1"},
		{kiosk.Synonym{Terms: []string{"một hai ba bốn năm sáu bảy tám chín"}, Means: "x"}, "terms/0"},
		{kiosk.Synonym{Terms: []string{"x"}, Means: strings.Repeat("từ ", 17)}, "means"},
	} {
		err := tc.syn.Validate()
		if tc.field == "" && err != nil || tc.field != "" && kiosk.ErrorOf(err).Field != tc.field {
			t.Errorf("Validate(%+v) = %v, want field %q", tc.syn, err, tc.field)
		}
	}
	if kiosk.SynonymKey("Chữ Kí") != kiosk.SynonymKey("chữ ký") {
		t.Error("the i/y spellings of a term must compare equal")
	}
}
