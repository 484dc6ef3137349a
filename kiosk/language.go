package kiosk

import "fmt"

// ValidLanguage checks the language a translation is keyed by: an ISO 639 code in lower
// case, two letters (639-1: "en") or three (639-3: "bdq" Bahnar, "jra" Jrai, "rad" Ê Đê),
// and not Vietnamese, which the text itself is in. field names the place in errors.
func ValidLanguage(field, code string) error {
	ok := len(code) == 2 || len(code) == 3
	for i := 0; ok && i < len(code); i++ {
		ok = code[i] >= 'a' && code[i] <= 'z'
	}
	switch {
	case !ok:
		return Invalid(field, fmt.Sprintf("Mã ngôn ngữ «%s» không hợp lệ: cần mã ISO 639 gồm 2 hoặc 3 chữ cái thường, ví dụ en, bdq (Ba Na), jra (Gia Rai), rad (Ê Đê)", code),
			fmt.Sprintf("language code %q is not an ISO 639 code of 2 or 3 lower-case letters (en, bdq, jra, rad)", code))
	case code == "vi":
		return Invalid(field, "Bản dịch không dùng mã vi: tiếng Việt là chính văn bản gốc", "a translation cannot be keyed vi: the text itself is Vietnamese")
	}
	return nil
}
