package kiosk_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/motcua/motcua/kiosk"
	"golang.org/x/text/unicode/norm"
)

// vietnamese lists every letter of the Vietnamese alphabet that carries a mark, with
// every tone, against its folded base letter.
var vietnamese = []struct {
	letters string
	base    string
}{
	{"aàáảãạ", "a"}, {"ăằắẳẵặ", "a"}, {"âầấẩẫậ", "a"},
	{"eèéẻẽẹ", "e"}, {"êềếểễệ", "e"},
	{"iìíỉĩị", "i"},
	{"oòóỏõọ", "o"}, {"ôồốổỗộ", "o"}, {"ơờớởỡợ", "o"},
	{"uùúủũụ", "u"}, {"ưừứửữự", "u"},
	{"yỳýỷỹỵ", "y"},
	{"đ", "d"}, {"d", "d"},
}

// minority lists the letters the Latin alphabets of Vietnam's minority languages add
// (Ê Đê, Gia Rai, Ba Na, Cơ Ho, M'Nông…), against their folded base letter. ê̆ ô̆ ơ̆ ư̆
// have no precomposed form: a vowel with a combining breve (U+0306).
var minority = []struct {
	letters string
	base    string
}{
	{"ƀ", "b"}, {"č", "c"}, {"ñ", "n"},
	{"ĕ", "e"}, {"ĭ", "i"}, {"ŏ", "o"}, {"ŭ", "u"},
	{"ǎ", "a"}, {"ě", "e"}, {"ǐ", "i"}, {"ǒ", "o"}, {"ǔ", "u"},
	{"ê\u0306", "e"}, {"ô\u0306", "o"}, {"ơ\u0306", "o"}, {"ư\u0306", "u"}, {"ă\u0306", "a"},
}

var alphabet = func() string {
	var b strings.Builder
	for _, g := range vietnamese {
		b.WriteString(g.letters)
	}
	for _, g := range minority {
		b.WriteString(g.letters)
	}
	return b.String()
}()

func TestFoldEveryVietnameseLetter(t *testing.T) {
	for _, g := range vietnamese {
		for _, lower := range g.letters {
			for _, letter := range []string{string(lower), upperOf(lower)} {
				for form, in := range map[string]string{"NFC": norm.NFC.String(letter), "NFD": norm.NFD.String(letter)} {
					if got := kiosk.Fold(in); got != g.base {
						t.Errorf("Fold(%q %s %U) = %q, want %q", letter, form, []rune(in), got, g.base)
					}
				}
			}
		}
	}
}

func upperOf(r rune) string { return strings.ToUpper(string(r)) }

func TestFoldMinorityLetters(t *testing.T) {
	for _, g := range minority {
		for _, letter := range []string{g.letters, strings.ToUpper(g.letters)} {
			for form, in := range map[string]string{"NFC": norm.NFC.String(letter), "NFD": norm.NFD.String(letter)} {
				if got := kiosk.Fold(in); got != g.base {
					t.Errorf("Fold(%q %s %U) = %q, want %q", letter, form, []rune(in), got, g.base)
				}
			}
		}
	}
	// Names as the minority languages write them, typed on a kiosk keyboard without them.
	for in, want := range map[string]string{
		"Buôn Ƀuôr":        "buon buor",
		"Čư M'gar":         "cu m'gar",
		"Ơ\u0306ng Klơ̆ng": "ong klong",
		"Kŏng Chro":        "kong chro",
		"ĔA H'LEO":         "ea h'leo",
	} {
		if got := kiosk.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Where the tone sits on oa, oe, uy (hòa or hoà, thủy or thuỷ) is a matter of style: the
// two spellings must fold alike, in NFC and NFD.
func TestFoldTonePlacement(t *testing.T) {
	for _, pair := range [][2]string{
		{"hòa", "hoà"}, {"Hòa giải", "Hoà giải"}, {"khỏe", "khoẻ"}, {"thủy", "thuỷ"},
		{"hóa", "hoá"}, {"lũy", "luỹ"}, {"tòa", "toà"}, {"quý", "qúy"},
	} {
		for _, a := range []string{pair[0], norm.NFD.String(pair[0])} {
			for _, b := range []string{pair[1], norm.NFD.String(pair[1])} {
				if kiosk.Fold(a) != kiosk.Fold(b) {
					t.Errorf("Fold(%q) = %q but Fold(%q) = %q", a, kiosk.Fold(a), b, kiosk.Fold(b))
				}
			}
		}
	}
}

func TestFoldPhrases(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đăng ký khai sinh", "dang ky khai sinh"},
		{"ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"},
		{"Chứng thực bản sao từ bản chính", "chung thuc ban sao tu ban chinh"},
		{"Xác nhận tình trạng hôn nhân", "xac nhan tinh trang hon nhan"},
		{"Khai tử", "khai tu"},
		{"Người có công", "nguoi co cong"},
		{"Thủ tục Đăng ký nghĩa vụ quân sự bổ sung", "thu tuc dang ky nghia vu quan su bo sung"},
		{"dang ky", "dang ky"},
		{"Giấy tờ (bản chính: 1)", "giay to (ban chinh: 1)"},
		{"", ""},
	}
	for _, tc := range tests {
		for _, in := range []string{tc.in, norm.NFD.String(tc.in)} {
			if got := kiosk.Fold(in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", in, got, tc.want)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Đăng ký khai sinh")
	f.Add(norm.NFD.String("Xác nhận tình trạng hôn nhân"))
	f.Fuzz(func(t *testing.T, s string) {
		// Only Vietnamese text promises NFC and NFD fold alike; other scripts pass through.
		for _, r := range norm.NFC.String(s) {
			if r >= 0x80 && !unicode.Is(unicode.Mn, r) && !strings.ContainsRune(alphabet, unicode.ToLower(r)) {
				return
			}
		}
		once := kiosk.Fold(s)
		if kiosk.Fold(once) != once {
			t.Fatalf("Fold is not idempotent on %q", s)
		}
		if kiosk.Fold(norm.NFC.String(s)) != kiosk.Fold(norm.NFD.String(s)) {
			t.Fatalf("NFC and NFD fold differently for %q", s)
		}
	})
}
