package kiosk

import (
	"net/url"
	"strings"
	"time"
)

// DossierConfig is how the desk counts and keeps dossiers: the config file's "dossiers"
// key. Every field has a default, so an empty one is a working desk.
type DossierConfig struct {
	// OfficeHours are the hours the statutory clock counts in (giờ hành chính): for each
	// weekday its sessions, as the queue's hours are written. Default: DefaultHours,
	// 07:00–11:30 and 13:30–17:00, Monday to Friday. It is its own setting rather than the
	// queue's hours because a hall may hand out numbers earlier or longer than the office
	// works (or, under an older config, all day); a Saturday session counts only on a
	// Saturday the holiday calendar makes a working day (a swapped Saturday: with no
	// Saturday session, Monday's hours apply).
	OfficeHours *Hours `json:"office_hours,omitempty"`
	// SameDayCutoff is the "15 giờ" rule: a same-day procedure received at or after it is
	// counted from the next working morning. Default "15:00".
	SameDayCutoff string `json:"same_day_cutoff,omitempty"`
	// SupplementClock is the province's rule for a request to complete the dossier:
	// "pause" (default: the clock stops and the time left resumes when the papers come) or
	// "restart" (the whole statutory time starts again).
	SupplementClock string `json:"supplement_clock,omitempty"`
	// PurgeAfterDays is how long the applicant's personal data stays on the kiosk after the
	// dossier is final (returned, refused, withdrawn or stopped) and its events are on the
	// hub. Default 30.
	PurgeAfterDays int `json:"purge_after_days,omitempty"`
	// LookupURL is the LAN server's address as a phone on the commune's Wi-Fi reaches it,
	// e.g. "http://192.168.1.10:8080": the receipt's QR is LookupURL/d/{code}. Default: the
	// address the clerk's browser used to reach the kiosk (a counter PC on the LAN).
	LookupURL string `json:"lookup_url,omitempty"`
}

// Supplement clock rules.
const (
	SupplementPause   = "pause"
	SupplementRestart = "restart"
)

// Hours returns the office hours in force.
func (c DossierConfig) Hours() Hours {
	if c.OfficeHours != nil {
		return *c.OfficeHours
	}
	return DefaultHours()
}

// Cutoff returns the same-day cutoff in minutes after midnight.
func (c DossierConfig) Cutoff() int {
	if m, ok := parseClockMinute(c.SameDayCutoff, false); ok {
		return m
	}
	return 15 * 60
}

// Clock returns the supplement rule in force.
func (c DossierConfig) Clock() string {
	if c.SupplementClock == "" {
		return SupplementPause
	}
	return c.SupplementClock
}

// PurgeAfter returns how long personal data stays after a dossier is final and synced.
func (c DossierConfig) PurgeAfter() time.Duration {
	d := c.PurgeAfterDays
	if d == 0 {
		d = 30
	}
	return time.Duration(d) * 24 * time.Hour
}

// Validate reports the first setting that cannot work.
func (c DossierConfig) Validate() error {
	if c.OfficeHours != nil {
		if err := c.OfficeHours.Validate("dossiers.office_hours"); err != nil {
			return err
		}
	}
	if _, ok := parseClockMinute(c.SameDayCutoff, false); c.SameDayCutoff != "" && !ok {
		return Invalid("dossiers.same_day_cutoff", "Giờ chốt trong ngày phải có dạng HH:MM, ví dụ 15:00", "same_day_cutoff must be HH:MM")
	}
	switch c.SupplementClock {
	case "", SupplementPause, SupplementRestart:
	default:
		return Invalid("dossiers.supplement_clock", "supplement_clock phải là pause (tạm dừng) hoặc restart (tính lại từ đầu)", "supplement_clock must be pause or restart")
	}
	if c.PurgeAfterDays < 0 || c.PurgeAfterDays > 3650 {
		return Invalid("dossiers.purge_after_days", "purge_after_days phải từ 1 đến 3650 ngày", "purge_after_days must be 1–3650")
	}
	if c.LookupURL != "" {
		u, err := url.Parse(c.LookupURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(c.LookupURL, "?#") {
			return Invalid("dossiers.lookup_url", "lookup_url phải là địa chỉ http://MÁY:CỔNG của kiosk trong mạng nội bộ", "lookup_url must be the kiosk's http://HOST:PORT on the LAN")
		}
	}
	return nil
}
