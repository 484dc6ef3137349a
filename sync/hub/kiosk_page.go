package hub

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// The kiosk view: one kiosk's facts, its heartbeat and sync history as charts, its recent
// errors, uploaded logs, alerts, and the commands IT sends it with their states. The
// commands' table refreshes live (SSE) so IT sees "queued" become "done".

// HistoryBeats is how many heartbeats the kiosk view charts (about ten hours at one every
// three minutes).
const HistoryBeats = 200

// KioskView is the kiosk page's data.
type KioskView struct {
	FleetRow
	Commands []CommandRow
	Logs     []LogRow
	Alerts   []Alert
	Errors   []KioskError
	History  ChartData
	Bundles  []BundleApplied
	Kinds    []string
	Message  string
}

// KioskError is a problem the kiosk reported, once per run of the same text.
type KioskError struct {
	At    time.Time
	Where string
	Text  string
}

// BundleApplied is the version of one bundle kind the kiosk runs, and the newest there is.
type BundleApplied struct {
	Kind            string
	Applied, Latest int64
}

// ChartData is the heartbeat history as Chart.js takes it (oldest first): labels and one
// series per measure.
type ChartData struct {
	Labels         []string  `json:"labels"`
	Backlog        []int64   `json:"backlog"`
	SinceSyncMin   []float64 `json:"since_sync_min"` // minutes since the last acknowledged push, at each beat
	DiskFreeGB     []float64 `json:"disk_free_gb"`
	SkewSeconds    []float64 `json:"skew_s"`
	PrinterOK      []int     `json:"printer_ok"` // 1 healthy, 0 not
	PrinterQueued  []int     `json:"printer_queued"`
	UptimeHours    []float64 `json:"uptime_h"`
	HeartbeatCount int       `json:"count"`
}

func chartOf(hist []HeartbeatRow) ChartData {
	var c ChartData
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		hb := h.Heartbeat
		c.Labels = append(c.Labels, localTime(h.Received, "02/01 15:04"))
		c.Backlog = append(c.Backlog, hb.Backlog)
		since := 0.0
		if !hb.LastSync.IsZero() {
			since = round1(hb.Clock.Sub(hb.LastSync).Minutes())
		}
		c.SinceSyncMin = append(c.SinceSyncMin, since)
		c.DiskFreeGB = append(c.DiskFreeGB, round1(float64(hb.DiskFreeBytes)/(1<<30)))
		c.SkewSeconds = append(c.SkewSeconds, round1(float64(h.SkewMillis)/1000))
		ok := 0
		if hb.Printer.Online && !hb.Printer.PaperOut && !hb.Printer.CoverOpen && hb.Printer.Error == "" {
			ok = 1
		}
		c.PrinterOK = append(c.PrinterOK, ok)
		c.PrinterQueued = append(c.PrinterQueued, hb.Printer.Queued)
		c.UptimeHours = append(c.UptimeHours, round1(float64(hb.UptimeSeconds)/3600))
	}
	c.HeartbeatCount = len(hist)
	return c
}

