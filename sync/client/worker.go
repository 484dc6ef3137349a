package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	stdsync "sync"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// State is what the worker keeps beside the outbox (kiosk/sqlite.DB implements it).
type State interface {
	// BundleVersion is the newest version of kind accepted (0 if none).
	BundleVersion(ctx context.Context, kind string) (int64, error)
	// SetBundleVersion records an applied version; it refuses one not newer.
	SetBundleVersion(ctx context.Context, kind string, version int64, sha256 string) error
	// RecordRejected keeps an event the hub refused as a business error.
	RecordRejected(ctx context.Context, seq int64, reason string) error
}

// Applier applies one kind of bundle: it validates the payload (schema included) and
// replaces its data in one transaction, or returns an error and changes nothing.
type Applier interface {
	ApplyBundle(ctx context.Context, version int64, payload []byte) error
}

// ApplierFunc adapts a function to Applier.
type ApplierFunc func(ctx context.Context, version int64, payload []byte) error

// ApplyBundle calls f.
func (f ApplierFunc) ApplyBundle(ctx context.Context, version int64, payload []byte) error {
	return f(ctx, version, payload)
}

// Worker pushes the outbox to the hub, pulls bundles and sends heartbeats, on its own
// schedule: a short poll while the hub answers, backoff with full jitter up to
// MaxBackoff while it does not, and at once on SyncNow.
type Worker struct {
	Outbox   kiosk.Outbox
	State    State
	Identity *Identity
	// Appliers by bundle kind (wire.BundleCatalog…); kinds without one are not pulled.
	Appliers map[string]Applier
	// HeartbeatInfo fills the heartbeat's version, start time, disk, database size, printer and
	// backlog; the worker adds its own fields. Nil sends only what the worker knows.
	HeartbeatInfo func(ctx context.Context) wire.Heartbeat
	// Command carries out send_logs (without Logs) and reload_config (after the worker has
	// pulled bundles); sync_now and apply_bundle are the worker's own. Nil fails them with
	// a reason.
	Command func(ctx context.Context, c wire.Command) error
	// Dossiers takes the states the hub sets (dossier_state commands) as kiosk.RoleHub;
	// nil fails them with a reason.
	Dossiers kiosk.DossierService
	// Logs returns the tail of the kiosk's log, which send_logs uploads to the hub.
	Logs   func(ctx context.Context) ([]byte, error)
	Logger *slog.Logger
	Clock  kiosk.Clock

	BatchEvents    int           // default and max wire.MaxBatchEvents
	BatchBytes     int           // uncompressed, default and max wire.MaxBatchBytes
	Interval       time.Duration // poll while all is well, default 30 s
	HeartbeatEvery time.Duration // default 3 min
	BundlesEvery   time.Duration // default 15 min
	MinBackoff     time.Duration // default 2 s
	MaxBackoff     time.Duration // default 15 min
	// ProbeEvery is how often, while backing off, a heartbeat checks whether the hub is
	// back (it ends the wait when the hub answers); default 30 s, jittered.
	ProbeEvery time.Duration
	Transport  TransportOptions
	// Alive, if set, is called from the worker's loop at least every minute while it works
	// or waits, and between batches: the kiosk's systemd watchdog takes its silence for a
	// hang. Keep it short.
	Alive func()

	once stdsync.Once
	t    *transport
	kick chan struct{}
	mu   stdsync.Mutex
	st   Status
	// resending: the hub lost events the kiosk had seen acknowledged (it was restored from
	// an older backup); they go again after resendAfter, which follows the hub's acks until
	// it holds everything marked synced.
	resending   bool
	resendAfter int64
	results     []wire.CommandResult
	handled     map[int64]bool // commands run whose result the hub has not acknowledged
	reload      bool
}

// Status is the worker's state as the admin page shows it.
type Status struct {
	Enabled         bool             `json:"enabled"`
	Hub             string           `json:"hub,omitempty"`
	KioskID         string           `json:"kiosk_id,omitempty"`
	LastSuccess     time.Time        `json:"last_success,omitzero"` // last push the hub acknowledged
	LastAttempt     time.Time        `json:"last_attempt,omitzero"`
	LastError       string           `json:"last_error,omitempty"` // Vietnamese words
	LastErrorEN     string           `json:"last_error_en,omitempty"`
	LastErrorAt     time.Time        `json:"last_error_at,omitzero"`
	SyncedThrough   int64            `json:"synced_through"`
	NextAttempt     time.Time        `json:"next_attempt,omitzero"`
	HubTime         time.Time        `json:"hub_time,omitzero"` // the hub's clock at the last answer
	Bundles         map[string]int64 `json:"bundles,omitempty"`
	LastBundleError string           `json:"last_bundle_error,omitempty"`
}

