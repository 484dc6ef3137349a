package kiosk

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CCCD scans. The QR code printed on the chip citizen ID card (căn cước công dân, and the
// 2024 căn cước) holds one line:
//
//	ID|old ID|full name|DDMMYYYY birth|sex|address|DDMMYYYY issue
//
// A USB scanner types it like a keyboard into the counter form, which asks ParseCCCD
// (through POST /api/v1/dossiers/scan) to fill the applicant. The old ID is empty on
// cards of people who never had a 9-digit CMND; the address has commas of its own.
// kiosk/testdata/cccd_vectors.json holds the test strings, for any other parser to share.

// cccdFields is how many fields a whole scan has; a card may add more after them, which
// are ignored.
const cccdFields = 7

// ParseCCCD reads a scanned CCCD string into the applicant fields it holds. A partial or
// malformed scan fills nothing: the error says in Vietnamese what was wrong and to scan
// again, and never repeats the scanned text (it is personal data). now bounds the dates.
func ParseCCCD(s string, now time.Time) (Applicant, error) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	bad := func(vi, en string) (Applicant, error) {
		return Applicant{}, Invalid("scan", vi+" Xin quét lại mã QR trên thẻ căn cước.", en+"; scan the card's QR again")
	}
	switch {
	case s == "":
		return bad("Chưa nhận được mã QR nào.", "nothing was scanned")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		return bad("Mã QR đọc được có ký tự lạ (máy quét có thể đang đặt sai bảng mã bàn phím).", "the scan holds control or invalid characters")
	}
	f := strings.Split(s, "|")
	if len(f) < cccdFields {
		return bad(fmt.Sprintf("Mã QR căn cước chưa đọc đủ (mới có %d/%d phần).", len(f), cccdFields),
			fmt.Sprintf("a partial scan: %d of %d fields", len(f), cccdFields))
	}
	for i := range f {
		f[i] = strings.Join(strings.Fields(f[i]), " ")
	}
	a := Applicant{IDNumber: f[0], OldIDNumber: f[1], Name: f[2], Address: f[5]}
	var err error
	switch {
	case !digits(a.IDNumber, 12):
		return bad("Số định danh trong mã QR không đúng (phải có 12 chữ số).", "the ID number is not 12 digits")
	case a.OldIDNumber != "" && !digits(a.OldIDNumber, 9) && !digits(a.OldIDNumber, 12):
		return bad("Số CMND cũ trong mã QR không đúng (9 hoặc 12 chữ số).", "the old ID number is not 9 or 12 digits")
	case a.Name == "" || strings.ContainsFunc(a.Name, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' && !unicode.Is(unicode.Mn, r) }):
		return bad("Họ tên trong mã QR không đọc được.", "the name is missing or not letters")
	case a.Address == "":
		return bad("Địa chỉ trong mã QR bị trống.", "the address is empty")
	}
	if a.BirthDate, err = cccdDate(f[3], now); err != nil {
		return bad("Ngày sinh trong mã QR không đúng (ngày tháng năm, 8 chữ số).", "the birth date is not a DDMMYYYY date")
	}
	if a.IDIssueDate, err = cccdDate(f[6], now); err != nil || a.IDIssueDate < a.BirthDate {
		return bad("Ngày cấp thẻ trong mã QR không đúng (ngày tháng năm, 8 chữ số).", "the issue date is not a DDMMYYYY date after the birth date")
	}
	switch Fold(f[4]) {
	case "nam":
		a.Sex = "Nam"
	case "nu":
		a.Sex = "Nữ"
	default:
		return bad("Giới tính trong mã QR không đọc được.", "the sex is neither Nam nor Nữ")
	}
	return a, nil
}

// cccdDate reads DDMMYYYY as YYYY-MM-DD: a real date, from 1900, not after now.
func cccdDate(s string, now time.Time) (string, error) {
	if !digits(s, 8) {
		return "", fmt.Errorf("not 8 digits")
	}
	t, err := time.ParseInLocation("02012006", s, Zone)
	if err != nil || t.Year() < 1900 || t.After(now) {
		return "", fmt.Errorf("not a past date")
	}
	return t.Format(time.DateOnly), nil
}

// LooksLikeCCCDScan reports whether s is (most of) a CCCD scan: a 12-digit number followed
// by at least four "|". A form field holding one was scanned into by mistake.
func LooksLikeCCCDScan(s string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(s), "|")
	return strings.Count(s, "|") >= 4 && digits(first, 12)
}
