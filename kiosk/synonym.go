package kiosk

import (
	"fmt"
	"strings"
)

// searchFillers are words villagers put around what they want ("xin", "làm", "cho con",
// "ở đâu") that never tell one procedure from another: search leaves them out (compared
// folded, as every synonym term). They are
// language, not catalog, so they hold for every bundle; a bundle's synonym with the same
// term replaces one ({"terms": ["cho"], "means": "cho"} makes "cho" count again). Words
// that also carry meaning in procedure names stay out of this list: "tài" (tài sản),
// "đi" (di chúc), "thẻ", "hội", "đầu" (lần đầu), "giấy tờ".
var searchFillers = []string{
	"xin", "làm", "cách", "muốn", "cần", "tôi", "em", "mình", "giúp", "giùm", "nhờ",
	"của", "và", "với", "cho", "bị", "đã", "được", "về", "ạ", "nộp", "thì", "này", "sang",
	"để", "rồi",
	"thủ tục", "hồ sơ", "làm giấy", "xin giấy", "làm giấy tờ", "xin giấy tờ",
	"ở đâu", "thế nào", "như thế nào", "ra sao", "bao lâu", "mất bao lâu",
	"bao nhiêu", "bao nhiêu tiền", "hết bao nhiêu", "cần gì", "gì",
	"cho con", "cho bé", "cho cháu", "cho mẹ", "cho bố", "cho ba", "cho vợ", "cho chồng", "cho người nhà",
	"cho ông", "cho anh", "cho chị", "cho em", "cho cô", "cho chú", "cho bác", "cho dì",
}

// searchPrepositions (folded) start the context of a query: what follows says whom or
// what the procedure is for, or why ("tạm trú cho người thuê nhà", "giấy độc thân để kết
// hôn", "trợ cấp cho người già trên 80 tuổi"), which names seldom say. Vietnamese puts
// what is asked first and such phrases after it. Left out: words that fold like a noun
// of procedure names ("tại"/"tài sản", "từ"/"khai tử", "đến"/"chuyển đến", "ngoài"/"nước
// ngoài").
var searchPrepositions = map[string]bool{
	"cho": true, "voi": true, "ve": true, "tren": true, "duoi": true, "trong": true,
	"o": true, "de": true, "khi": true, "cua": true, "vao": true, "sang": true,
}

// Limits on a synonym: a term is a phrase, not a sentence.
const (
	synonymMaxTermWords  = 8
	synonymMaxMeansWords = 16
)

// Validate checks a synonym as a bundle gives it: every term and the meaning fold to at
// most so many words, every term to at least one. Errors name the field at fault.
func (s Synonym) Validate() error {
	for i, t := range s.Terms {
		switch n := len(strings.FieldsFunc(Fold(t), notWordRune)); {
		case n == 0:
			return Invalid(fmt.Sprintf("terms/%d", i), "Từ đồng nghĩa không có chữ nào: "+t, "the term has no letters or digits: "+t)
		case n > synonymMaxTermWords:
			return Invalid(fmt.Sprintf("terms/%d", i), fmt.Sprintf("Từ đồng nghĩa quá dài (tối đa %d từ): %s", synonymMaxTermWords, t),
				fmt.Sprintf("the term has over %d words (a search reads no more): %s", synonymMaxTermWords, t))
		}
	}
	if n := len(strings.FieldsFunc(Fold(s.Means), notWordRune)); n > synonymMaxMeansWords {
		return Invalid("means", fmt.Sprintf("Nghĩa quá dài (tối đa %d từ)", synonymMaxMeansWords),
			fmt.Sprintf("the meaning has over %d words", synonymMaxMeansWords))
	}
	return nil
}

// SynonymKey is how search compares a synonym term: folded, the i/y spellings made one
// ("chữ kí" and "chữ ký"), the words joined by spaces.
func SynonymKey(term string) string { return synonymKey(SearchWords(term)) }

func synonymKey(words []string) string {
	canon := make([]string, len(words))
	for i, w := range words {
		if v := iyVariant(w); v != "" && strings.HasSuffix(w, "i") {
			w = v
		}
		canon[i] = w
	}
	return strings.Join(canon, " ")
}

// iyVariant is w's other spelling when only i/y differ after k, l, m, s, t, h or qu
// ("ki" and "ky", "li" and "ly", "si" and "sy"): both are in use, and villagers write
// whichever they learnt. Otherwise "".
func iyVariant(w string) string {
	if len(w) < 2 {
		return ""
	}
	head, last := w[:len(w)-1], w[len(w)-1]
	switch head {
	case "k", "l", "m", "s", "t", "h", "qu":
	default:
		return ""
	}
	switch last {
	case 'i':
		return head + "y"
	case 'y':
		return head + "i"
	}
	return ""
}
