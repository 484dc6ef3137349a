package hub

import (
	"context"
	"fmt"
	"time"
)

// Alert kinds.
const (
	AlertOffline   = "offline"    // no heartbeat for longer than AlertRules.OfflineAfter
	AlertPaperOut  = "paper_out"  // the last heartbeat says the printer has no paper
	AlertBacklog   = "backlog"    // events pile up on the kiosk instead of reaching the hub
	AlertClockSkew = "clock_skew" // the kiosk's clock is off by more than AlertRules.MaxSkew
	// AlertUpdateFailed: the kiosk's last program update was rolled back or refused; it
	// closes when an update installs (or is on trial).
	AlertUpdateFailed = "update_failed"
)

// alertWords names each kind for IT's pages and the webhook's text.
var alertWords = map[string]string{
	AlertOffline:      "Mất kết nối lâu",
	AlertPaperOut:     "Máy in hết giấy",
	AlertBacklog:      "Tồn đọng tăng",
	AlertClockSkew:    "Lệch giờ",
	AlertUpdateFailed: "Cập nhật phần mềm không thành công",
}

// Alert is a condition of one kiosk that IT must see; open while it holds.
type Alert struct {
	ID      int64     `json:"id"`
	Kiosk   string    `json:"kiosk"`
	Commune string    `json:"commune,omitempty"`
	Cluster string    `json:"cluster,omitempty"`
	Kind    string    `json:"kind"`
	Detail  string    `json:"detail,omitempty"` // in Vietnamese
	Opened  time.Time `json:"opened"`
	Closed  time.Time `json:"closed,omitzero"`
}

// Words is the kind in Vietnamese.
func (a *Alert) Words() string {
	if w, ok := alertWords[a.Kind]; ok {
		return w
	}
	return a.Kind
}

// AlertRules are the thresholds of the alerts.
type AlertRules struct {
	OfflineAfter time.Duration // default 4 h
	BacklogMin   int64         // events waiting before a backlog counts, default 200
	BacklogAge   time.Duration // age of the oldest waiting event that means it does not drain, default 2 h
	MaxSkew      time.Duration // default 2 min
}

func (r AlertRules) withDefaults() AlertRules {
	if r.OfflineAfter <= 0 {
		r.OfflineAfter = 4 * time.Hour
	}
	if r.BacklogMin <= 0 {
		r.BacklogMin = 200
	}
	if r.BacklogAge <= 0 {
		r.BacklogAge = 2 * time.Hour
	}
	if r.MaxSkew <= 0 {
		r.MaxSkew = 2 * time.Minute
	}
	return r
}

// Notice is one webhook message to deliver: an alert opened or closed.
type Notice struct {
	ID       int64
	Event    string // "opened" or "closed"
	Alert    Alert
	Attempts int
}

// AlertQuery selects alerts, newest first.
type AlertQuery struct {
	Kiosk      string
	OpenOnly   bool
	ClosedFrom time.Time // with !OpenOnly: closed alerts since then (open ones always)
	Limit      int
}

// AlertStore keeps alerts and their notices. Part of Store.
type AlertStore interface {
	// SyncAlerts makes the open alerts exactly want (by kiosk and kind) in one
	// transaction: it opens those missing, closes those no longer wanted, and queues a
	// notice for each change, due at now. Hubs running it at once take turns. It returns
	// what it opened and closed.
	SyncAlerts(ctx context.Context, want []Alert, now time.Time) (opened, closed []Alert, err error)
	Alerts(ctx context.Context, q AlertQuery) ([]Alert, error)
	// ClaimNotices returns up to limit notices due at now and moves each one's due time to
	// now+lease, so another hub does not send it meanwhile.
	ClaimNotices(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Notice, error)
	// NoticeSent marks a notice delivered.
	NoticeSent(ctx context.Context, id int64, now time.Time) error
	// NoticeFailed records a failed attempt: due again at next, or given up when next is
	// zero.
	NoticeFailed(ctx context.Context, id int64, why string, next, now time.Time) error
}

