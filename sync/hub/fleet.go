package hub

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fleet view: every kiosk the user may see, with what IT needs to judge it at a
// glance, filtered, sorted, grouped by cluster and paged (a national roll-out is some
// 3,300 kiosks). The page refreshes itself live from /fleet/live (SSE).

// FleetPageSize is how many kiosks one page of the fleet view shows.
const FleetPageSize = 100

// FleetQuery is the fleet view's filter, sort and page, as its URL carries them.
type FleetQuery struct {
	Q       string // part of a kiosk id, hostname or commune, any case
	Cluster string
	Status  string // "", "online", "offline", "paper" (paper out or low), "alert", "update" (the last update failed), "revoked"
	Sort    string // "commune" (default), "seen", "backlog", "version", "skew", "disk", "sync"
	Desc    bool
	Group   bool // by cluster
	Page    int  // from 1
}

// fleetQueryOf reads a FleetQuery from a URL's query; unknown values fall back to the
// defaults.
func fleetQueryOf(v url.Values) FleetQuery {
	q := FleetQuery{Q: strings.TrimSpace(v.Get("q")), Cluster: v.Get("cluster"), Status: v.Get("status"), Sort: v.Get("sort"),
		Desc: v.Get("desc") == "1", Group: v.Get("group") == "1"}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	if q.Page < 1 {
		q.Page = 1
	}
	if _, ok := fleetSorts[q.Sort]; !ok {
		q.Sort = "commune"
	}
	switch q.Status {
	case "", "online", "offline", "paper", "alert", "update", "revoked":
	default:
		q.Status = ""
	}
	return q
}

// Encode is the query as a URL query string, page included.
func (q FleetQuery) Encode() string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("cluster", q.Cluster)
	set("status", q.Status)
	if q.Sort != "commune" {
		set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("desc", "1")
	}
	if q.Group {
		v.Set("group", "1")
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v.Encode()
}

// WithPage is the query at page p.
func (q FleetQuery) WithPage(p int) FleetQuery { q.Page = p; return q }

// SortedBy is the query sorted by col: the same column again flips the order.
func (q FleetQuery) SortedBy(col string) FleetQuery {
	if q.Sort == col {
		q.Desc = !q.Desc
	} else {
		q.Sort, q.Desc = col, false
	}
	q.Page = 1
	return q
}

// FleetRow is one kiosk as the fleet view shows it.
type FleetRow struct {
	Kiosk
	Online     bool
	PrinterBad bool // paper out, cover open, offline or an error: the row stands out
	Printer    string
	// Update is the last program update in words (updateWords); UpdateBadge its short
	// form beside the version, UpdateBad when it was rolled back or refused.
	Update, UpdateBadge string
	UpdateBad           bool
	Alerts              []Alert
	Today               KioskDay
}

// fleetRowOf is k as the fleet and kiosk views show it at now.
func fleetRowOf(k *Kiosk, now time.Time) FleetRow {
	r := FleetRow{Kiosk: *k, Online: k.Revoked.IsZero() && isOnline(now, k.LastSeen)}
	r.Printer, r.PrinterBad = printerWords(k)
	r.Update = updateWords(k.LastHeartbeat.Update)
	r.UpdateBadge, r.UpdateBad = updateBadge(k.LastHeartbeat.Update)
	return r
}

// FleetGroup is the rows of one cluster on the page, with the cluster's counts over the
// whole filtered fleet.
type FleetGroup struct {
	Cluster         string
	Kiosks, Offline int
	Rows            []FleetRow
}

// FleetView is one page of the fleet.
type FleetView struct {
	Query                                FleetQuery
	Groups                               []FleetGroup // one group of all rows when not grouping
	Matched, Total, Online, Offline, Bad int          // Matched: after the filter; the rest over the user's whole fleet
	Alerts                               int
	// Programs counts the user's kiosks (revoked ones aside) per program version, newest
	// first; UpdatesFailed those whose last update was rolled back or refused.
	Programs      []ProgramCount
	UpdatesFailed int
	Page, Pages   int
	Clusters      []string
	Day           string
}

// printerWords puts a printer's state in words, and says whether it needs someone.
func printerWords(k *Kiosk) (string, bool) {
	if k.LastSeen.IsZero() {
		return "—", false
	}
	p := k.LastHeartbeat.Printer
	switch {
	case p.PaperOut:
		return "HẾT GIẤY", true
	case p.CoverOpen:
		return "mở nắp", true
	case !p.Online:
		return "không kết nối", true
	case p.Error != "":
		return "lỗi: " + p.Error, true
	case p.PaperLow:
		return "sắp hết giấy", false
	}
	return "sẵn sàng", false
}

