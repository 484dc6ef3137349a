package kiosk

import (
	"strings"
	"time"
)

// ticketLookupPrefix starts what a ticket's QR code holds; "1" is the format's version.
const ticketLookupPrefix = "MC1:T:"

// TicketLookupCode is what a ticket's QR code holds: "MC1:T:<kiosk id>:<day>:<code>". It
// names the kiosk, the local day and the number, so a scanner at the kiosk (or the hub)
// finds the ticket without any personal data.
func TicketLookupCode(kioskID string, t Ticket) string {
	return ticketLookupPrefix + kioskID + ":" + t.Day + ":" + t.Code
}

// TicketLookup is a parsed ticket lookup code.
type TicketLookup struct {
	KioskID string
	Day     string
	Code    string
}

// ParseTicketLookup reads a scanned ticket lookup code, or returns EINVALID saying it is
// not one (a receipt's code, a web address, a misread). A kiosk id may hold colons, so
// the day and the number are read from the end.
func ParseTicketLookup(s string) (TicketLookup, error) {
	bad := Invalid("code", "Mã QR này không phải mã của phiếu số thứ tự", "not a ticket lookup code")
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, ticketLookupPrefix)
	if !ok || len(s) > 200 {
		return TicketLookup{}, bad
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return TicketLookup{}, bad
	}
	code := rest[i+1:]
	rest = rest[:i]
	j := strings.LastIndexByte(rest, ':')
	if j <= 0 {
		return TicketLookup{}, bad
	}
	l := TicketLookup{KioskID: rest[:j], Day: rest[j+1:], Code: code}
	if _, err := time.Parse(time.DateOnly, l.Day); err != nil || !ticketCodeOK(l.Code) {
		return TicketLookup{}, bad
	}
	return l, nil
}

// TypedTicket reads a ticket number a villager typed at the kiosk ("A012", " a 012 ") as
// that number among today's tickets of this kiosk: the paper shows the number and its
// date, and a ticket of an earlier day is rated by scanning its QR. ok is false when s is
// not in a number's shape.
func TypedTicket(s, kioskID, today string) (l TicketLookup, ok bool) {
	code := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if !ticketCodeOK(code) {
		return TicketLookup{}, false
	}
	return TicketLookup{KioskID: kioskID, Day: today, Code: code}, true
}

// ticketCodeOK accepts what TicketCode makes from a valid prefix: 1–2 capitals, then digits.
func ticketCodeOK(c string) bool {
	letters := 0
	for letters < len(c) && c[letters] >= 'A' && c[letters] <= 'Z' {
		letters++
	}
	if letters < 1 || letters > 2 || len(c)-letters < 3 || len(c)-letters > 6 {
		return false
	}
	for _, r := range c[letters:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
