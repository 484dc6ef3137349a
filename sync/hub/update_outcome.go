package hub

import (
	"cmp"
	"slices"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// What became of each kiosk's last program update, in words for IT: the kiosk's
// heartbeat carries it (wire.UpdateOutcome), the kiosk and fleet pages and the
// update_failed alert say it.

// updateWords says a kiosk's last update in Vietnamese: "Đã cập nhật lên 1.5.0 lúc
// 14:02 02/12/2026", "Đã quay lại 1.4.2 lúc …: bản mới không báo khoẻ trong 5 phút",
// "Từ chối bản cập nhật 1.5.0 lúc …: chữ ký không hợp lệ". The time is the kiosk's clock
// (the page shows its skew beside). "" when the kiosk never tried one.
func updateWords(o *wire.UpdateOutcome) string {
	if o == nil || o.State == "" {
		return ""
	}
	at, since := "", "" // " lúc 14:02 02/12/2026", " từ 14:02 02/12/2026"; nothing without a time
	if t, err := time.Parse(time.RFC3339, o.At); err == nil {
		when := localTime(t, "15:04 02/01/2006")
		at, since = " lúc "+when, " từ "+when
	}
	why := cmp.Or(o.ReasonVI, o.Reason)
	version := cmp.Or(o.Version, "(không rõ phiên bản)")
	switch o.State {
	case wire.UpdateInstalled:
		return "Đã cập nhật lên " + version + at
	case wire.UpdateTrying:
		return "Đang thử bản " + version + " (thay " + cmp.Or(o.From, "—") + ")" + since + ", chờ bản mới báo khoẻ"
	case wire.UpdateRolledBack:
		return "Đã quay lại " + cmp.Or(o.From, "bản trước") + at + " (bản " + version + " không dùng được): " + why
	case wire.UpdateRefused:
		return "Từ chối bản cập nhật " + version + at + ", vẫn chạy " + cmp.Or(o.From, "bản cũ") + ": " + why
	}
	return o.State + " " + version + at
}

// updateBadge is the short word the fleet table puts beside the version, and whether it
// is bad ("" for an update installed: the version says it).
func updateBadge(o *wire.UpdateOutcome) (string, bool) {
	if o == nil {
		return "", false
	}
	switch o.State {
	case wire.UpdateTrying:
		return "đang thử " + o.Version, false
	case wire.UpdateRolledBack:
		return "quay lại, bản " + o.Version + " lỗi", true
	case wire.UpdateRefused:
		return "từ chối " + cmp.Or(o.Version, "bản cập nhật"), true
	}
	return "", false
}

// ProgramCount is how many kiosks run one program version (the fleet page).
type ProgramCount struct {
	Version string // "" for kiosks that never sent a heartbeat
	Kiosks  int
}

// programCounts counts kiosks per version, newest version first (SemVer order; versions
// that do not parse, such as development builds, after them by name, then "").
func programCounts(by map[string]int) []ProgramCount {
	out := make([]ProgramCount, 0, len(by))
	for v, n := range by {
		out = append(out, ProgramCount{Version: v, Kiosks: n})
	}
	slices.SortFunc(out, func(a, b ProgramCount) int {
		va, ea := wire.ParseVersion(a.Version)
		vb, eb := wire.ParseVersion(b.Version)
		switch {
		case ea == nil && eb == nil:
			return vb.Compare(va)
		case ea == nil:
			return -1
		case eb == nil:
			return 1
		case (a.Version == "") != (b.Version == ""):
			if a.Version == "" {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Version, b.Version)
	})
	return out
}
