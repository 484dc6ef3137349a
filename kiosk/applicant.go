package kiosk

import (
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Applicant is the person who hands the dossier in (người nộp hồ sơ), as the counter form
// and a CCCD scan fill it. Everything but Name is personal data the store keeps sealed
// (Law 91/2025): the ID numbers, dates, sex, address, phone and e-mail. It never goes to a
// log whole: LogValue masks it.
type Applicant struct {
	Name        string `json:"name"`
	IDNumber    string `json:"id_number,omitempty"`     // số định danh cá nhân (12 digits) or an old CMND (9)
	OldIDNumber string `json:"old_id_number,omitempty"` // the CMND on the chip card's QR, when there was one
	BirthDate   string `json:"birth_date,omitempty"`    // YYYY-MM-DD
	Sex         string `json:"sex,omitempty"`           // "Nam" or "Nữ", as the card says
	Address     string `json:"address,omitempty"`       // nơi thường trú, as the card says
	IDIssueDate string `json:"id_issue_date,omitempty"` // YYYY-MM-DD
	Phone       string `json:"phone,omitempty"`         // stored normalised (NormalizePhone)
	Email       string `json:"email,omitempty"`
	// Owner is the dossier's owner (chủ hồ sơ) when not the person handing it in.
	Owner string `json:"owner,omitempty"`
}

// LogValue keeps personal data out of logs: a logged Applicant shows only its masked name.
func (a Applicant) LogValue() slog.Value { return slog.StringValue(MaskName(a.Name)) }

// PersonalFields names the applicant's sealed fields that hold a value, for the audit log
// (which records which fields were seen or changed, never their values).
func (a Applicant) PersonalFields() []string {
	var out []string
	for _, f := range []struct{ name, v string }{{"id_number", a.IDNumber}, {"old_id_number", a.OldIDNumber},
		{"birth_date", a.BirthDate}, {"sex", a.Sex}, {"address", a.Address}, {"id_issue_date", a.IDIssueDate},
		{"phone", a.Phone}, {"email", a.Email}, {"owner", a.Owner}} {
		if f.v != "" {
			out = append(out, f.name)
		}
	}
	return out
}

// ChangedFields names the fields that differ between a and b (name included).
func (a Applicant) ChangedFields(b Applicant) []string {
	var out []string
	pairs := []struct {
		name string
		x, y string
	}{{"name", a.Name, b.Name}, {"id_number", a.IDNumber, b.IDNumber}, {"old_id_number", a.OldIDNumber, b.OldIDNumber},
		{"birth_date", a.BirthDate, b.BirthDate}, {"sex", a.Sex, b.Sex}, {"address", a.Address, b.Address},
		{"id_issue_date", a.IDIssueDate, b.IDIssueDate}, {"phone", a.Phone, b.Phone}, {"email", a.Email, b.Email},
		{"owner", a.Owner, b.Owner}}
	for _, p := range pairs {
		if p.x != p.y {
			out = append(out, p.name)
		}
	}
	return out
}

// Normalize trims every field, collapses runs of spaces in names and the address, and
// writes the phone as 0 and 9 digits, so the stored form and the search index agree.
func (a *Applicant) Normalize() {
	for _, p := range []*string{&a.Name, &a.Owner, &a.Address} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	for _, p := range []*string{&a.IDNumber, &a.OldIDNumber, &a.BirthDate, &a.Sex, &a.IDIssueDate, &a.Email} {
		*p = strings.TrimSpace(*p)
	}
	if p, ok := NormalizePhone(a.Phone); ok {
		a.Phone = p
	} else {
		a.Phone = strings.TrimSpace(a.Phone)
	}
}

// Validate checks a normalised applicant; now bounds the dates. Each error names the
// field and says in Vietnamese what to fix. A whole CCCD scan typed into a field (the
// scanner was pointed at the wrong box) is caught as such.
func (a *Applicant) Validate(now time.Time) error {
	fields := []struct{ name, v, vi string }{{"name", a.Name, "Họ tên"}, {"id_number", a.IDNumber, "Số định danh"},
		{"old_id_number", a.OldIDNumber, "Số CMND cũ"}, {"birth_date", a.BirthDate, "Ngày sinh"}, {"sex", a.Sex, "Giới tính"},
		{"address", a.Address, "Địa chỉ"}, {"id_issue_date", a.IDIssueDate, "Ngày cấp"}, {"phone", a.Phone, "Số điện thoại"},
		{"email", a.Email, "Email"}, {"owner", a.Owner, "Chủ hồ sơ"}}
	for _, f := range fields {
		if LooksLikeCCCDScan(f.v) {
			return Invalid("applicant."+f.name, "Ô “"+f.vi+"” đang chứa cả mã QR của căn cước (quét nhầm ô). Xin xoá ô này và quét vào ô quét mã.",
				"the "+f.name+" field holds a whole CCCD scan (scanned into the wrong field)")
		}
		if !utf8.ValidString(f.v) || strings.ContainsFunc(f.v, unicode.IsControl) {
			return Invalid("applicant."+f.name, "Ô “"+f.vi+"” có ký tự không hợp lệ", f.name+" has invalid characters")
		}
	}
	switch {
	case blank(a.Name):
		return Invalid("applicant.name", "Xin nhập họ tên người nộp hồ sơ", "the applicant's name is required")
	case utf8.RuneCountInString(a.Name) > 100 || strings.ContainsFunc(a.Name, unicode.IsDigit):
		return Invalid("applicant.name", "Họ tên không hợp lệ (chỉ gồm chữ, tối đa 100 ký tự)", "the name must be letters, at most 100")
	case a.IDNumber != "" && !digits(a.IDNumber, 12) && !digits(a.IDNumber, 9):
		return Invalid("applicant.id_number", "Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số)", "the ID number must be 12 digits (an old CMND: 9)")
	case a.OldIDNumber != "" && !digits(a.OldIDNumber, 9) && !digits(a.OldIDNumber, 12):
		return Invalid("applicant.old_id_number", "Số CMND cũ gồm 9 hoặc 12 chữ số", "the old ID number must be 9 or 12 digits")
	case a.Sex != "" && a.Sex != "Nam" && a.Sex != "Nữ":
		return Invalid("applicant.sex", "Giới tính là Nam hoặc Nữ", "sex must be Nam or Nữ")
	case utf8.RuneCountInString(a.Address) > 300:
		return Invalid("applicant.address", "Địa chỉ quá dài (tối đa 300 ký tự)", "the address is over 300 characters")
	case utf8.RuneCountInString(a.Owner) > 100:
		return Invalid("applicant.owner", "Tên chủ hồ sơ quá dài (tối đa 100 ký tự)", "the owner's name is over 100 characters")
	case a.Phone != "" && !validPhone(a.Phone):
		return Invalid("applicant.phone", "Số điện thoại không hợp lệ (di động 10 chữ số, ví dụ 0912345678; cố định 11 chữ số)", "the phone must be 10 digits (a landline 11), e.g. 0912345678")
	case a.Email != "" && (len(a.Email) > 254 || !strings.Contains(a.Email, "@") || strings.ContainsAny(a.Email, " ,;")):
		return Invalid("applicant.email", "Địa chỉ email không hợp lệ", "the e-mail address is not valid")
	}
	for _, d := range []struct{ name, v, vi string }{{"birth_date", a.BirthDate, "Ngày sinh"}, {"id_issue_date", a.IDIssueDate, "Ngày cấp"}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.v, Zone)
		if err != nil || t.Year() < 1900 || t.After(now) {
			return Invalid("applicant."+d.name, d.vi+" không hợp lệ (ngày/tháng/năm, không sau hôm nay)", d.name+" must be a past date YYYY-MM-DD")
		}
	}
	return nil
}

