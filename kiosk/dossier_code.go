package kiosk

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The dossier code (mã hồ sơ) is {agency code}-{yyMMdd}-{NNNN}, e.g.
// 000.00.06.H56-231027-0361: the receiving unit's agency code (configuration), the local
// day of receipt and a sequence that restarts each day per unit (Circular 01/2018). One
// kiosk owns its unit's sequence, so two devices never number the same unit's day.
var (
	agencyCodePattern  = regexp.MustCompile(`^[0-9A-Z]+(\.[0-9A-Z]+)*$`)
	dossierCodePattern = regexp.MustCompile(`^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-([0-9]{6})-([0-9]{4,6})$`)
)

// DossierCode formats the code of the n-th dossier the agency received on received's
// local day.
func DossierCode(agency string, received time.Time, n int) string {
	return fmt.Sprintf("%s-%s-%04d", agency, received.In(Zone).Format("060102"), n)
}

// ValidateAgencyCode checks the configured agency code: dotted groups of digits and capital
// letters, as the national list writes them (000.00.06.H56).
func ValidateAgencyCode(s string) error {
	if len(s) > 40 || !agencyCodePattern.MatchString(s) {
		return Invalid("commune.agency_code", "Mã đơn vị (agency_code) phải gồm chữ số, chữ in hoa và dấu chấm, ví dụ 000.00.06.H56",
			"agency_code must be digits and capital letters in dotted groups, e.g. 000.00.06.H56")
	}
	return nil
}

// ParseDossierCode reads what a villager typed or a scanner read: a dossier code, in any
// case and with stray spaces, or the receipt's lookup URL (…/d/{code}). It returns the
// code as stored, or EINVALID in words for the kiosk screen.
func ParseDossierCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, LookupPath); i >= 0 && (i == 0 || strings.Contains(s[:i], "://")) {
		s, _, _ = strings.Cut(s[i+len(LookupPath):], "?")
	}
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) > 64 || !dossierCodePattern.MatchString(s) {
		return "", Invalid("code", "Mã hồ sơ không đúng. Mã có dạng 000.00.06.H56-231027-0361, in trên giấy tiếp nhận.",
			"not a dossier code; it looks like 000.00.06.H56-231027-0361 and is printed on the receipt")
	}
	return s, nil
}

// LookupPath is where the LAN server shows a dossier's status by its code: the receipt's
// QR holds base + LookupPath + code, which carries no personal data and opens on a phone
// on the commune's Wi-Fi as well as at the kiosk's scanner.
const LookupPath = "/d/"

// LookupURL is the receipt's QR for code on the LAN server at base ("http://192.168.1.10:8080").
// With no base known it is the code alone: still read by the kiosk's scanner, and a phone
// shows it as text to type at the kiosk.
func LookupURL(base, code string) string {
	if base == "" {
		return code
	}
	return strings.TrimRight(base, "/") + LookupPath + code
}
