package hub

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	stdsync "sync"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// alertRig is a store with kiosks, an alerter on a set clock, and a webhook that counts
// what it receives and fails while told to.
type alertRig struct {
	t     *testing.T
	st    *SQLite
	now   time.Time
	a     *Alerter
	hook  *httptest.Server
	mu    stdsync.Mutex
	got   []WebhookMessage
	fails int // answer 503 to this many more requests
}

func newAlertRig(t *testing.T) *alertRig {
	st, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	r := &alertRig{t: t, st: st, now: t0}
	r.hook = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fails > 0 {
			r.fails--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var m WebhookMessage
		b, _ := io.ReadAll(req.Body)
		if err := json.Unmarshal(b, &m); err != nil || req.Header.Get("Idempotency-Key") == "" {
			t.Errorf("webhook body %s: %v", b, err)
		}
		r.got = append(r.got, m)
	}))
	t.Cleanup(func() { r.hook.Close(); st.Close() })
	r.a = &Alerter{Store: st, Clock: func() time.Time { return r.now }, Webhook: r.hook.URL, RetryMin: time.Minute, MaxAttempts: 3}
	return r
}

func (r *alertRig) beat(k *Kiosk, hb wire.Heartbeat) {
	r.t.Helper()
	if hb.Clock.IsZero() {
		hb.Clock = r.now
	}
	if _, err := r.st.Heartbeat(context.Background(), k.ID, hb, r.now); err != nil {
		r.t.Fatal(err)
	}
}

// tick runs the alerter once at the rig's now.
func (r *alertRig) tick() {
	r.t.Helper()
	if err := r.a.Check(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	if err := r.a.Deliver(context.Background()); err != nil {
		r.t.Fatal(err)
	}
}

func (r *alertRig) open() map[string]string {
	as, err := r.st.Alerts(context.Background(), AlertQuery{OpenOnly: true})
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range as {
		out[a.Kiosk+" "+a.Kind] = a.Detail
	}
	return out
}

func (r *alertRig) received() []WebhookMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]WebhookMessage(nil), r.got...)
}

func TestAlertsFollowTheHeartbeats(t *testing.T) {
	r := newAlertRig(t)
	paper, _ := enrolled(t, r.st, "xa-giay", Token{Cluster: "c1"})
	quiet, _ := enrolled(t, r.st, "xa-im", Token{})
	skewed, _ := enrolled(t, r.st, "xa-lech", Token{})
	piling, _ := enrolled(t, r.st, "xa-ton", Token{})
	healthy := wire.Heartbeat{Printer: wire.Printer{Online: true}}
	for _, k := range []*Kiosk{paper, quiet, skewed, piling} {
		r.beat(k, healthy)
	}
	r.tick()
	if open := r.open(); len(open) != 0 {
		t.Fatalf("a healthy fleet has alerts: %v", open)
	}

	r.now = t0.Add(time.Hour)
	r.beat(paper, wire.Heartbeat{Printer: wire.Printer{Online: true, PaperOut: true}})
	r.beat(skewed, wire.Heartbeat{Clock: r.now.Add(-10 * time.Minute), Printer: wire.Printer{Online: true}})
	for i, n := range []int64{250, 300, 420} { // a backlog that grows at each beat
		r.now = t0.Add(time.Hour + time.Duration(i)*3*time.Minute)
		r.beat(piling, wire.Heartbeat{Backlog: n, OldestPending: r.now.Add(-20 * time.Minute), Printer: wire.Printer{Online: true}})
	}
	r.tick()
	open := r.open()
	for _, want := range []string{paper.ID + " " + AlertPaperOut, skewed.ID + " " + AlertClockSkew, piling.ID + " " + AlertBacklog} {
		if _, ok := open[want]; !ok {
			t.Errorf("no alert %s: %v", want, open)
		}
	}
	if len(open) != 3 {
		t.Errorf("alerts %v", open)
	}

	// Hours later the quiet kiosk has said nothing: offline (and so have the others).
	r.now = t0.Add(5 * time.Hour)
	r.beat(paper, wire.Heartbeat{Printer: wire.Printer{Online: true}}) // paper put back
	r.beat(skewed, healthy)
	r.beat(piling, wire.Heartbeat{Backlog: 0, Printer: wire.Printer{Online: true}})
	r.tick()
	open = r.open()
	if _, ok := open[quiet.ID+" "+AlertOffline]; !ok || len(open) != 1 {
		t.Fatalf("after five hours: %v", open)
	}

	// The webhook got each opening and each closing, once.
	got := r.received()
	count := map[string]int{}
	for _, m := range got {
		count[m.Event+" "+m.Alert.Kind]++
	}
	want := map[string]int{"opened paper_out": 1, "opened clock_skew": 1, "opened backlog": 1, "opened offline": 1,
		"closed paper_out": 1, "closed clock_skew": 1, "closed backlog": 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("webhook %s: %d, want %d (all: %v)", k, count[k], n, count)
		}
	}
	if len(got) != 7 {
		t.Errorf("%d webhook messages, want 7", len(got))
	}
	for _, m := range got {
		if m.Event == "opened" && m.Alert.Kind == AlertPaperOut && (m.Alert.Commune != "xa-giay" || m.Alert.Cluster != "c1" || m.Text == "") {
			t.Errorf("paper-out message %+v", m)
		}
	}
}

func TestWebhookRetriedUntilItAnswersThenGivenUp(t *testing.T) {
	r := newAlertRig(t)
	k, _ := enrolled(t, r.st, "xa-giay", Token{})
	r.beat(k, wire.Heartbeat{Printer: wire.Printer{Online: true, PaperOut: true}})
	r.fails = 2
	r.tick() // first attempt fails
	if n := len(r.received()); n != 0 {
		t.Fatalf("%d delivered through a failing webhook", n)
	}
	r.tick() // not due yet: the retry waits RetryMin
	r.mu.Lock()
	if r.fails != 1 {
		t.Fatalf("retried before its time (fails left %d)", r.fails)
	}
	r.mu.Unlock()
	r.now = r.now.Add(time.Minute)
	r.tick() // second attempt fails; the next waits two minutes
	r.now = r.now.Add(2 * time.Minute)
	r.tick() // third succeeds
	r.now = r.now.Add(time.Hour)
	r.tick()
	if got := r.received(); len(got) != 1 || got[0].Event != "opened" || got[0].Alert.Kind != AlertPaperOut {
		t.Fatalf("delivered %+v", got)
	}

	// A webhook that never answers: given up after MaxAttempts, not retried forever.
	r.beat(k, wire.Heartbeat{Printer: wire.Printer{Online: true}})
	r.fails = 100
	for i := 0; i < 10; i++ {
		r.tick()
		r.now = r.now.Add(time.Hour)
		r.beat(k, wire.Heartbeat{Printer: wire.Printer{Online: true}}) // online: the closing is the only notice
	}
	r.mu.Lock()
	tried := 100 - r.fails
	r.mu.Unlock()
	if tried != r.a.MaxAttempts {
		t.Fatalf("tried %d times, want %d", tried, r.a.MaxAttempts)
	}
}