func (w *Worker) init() {
	w.once.Do(func() {
		if w.Logger == nil {
			w.Logger = slog.New(slog.DiscardHandler)
		}
		if w.Clock == nil {
			w.Clock = kiosk.SystemClock
		}
		if w.BatchEvents <= 0 || w.BatchEvents > wire.MaxBatchEvents {
			w.BatchEvents = wire.MaxBatchEvents
		}
		if w.BatchBytes <= 0 || w.BatchBytes > wire.MaxBatchBytes {
			w.BatchBytes = wire.MaxBatchBytes
		}
		def := func(d *time.Duration, v time.Duration) {
			if *d <= 0 {
				*d = v
			}
		}
		def(&w.Interval, 30*time.Second)
		def(&w.HeartbeatEvery, 3*time.Minute)
		def(&w.BundlesEvery, 15*time.Minute)
		def(&w.MinBackoff, 2*time.Second)
		def(&w.MaxBackoff, 15*time.Minute)
		def(&w.ProbeEvery, 30*time.Second)
		w.kick = make(chan struct{}, 1)
		w.handled = map[int64]bool{}
		signer := wire.Signer{Kiosk: w.Identity.KioskID, Epoch: w.Outbox.Epoch(), Key: w.Identity.Key}
		w.t = newTransport(w.Identity.Hub, signer, w.Identity.Keys().Trusts, w.Clock, w.Logger, w.Transport)
		w.t.epoch = w.Outbox.Epoch
		w.st.Enabled, w.st.Hub, w.st.KioskID = true, w.Identity.Hub, w.Identity.KioskID
		w.st.Bundles = map[string]int64{}
	})
}