var fleetSorts = map[string]func(a, b *FleetRow) int{
	"commune": func(a, b *FleetRow) int {
		return cmp.Or(strings.Compare(a.Commune, b.Commune), strings.Compare(a.ID, b.ID))
	},
	"seen":    func(a, b *FleetRow) int { return a.LastSeen.Compare(b.LastSeen) },
	"sync":    func(a, b *FleetRow) int { return a.LastSync.Compare(b.LastSync) },
	"backlog": func(a, b *FleetRow) int { return cmp.Compare(a.LastHeartbeat.Backlog, b.LastHeartbeat.Backlog) },
	"version": func(a, b *FleetRow) int { return strings.Compare(a.LastHeartbeat.Version, b.LastHeartbeat.Version) },
	"skew":    func(a, b *FleetRow) int { return cmp.Compare(abs(a.SkewMillis), abs(b.SkewMillis)) },
	"disk": func(a, b *FleetRow) int {
		return cmp.Compare(a.LastHeartbeat.DiskFreeBytes, b.LastHeartbeat.DiskFreeBytes)
	},
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// fleetView builds a page of the fleet from every kiosk u sees.
func fleetView(kiosks []Kiosk, u *User, alerts map[string][]Alert, days map[string]KioskDay, q FleetQuery, now time.Time) FleetView {
	v := FleetView{Query: q, Day: localTime(now, "02/01/2006")}
	clusters := map[string]bool{}
	var rows []FleetRow
	needle := strings.ToLower(q.Q)
	programs := map[string]int{}
	for i := range kiosks {
		k := &kiosks[i]
		if !u.Sees(k) {
			continue
		}
		row := fleetRowOf(k, now)
		row.Alerts, row.Today = alerts[k.ID], days[k.ID]
		v.Total++
		if k.Revoked.IsZero() {
			programs[k.LastHeartbeat.Version]++
			if row.UpdateBad {
				v.UpdatesFailed++
			}
		}
		v.Alerts += len(row.Alerts)
		switch {
		case !k.Revoked.IsZero():
		case row.Online:
			v.Online++
		default:
			v.Offline++
		}
		if row.PrinterBad && k.Revoked.IsZero() {
			v.Bad++
		}
		clusters[k.Cluster] = true
		if !row.matches(q, needle) {
			continue
		}
		rows = append(rows, row)
	}
	v.Programs = programCounts(programs)
	for c := range clusters {
		v.Clusters = append(v.Clusters, c)
	}
	slices.Sort(v.Clusters)
	by := fleetSorts[q.Sort]
	slices.SortStableFunc(rows, func(a, b FleetRow) int {
		if q.Group {
			if c := strings.Compare(a.Cluster, b.Cluster); c != 0 {
				return c
			}
		}
		c := by(&a, &b)
		if q.Desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.ID, b.ID))
	})
	v.Matched = len(rows)
	v.Pages = max(1, (len(rows)+FleetPageSize-1)/FleetPageSize)
	v.Page = min(q.Page, v.Pages)
	v.Query.Page = v.Page
	counts := map[string]*FleetGroup{}
	if q.Group {
		for _, r := range rows {
			g := counts[r.Cluster]
			if g == nil {
				g = &FleetGroup{Cluster: r.Cluster}
				counts[r.Cluster] = g
			}
			g.Kiosks++
			if !r.Online && r.Revoked.IsZero() {
				g.Offline++
			}
		}
	}
	page := rows[(v.Page-1)*FleetPageSize : min(len(rows), v.Page*FleetPageSize)]
	for _, r := range page {
		if n := len(v.Groups); n == 0 || (q.Group && v.Groups[n-1].Cluster != r.Cluster) {
			g := FleetGroup{Cluster: r.Cluster}
			if c := counts[r.Cluster]; c != nil {
				g.Kiosks, g.Offline = c.Kiosks, c.Offline
			}
			v.Groups = append(v.Groups, g)
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Rows = append(g.Rows, r)
	}
	return v
}

func (r *FleetRow) matches(q FleetQuery, needle string) bool {
	if q.Cluster != "" && r.Cluster != q.Cluster {
		return false
	}
	if needle != "" && !strings.Contains(strings.ToLower(r.ID+" "+r.Hostname+" "+r.Commune), needle) {
		return false
	}
	revoked := !r.Revoked.IsZero()
	switch q.Status {
	case "online":
		return r.Online
	case "offline":
		return !r.Online && !revoked
	case "paper":
		return !revoked && !r.LastSeen.IsZero() && (r.LastHeartbeat.Printer.PaperOut || r.LastHeartbeat.Printer.PaperLow)
	case "alert":
		return len(r.Alerts) > 0
	case "update":
		return !revoked && r.UpdateBad
	case "revoked":
		return revoked
	}
	return true
}

// loadFleet reads what the fleet view needs.
func (s *Server) loadFleet(ctx context.Context, u *User, q FleetQuery) (FleetView, error) {
	now := s.now()
	ks, err := s.Store.Kiosks(ctx)
	if err != nil {
		return FleetView{}, err
	}
	alerts, err := s.openAlertsByKiosk(ctx)
	if err != nil {
		return FleetView{}, err
	}
	days, err := s.Store.KioskDays(ctx, localTime(now, time.DateOnly))
	if err != nil {
		return FleetView{}, err
	}
	return fleetView(ks, u, alerts, days, q, now), nil
}

func (s *Server) fleetPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadFleet(r.Context(), userOf(r), fleetQueryOf(r.URL.Query()))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "fleet", "Đội kiosk", v)
}

// fleetLive streams the fleet table of the page's query whenever it changes (SSE).
func (s *Server) fleetLive(w http.ResponseWriter, r *http.Request) {
	u, q := userOf(r), fleetQueryOf(r.URL.Query())
	s.live(w, r, "fleet", func(ctx context.Context) (string, error) {
		v, err := s.loadFleet(ctx, u, q)
		if err != nil {
			return "", err
		}
		return fragment("fleet", "fleet-table", pageData{User: u, Now: s.now(), Body: v})
	})
}

// OnlineWithin is how recent a heartbeat must be for the dashboard to call a kiosk online
// (kiosks beat every few minutes).
const OnlineWithin = 10 * time.Minute

// isOnline tells whether a kiosk last seen at seen counts as online at now.
func isOnline(now, seen time.Time) bool { return !seen.IsZero() && now.Sub(seen) < OnlineWithin }