// NormalizePhone writes a Vietnamese phone number as digits from its leading 0:
// "+84 912 345 678", "84912345678", "0912.345.678" all become "0912345678", and the
// landline "(024) 3825 1234" becomes "02438251234". It reports false for anything else,
// which is then kept as typed for Validate to refuse.
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '.', r == '-', r == '(', r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	switch {
	case (len(d) == 11 || len(d) == 12) && strings.HasPrefix(d, "84"):
		d = "0" + d[2:]
	case len(d) == 9 && d[0] != '0':
		d = "0" + d
	}
	return d, validPhone(d)
}

// validPhone: a mobile number is 0 and 9 digits; a landline, since 2017, 02 and 9 digits.
func validPhone(d string) bool {
	return (digits(d, 10) && d[0] == '0') || (digits(d, 11) && strings.HasPrefix(d, "02"))
}

// MaskName shows a name as the public may see it: the family name whole, then initials,
// "Nguyễn Văn An" → "Nguyễn V. A.". A one-word name becomes its initial.
func MaskName(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	initial := func(w string) string {
		r, _ := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r)) + "."
	}
	if len(words) == 1 {
		return initial(words[0])
	}
	out := []string{words[0]}
	for _, w := range words[1:] {
		out = append(out, initial(w))
	}
	return strings.Join(out, " ")
}

// MaskID shows only the last three characters of an ID number or phone: "*********789".
// Every print and public answer uses it (hardware.Mask is the printer's twin).
func MaskID(id string) string {
	r := []rune(strings.TrimSpace(id))
	if len(r) <= 3 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-3) + string(r[len(r)-3:])
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