func round1(f float64) float64 { return float64(int64(f*10+0.5*sign(f))) / 10 }

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// errorsOf lists what went wrong, newest first: the sync errors and printer errors the
// heartbeats carried (each run of one text once), and the commands that failed.
func errorsOf(hist []HeartbeatRow, cmds []CommandRow) []KioskError {
	var out []KioskError
	lastSync, lastPrinter := "", ""
	for i := len(hist) - 1; i >= 0; i-- { // oldest first, so a run is kept at its start
		hb := hist[i].Heartbeat
		if hb.LastError != "" && hb.LastError != lastSync {
			out = append(out, KioskError{At: hist[i].Received, Where: "đồng bộ", Text: hb.LastError})
		}
		lastSync = hb.LastError
		if hb.Printer.Error != "" && hb.Printer.Error != lastPrinter {
			out = append(out, KioskError{At: hist[i].Received, Where: "máy in", Text: hb.Printer.Error})
		}
		lastPrinter = hb.Printer.Error
	}
	for _, c := range cmds {
		if c.State == wire.StateFailed {
			out = append(out, KioskError{At: c.Finished, Where: "lệnh " + c.Kind, Text: c.Detail})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > 30 {
		out = out[:30]
	}
	return out
}

func (s *Server) loadKiosk(ctx context.Context, k *Kiosk) (KioskView, error) {
	now := s.now()
	v := KioskView{FleetRow: fleetRowOf(k, now), Kinds: wire.BundleKinds}
	var err error
	if v.Commands, err = s.Store.Commands(ctx, k.ID); err != nil {
		return v, err
	}
	if len(v.Commands) > 50 {
		v.Commands = v.Commands[:50]
	}
	if v.Logs, err = s.Store.Logs(ctx, k.ID); err != nil {
		return v, err
	}
	if v.Alerts, err = s.Store.Alerts(ctx, AlertQuery{Kiosk: k.ID, ClosedFrom: now.Add(-7 * 24 * time.Hour), Limit: 50}); err != nil {
		return v, err
	}
	for _, a := range v.Alerts {
		if a.Closed.IsZero() {
			v.FleetRow.Alerts = append(v.FleetRow.Alerts, a)
		}
	}
	hist, err := s.Store.Heartbeats(ctx, k.ID, HistoryBeats)
	if err != nil {
		return v, err
	}
	v.History = chartOf(hist)
	v.Errors = errorsOf(hist, v.Commands)
	days, err := s.Store.KioskDays(ctx, localTime(now, time.DateOnly))
	if err != nil {
		return v, err
	}
	v.Today = days[k.ID]
	for _, kind := range wire.BundleKinds {
		latest, err := s.Store.LatestBundleVersion(ctx, kind)
		if err != nil {
			return v, err
		}
		v.Bundles = append(v.Bundles, BundleApplied{Kind: kind, Applied: k.LastHeartbeat.BundleVersions[kind], Latest: latest})
	}
	return v, nil
}

func (s *Server) kioskPage(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	v, err := s.loadKiosk(r.Context(), k)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v.Message = kioskMessages[r.URL.Query().Get("done")]
	s.render(w, r, http.StatusOK, "kiosk", "Kiosk "+k.ID, v)
}

// kioskMessages are the notes a page shows after a change, by the ?done= of its redirect.
var kioskMessages = map[string]string{
	"command": "Đã xếp lệnh; kiosk nhận lệnh ở lần gửi tín hiệu kế tiếp.",
	"revoke":  "Đã thu hồi kiosk: mọi yêu cầu sau của nó bị từ chối.",
}

// kioskLive streams the kiosk page's live part (status and commands) as it changes.
func (s *Server) kioskLive(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	u := userOf(r)
	s.live(w, r, "kiosk", func(ctx context.Context) (string, error) {
		k, err := s.Store.Kiosk(ctx, k.ID)
		if err != nil {
			return "", err
		}
		v, err := s.loadKiosk(ctx, k)
		if err != nil {
			return "", err
		}
		return fragment("kiosk", "kiosk-live", pageData{User: u, Now: s.now(), Body: v})
	})
}

// kioskCommand queues a command from the kiosk page's buttons.
func (s *Server) kioskCommand(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	kind, arg := r.PostFormValue("kind"), ""
	if kind == wire.CommandApplyBundle {
		v, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("version")), 10, 64)
		arg = wire.BundleArg(r.PostFormValue("bundle"), v)
	}
	if _, err := s.queueCommand(r, k, kind, arg, 0); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Không xếp được lệnh: "+err.Error(), err.Error())
		return
	}
	http.Redirect(w, r, "/kiosks/"+k.ID+"?done=command", http.StatusSeeOther)
}

// queueCommand queues a command for k and writes it to the audit log.
func (s *Server) queueCommand(r *http.Request, k *Kiosk, kind, arg string, ttl time.Duration) (int64, error) {
	if !k.Revoked.IsZero() {
		return 0, errors.New("kiosk đã bị thu hồi / the kiosk is revoked")
	}
	arg, err := s.dossierStateArg(r, kind, arg)
	if err != nil {
		return 0, err
	}
	id, err := s.Store.QueueCommandArg(r.Context(), k.ID, kind, arg, ttl, s.now())
	if err != nil {
		return 0, err
	}
	s.audit(r, userOf(r), "command.queue", k.ID, fmt.Sprintf("%s %s #%d", kind, arg, id))
	return id, nil
}

// kioskRevoke revokes a kiosk from its page.
func (s *Server) kioskRevoke(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	if err := s.Store.Revoke(r.Context(), k.ID, s.now()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, userOf(r), "kiosk.revoke", k.ID, k.Commune)
	http.Redirect(w, r, "/kiosks/"+k.ID+"?done=revoke", http.StatusSeeOther)
}

// kioskLog sends an uploaded log as text (gzip'd on the wire when the browser takes it).
func (s *Server) kioskLog(w http.ResponseWriter, r *http.Request) {
	k := s.kioskFor(w, r)
	if k == nil {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("log"), 10, 64)
	l, gz, err := s.Store.Log(r.Context(), k.ID, id)
	if errors.Is(err, ErrNotFound) {
		s.notFound(w, r, "no such log", "Không có nhật ký này")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, userOf(r), "log.read", k.ID, strconv.FormatInt(l.ID, 10))
	pageHeaders(w)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s-%d.log"`, k.ID, l.ID))
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(gz)
		return
	}
	text, err := gunzip(gz)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	_, _ = w.Write(text)
}