// SyncNow asks the worker to push, pull and beat at once (the admin page's button, or the
// hub's sync_now command). It never blocks.
func (w *Worker) SyncNow() {
	w.init()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Status returns a copy of the worker's state.
func (w *Worker) Status() Status {
	w.init()
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.st
	s.Bundles = make(map[string]int64, len(w.st.Bundles))
	for k, v := range w.st.Bundles {
		s.Bundles[k] = v
	}
	return s
}

// Health is Status in the shape of kiosk.Health's sync slot.
func (w *Worker) Health() kiosk.SyncHealth {
	s := w.Status()
	return kiosk.SyncHealth{Enabled: s.Enabled, Hub: s.Hub, LastSuccess: s.LastSuccess, LastError: s.LastError, LastErrorAt: s.LastErrorAt}
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	var lastBeat, lastBundles time.Time
	failures := 0
	for {
		w.alive()
		err := w.Push(ctx)
		now := time.Now() // schedule by the monotonic clock, whatever the wall clock says
		w.mu.Lock()
		reload := w.reload
		w.reload = false
		w.mu.Unlock()
		if err == nil && (reload || lastBundles.IsZero() || now.Sub(lastBundles) >= w.BundlesEvery) {
			if berr := w.PullBundles(ctx); berr == nil || !isTransient(berr) {
				lastBundles = now
			}
		}
		if lastBeat.IsZero() || now.Sub(lastBeat) >= w.HeartbeatEvery {
			if herr := w.Beat(ctx); herr == nil {
				lastBeat = now
			} else if err == nil {
				err = herr
			}
		}
		// A round comes at least as often as a heartbeat is due (a kiosk set to beat more
		// often than it polls, so IT's commands reach it sooner); a round with nothing to
		// push sends nothing.
		wait := min(w.Interval, w.HeartbeatEvery)
		if err != nil && ctx.Err() == nil {
			failures++
			wait = fullJitter(w.MinBackoff, w.MaxBackoff, failures)
			w.Logger.Warn("sync failed; retrying later", "err", err, "wait_s", seconds(wait), "failures", failures)
		} else {
			failures = 0
		}
		w.mu.Lock()
		w.st.NextAttempt = w.Clock().Add(wait)
		w.mu.Unlock()
		switch w.sleep(ctx, wait, failures > 0) {
		case wokeDone:
			return
		case wokeKick:
			lastBeat = time.Time{}
		case wokeProbe:
			lastBeat = time.Now()
			failures = 0
		}
	}
}

type woke int

const (
	wokeTimer woke = iota
	wokeDone
	wokeKick
	wokeProbe // the hub answered a heartbeat during the back-off
)

// aliveEvery is the longest the worker waits without calling Alive.
const aliveEvery = time.Minute

func (w *Worker) alive() {
	if w.Alive != nil {
		w.Alive()
	}
}

// sleep waits d. SyncNow ends it; ctx ends it. While backingOff, a heartbeat every
// ProbeEvery (jittered, so a fleet that lost the hub together does not probe together)
// checks whether the hub is back: a long back-off is for a hub that stays away, not one
// that came back a minute later. A long wait wakes every aliveEvery to say it is alive.
func (w *Worker) sleep(ctx context.Context, d time.Duration, backingOff bool) woke {
	deadline := time.Now().Add(d)
	for {
		w.alive()
		left := time.Until(deadline)
		step, probe := left, false
		if p := w.ProbeEvery/2 + time.Duration(rand.Int64N(int64(w.ProbeEvery/2)+1)); backingOff && p < step {
			step, probe = p, true
		}
		if step > aliveEvery {
			step, probe = aliveEvery, false
		}
		timer := time.NewTimer(max(step, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return wokeDone
		case <-w.kick:
			timer.Stop()
			return wokeKick
		case <-timer.C:
		}
		if !probe {
			if step == left {
				return wokeTimer
			}
			continue
		}
		if w.Beat(ctx) == nil {
			w.Logger.Info("hub answers again; back-off ended", "waited_s", seconds(d-time.Until(deadline)), "back_off_s", seconds(d))
			return wokeProbe
		}
	}
}

// fullJitter waits a random time in [min, min(max, min·2^n)]: kiosks that lost the hub
// together do not all come back in the same second.
func fullJitter(min, max time.Duration, n int) time.Duration {
	step := max
	if n < 30 {
		if s := min << uint(n); s > 0 && s < max {
			step = s
		}
	}
	return min + time.Duration(rand.Int64N(int64(step-min)+1))
}

func (w *Worker) fail(err error) error {
	vi, en := describe(err)
	w.mu.Lock()
	w.st.LastError, w.st.LastErrorEN, w.st.LastErrorAt = vi, en, w.Clock()
	w.mu.Unlock()
	return err
}

// Push sends every pending event, in order, in batches, and marks them synced as the hub
// acknowledges them. It returns when nothing is pending or on the first failure (the
// library has already retried briefly).
func (w *Worker) Push(ctx context.Context) error {
	w.init()
	prev := int64(-1)
	for {
		w.alive()
		after, done, err := w.pushOne(ctx)
		if err != nil {
			return w.fail(err)
		}
		if done {
			return nil
		}
		// Each round starts past the last: an ack, a gap answer or a resend moves it. A hub
		// that answers the same batch the same way twice would otherwise keep the kiosk
		// sending it forever (and its heartbeats waiting behind).
		if after == prev {
			return w.fail(fmt.Errorf("the hub's answers do not advance the stream past seq %d", after))
		}
		prev = after
	}
}

// pushOne sends the batch after the synced seq (or the resend point) and handles the
// answer. after is where the batch started.
func (w *Worker) pushOne(ctx context.Context) (after int64, done bool, err error) {
	synced, err := w.Outbox.SyncedThrough(ctx)
	if err != nil {
		return 0, false, err
	}
	after = synced
	w.mu.Lock()
	if w.resending && w.resendAfter < synced {
		after = w.resendAfter
	} else {
		w.resending = false
	}
	w.st.LastAttempt = w.Clock()
	w.st.SyncedThrough = synced
	w.mu.Unlock()
	evs, err := w.Outbox.Pending(ctx, after, w.BatchEvents)
	if err != nil {
		return after, false, err
	}
	if len(evs) == 0 {
		w.succeeded(synced)
		return after, true, nil
	}
	b := &wire.Batch{Kiosk: w.Identity.KioskID, Epoch: w.Outbox.Epoch(), FromSeq: evs[0].Seq}
	size := 128
	for i, e := range evs {
		if i > 0 && e.Seq != evs[i-1].Seq+1 {
			return after, false, fmt.Errorf("outbox has a gap between seq %d and %d", evs[i-1].Seq, e.Seq)
		}
		n := len(e.Body) + len(e.Kind) + 96
		if i > 0 && size+n > w.BatchBytes {
			break
		}
		size += n
		b.Events = append(b.Events, wire.Event{Seq: e.Seq, Kind: e.Kind, Body: e.Body, CreatedAt: e.CreatedAt})
	}
	if b.FromSeq != after+1 && after > 0 {
		// Events before FromSeq were deleted after being synced: the hub already has them.
		w.Logger.Info("outbox starts past the synced seq", "synced", after, "from", b.FromSeq)
	}
	body, err := wire.EncodeBatch(b)
	if err != nil {
		return after, false, err
	}
	status, rb, err := w.t.call(ctx, http.MethodPost, wire.PathEvents, body, true, 1<<20)
	if err != nil {
		return after, false, err
	}
	switch status {
	case http.StatusOK:
	case http.StatusConflict:
		p := wire.DecodeProblem(status, rb)
		if p.Code != wire.CodeGap || p.ExpectedSeq < 1 {
			return after, false, p
		}
		held := p.ExpectedSeq - 1
		w.Logger.Warn("hub holds a different point of the stream", "hub_holds_through", held, "kiosk_synced_through", synced, "sent_from", b.FromSeq)
		if held < synced {
			// The hub lost events (restored from a backup): send them again from there,
			// following its acks until it holds all that was synced.
			w.mu.Lock()
			w.resending, w.resendAfter = true, held
			w.mu.Unlock()
			return after, false, nil
		}
		return after, false, w.markSynced(ctx, held)
	default:
		return after, false, wire.DecodeProblem(status, rb)
	}
	var ack wire.Ack
	if err := json.Unmarshal(rb, &ack); err != nil {
		return after, false, fmt.Errorf("hub ack: %w", err)
	}
	for _, r := range ack.Rejected {
		w.Logger.Warn("hub refused an event", "seq", r.Seq, "reason", r.Reason)
		if w.State != nil {
			if err := w.State.RecordRejected(ctx, r.Seq, r.Reason); err != nil {
				return after, false, err
			}
		}
	}
	// The ack is of this batch: all of it, and nothing the kiosk did not send.
	if ack.AckedThrough != b.LastSeq() {
		return after, false, fmt.Errorf("hub acknowledged through %d a batch of seq %d–%d; ignored", ack.AckedThrough, b.FromSeq, b.LastSeq())
	}
	w.mu.Lock()
	if w.resending {
		w.resendAfter = ack.AckedThrough
		w.resending = ack.AckedThrough < synced
	}
	w.st.HubTime = ack.ServerTime
	w.mu.Unlock()
	if ack.AckedThrough > synced {
		if err := w.markSynced(ctx, ack.AckedThrough); err != nil {
			return after, false, err
		}
	}
	w.succeeded(ack.AckedThrough)
	return after, false, nil
}

func (w *Worker) markSynced(ctx context.Context, through int64) error {
	if err := w.Outbox.MarkSynced(ctx, through); err != nil {
		return fmt.Errorf("mark synced through %d: %w", through, err)
	}
	return nil
}

func (w *Worker) succeeded(through int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.st.LastSuccess = w.Clock()
	if through > w.st.SyncedThrough {
		w.st.SyncedThrough = through
	}
	w.st.LastError, w.st.LastErrorEN, w.st.LastErrorAt = "", "", time.Time{}
}

// isTransient tells a network or hub-side failure (try again later) from a refusal.
func isTransient(err error) bool {
	var p *wire.Problem
	if errors.As(err, &p) {
		return p.Status >= 500 || p.Status == http.StatusTooManyRequests
	}
	var be *BundleError
	return !errors.As(err, &be)
}

// describe puts an error in words for the admin page: Vietnamese and English.
func describe(err error) (vi, en string) {
	var p *wire.Problem
	var be *BundleError
	var ke *kiosk.Error
	switch {
	case errors.As(err, &be):
		return be.VI(), be.Error()
	case errors.As(err, &p):
		switch {
		case p.Code == wire.CodeRevoked:
			return "Kiosk đã bị thu hồi quyền kết nối với máy chủ tỉnh; cần đăng ký lại", p.Error()
		case p.Code == wire.CodeUnknownKiosk:
			return "Máy chủ tỉnh không nhận ra kiosk này; cần đăng ký lại", p.Error()
		case p.Code == wire.CodeBadSignature:
			return "Máy chủ tỉnh từ chối chữ ký của kiosk; cần đăng ký lại", p.Error()
		case p.Code == wire.CodeClockSkew:
			return "Đồng hồ của kiosk lệch quá nhiều so với máy chủ tỉnh", p.Error()
		case p.Code == wire.CodeReplay:
			// A request copied on the way (a flaky link or proxy): the hub kept the first.
			return "Đường truyền gửi trùng một yêu cầu; máy chủ tỉnh đã nhận bản đầu, không mất dữ liệu. Kiosk sẽ gửi tiếp", p.Error()
		case p.Status == http.StatusTooManyRequests || p.Status == http.StatusServiceUnavailable:
			return "Máy chủ tỉnh đang bận; kiosk sẽ tự gửi lại sau", p.Error()
		case p.Status >= 500:
			return "Máy chủ tỉnh gặp lỗi; kiosk sẽ tự gửi lại sau", p.Error()
		case p.ReasonVI != "":
			return p.ReasonVI, p.Error()
		}
		return "Máy chủ tỉnh từ chối dữ liệu: " + p.Reason, p.Error()
	case errors.As(err, &ke):
		return ke.Message, ke.MessageEN
	case errors.Is(err, wire.ErrUnauthenticAnswer):
		return "Câu trả lời không có chữ ký của máy chủ tỉnh (có thể bị can thiệp trên đường truyền); kiosk không dùng nó và sẽ thử lại sau", err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "Máy chủ tỉnh không trả lời kịp; kiosk sẽ tự gửi lại sau", err.Error()
	}
	return "Không kết nối được máy chủ tỉnh (mất mạng hoặc máy chủ không trả lời); kiosk sẽ tự gửi lại sau", err.Error()
}
