package kiosk

import (
	"strings"
	"testing"
)

func TestTicketLookupCodeRoundTrip(t *testing.T) {
	for _, kid := range []string{"kiosk-3f2a9c1b7d4e", "quang-ngai:dak-ha:1"} {
		code := TicketLookupCode(kid, Ticket{Day: "2026-11-25", Code: "AB012"})
		l, err := ParseTicketLookup(code)
		if err != nil || l != (TicketLookup{KioskID: kid, Day: "2026-11-25", Code: "AB012"}) {
			t.Fatalf("%s → %+v %v", code, l, err)
		}
	}
	for _, bad := range []string{
		"", "MC1:T:", "MC1:T:k:2026-11-25", "MC1:T::2026-11-25:A001", "MC1:T:k:2026-13-01:A001",
		"MC1:T:k:2026-11-25:a001", "MC1:T:k:2026-11-25:A01", "MC1:T:k:2026-11-25:ABC001", "MC1:T:k:2026-11-25:A001x",
		"MC1:R:k:2026-11-25:A001", "https://example.vn/t/20261125-A023", "000.00.06.H56-231027-0361",
	} {
		if _, err := ParseTicketLookup(bad); ErrorCode(err) != EINVALID {
			t.Errorf("%q: %v, want invalid", bad, err)
		}
	}
}

func TestTypedTicketIsTodaysAtThisKiosk(t *testing.T) {
	for in, want := range map[string]string{"A012": "A012", " a 012 ": "A012", "ab123456": "AB123456"} {
		l, ok := TypedTicket(in, "k1", "2026-11-25")
		if !ok || l != (TicketLookup{KioskID: "k1", Day: "2026-11-25", Code: want}) {
			t.Errorf("%q → %+v %v", in, l, ok)
		}
	}
	for _, bad := range []string{"", "A01", "ABC001", "012", "A0123456789", "MC1:T:k1:2026-11-25:A012", "000.00.06.H56-231027-0361"} {
		if l, ok := TypedTicket(bad, "k1", "2026-11-25"); ok {
			t.Errorf("%q → %+v, want not a number", bad, l)
		}
	}
}

// A scanned code comes from outside: whatever it holds, parsing never panics, and what it
// accepts prints back to the same code.
func FuzzParseTicketLookup(f *testing.F) {
	f.Add("MC1:T:kiosk-3f2a9c1b7d4e:2026-11-25:A012")
	f.Add("MC1:T:a:b:2026-01-01:ZZ999999")
	f.Add("MC1:T:\x00:2026-11-25:A001")
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseTicketLookup(s)
		if err != nil {
			return
		}
		if back := TicketLookupCode(l.KioskID, Ticket{Day: l.Day, Code: l.Code}); back != strings.TrimSpace(s) {
			t.Fatalf("%q parsed to %+v prints as %q", s, l, back)
		}
	})
}