// wantedAlerts evaluates rules over the fleet at now: the alerts that should be open.
// history gives a kiosk's newest heartbeats (for a backlog that keeps growing); it is
// asked only of kiosks whose backlog is over the minimum.
func wantedAlerts(ctx context.Context, kiosks []Kiosk, rules AlertRules, now time.Time,
	history func(ctx context.Context, kiosk string) ([]HeartbeatRow, error)) ([]Alert, error) {
	rules = rules.withDefaults()
	var out []Alert
	for i := range kiosks {
		k := &kiosks[i]
		if !k.Revoked.IsZero() {
			continue
		}
		add := func(kind, detail string) {
			out = append(out, Alert{Kiosk: k.ID, Commune: k.Commune, Cluster: k.Cluster, Kind: kind, Detail: detail})
		}
		seen := k.LastSeen
		if seen.IsZero() {
			seen = k.Enrolled
		}
		if d := now.Sub(seen); d > rules.OfflineAfter {
			add(AlertOffline, fmt.Sprintf("không có tín hiệu từ %s (%s)", localTime(seen, "15:04 02/01/2006"), ago(now, seen)))
		}
		if k.LastSeen.IsZero() {
			continue
		}
		hb := k.LastHeartbeat
		if hb.Printer.PaperOut {
			add(AlertPaperOut, "máy in báo hết giấy lúc "+localTime(k.LastSeen, "15:04 02/01/2006"))
		}
		if hb.Update.Failed() {
			add(AlertUpdateFailed, updateWords(hb.Update))
		}
		if skew := time.Duration(abs(k.SkewMillis)) * time.Millisecond; skew > rules.MaxSkew {
			add(AlertClockSkew, "đồng hồ kiosk "+skewWords(k.SkewMillis))
		}
		if hb.Backlog >= rules.BacklogMin {
			stuck := !hb.OldestPending.IsZero() && hb.Clock.Sub(hb.OldestPending) > rules.BacklogAge
			growing := false
			if !stuck {
				hist, err := history(ctx, k.ID)
				if err != nil {
					return nil, err
				}
				growing = len(hist) >= 3 && hist[0].Heartbeat.Backlog > hist[1].Heartbeat.Backlog && hist[1].Heartbeat.Backlog > hist[2].Heartbeat.Backlog
			}
			if stuck || growing {
				add(AlertBacklog, fmt.Sprintf("%d sự kiện chờ gửi, cũ nhất từ %s", hb.Backlog, localTime(hb.OldestPending, "15:04 02/01/2006")))
			}
		}
	}
	return out, nil
}

// openAlertsByKiosk gives the open alerts of every kiosk.
func (s *Server) openAlertsByKiosk(ctx context.Context) (map[string][]Alert, error) {
	as, err := s.Store.Alerts(ctx, AlertQuery{OpenOnly: true, Limit: 100000})
	if err != nil {
		return nil, err
	}
	out := map[string][]Alert{}
	for _, a := range as {
		out[a.Kiosk] = append(out[a.Kiosk], a)
	}
	return out, nil
}

// alertChanges compares the open alerts with those the heartbeats want: the ones to open
// (wanted, not open; each kiosk and kind once) and the ones to close (open, no longer
// wanted). Both stores apply it inside their one transaction.
func alertChanges(open, want []Alert) (toOpen, toClose []Alert) {
	held := map[[2]string]bool{}
	for _, a := range open {
		held[[2]string{a.Kiosk, a.Kind}] = true
	}
	wanted := map[[2]string]bool{}
	for _, a := range want {
		key := [2]string{a.Kiosk, a.Kind}
		if wanted[key] {
			continue
		}
		wanted[key] = true
		if !held[key] {
			toOpen = append(toOpen, a)
		}
	}
	for _, a := range open {
		if !wanted[[2]string{a.Kiosk, a.Kind}] {
			toClose = append(toClose, a)
		}
	}
	return toOpen, toClose
}
