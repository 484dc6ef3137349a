package sqlite

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// recorder is a Publisher that keeps what it was given.
type recorder struct {
	mu      sync.Mutex
	notices []kiosk.Notice
}

func (r *recorder) Publish(n kiosk.Notice) {
	r.mu.Lock()
	r.notices = append(r.notices, n)
	r.mu.Unlock()
}

func (r *recorder) take() []kiosk.Notice {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.notices
	r.notices = nil
	return out
}

// Every queue action writes at least one outbox event and sends the live notices the
// display and counter pages listen to; a refused action sends and writes nothing.
func TestEveryActionIsAnOutboxEventAndALiveNotice(t *testing.T) {
	q, clock := newQueue(t)
	rec := &recorder{}
	q.Publisher = rec
	ctx := context.Background()
	outbox := func() int {
		ev, err := q.DB.Pending(ctx, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		return len(ev)
	}
	var noShow int64
	steps := []struct {
		name string
		do   func() error
		want []string // notice kinds, in order
	}{
		{"issue", func() error { _, err := q.Issue(ctx, "hotich", ""); return err }, []string{"ticket.issued"}},
		{"issue priority", func() error { _, err := q.Issue(ctx, "hotich", "disabled"); return err }, []string{"ticket.issued"}},
		{"call next", func() error { _, err := q.CallNext(ctx, 1, "canbo1"); return err }, []string{"ticket.called", "counter.updated"}},
		{"recall", func() error { _, err := q.Recall(ctx, 1); return err }, []string{"ticket.called"}},
		{"skip", func() error { t, err := q.Skip(ctx, 1); noShow = t.ID; return err }, []string{"ticket.updated", "counter.updated"}},
		{"call next again", func() error { _, err := q.CallNext(ctx, 1, "canbo1"); return err }, []string{"ticket.called", "counter.updated"}},
		{"start", func() error { _, err := q.Start(ctx, 1); return err }, []string{"ticket.updated", "counter.updated"}},
		{"transfer", func() error { _, err := q.Transfer(ctx, 1, "datdai", 2); return err }, []string{"ticket.updated", "counter.updated"}},
		{"call back", func() error { _, err := q.CallBack(ctx, 1, noShow, "canbo1"); return err }, []string{"ticket.called", "counter.updated"}},
		{"finish", func() error { _, err := q.Finish(ctx, 1); return err }, []string{"ticket.updated", "counter.updated", "rating.requested"}},
		{"pause", func() error { return q.Pause(ctx, 1) }, []string{"counter.updated"}},
		{"resume", func() error { return q.Resume(ctx, 1, "canbo1") }, []string{"counter.updated"}},
		{"close", func() error { return q.Close(ctx, 1) }, []string{"counter.updated"}},
	}
	for _, st := range steps {
		clock.Add(time.Minute)
		before := outbox()
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if after := outbox(); after <= before {
			t.Errorf("%s: no outbox event (%d → %d)", st.name, before, after)
		}
		var kinds []string
		for _, n := range rec.take() {
			kinds = append(kinds, n.Kind)
		}
		if !slices.Equal(kinds, st.want) {
			t.Errorf("%s: notices %v, want %v", st.name, kinds, st.want)
		}
	}

	// The call notice says which counter and whether it is a recall.
	mustIssue(t, q, "hotich", "")
	rec.take()
	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	called, err := q.CallNext(ctx, 1, "canbo1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Recall(ctx, 1); err != nil {
		t.Fatal(err)
	}
	var calls []kiosk.Call
	for _, n := range rec.take() {
		if n.Kind == "ticket.called" {
			calls = append(calls, n.Data.(kiosk.Call))
		}
	}
	if len(calls) != 2 || calls[0].Recall || !calls[1].Recall || calls[0].CounterID != 1 || calls[1].Code != called.Code || calls[0].Counter == "" {
		t.Fatalf("call notices %+v", calls)
	}

	// Refused actions: clear Vietnamese errors, nothing written, nothing announced.
	if _, err := q.Finish(ctx, 2); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("finish at a counter serving nobody: %v", err)
	}
	if _, err := q.Finish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := q.Pause(ctx, 1); err != nil {
		t.Fatal(err)
	}
	rec.take()
	before := outbox()
	refused := []struct {
		name string
		do   func() error
		code string
	}{
		{"finish with nobody served", func() error { _, err := q.Finish(ctx, 1); return err }, kiosk.ECONFLICT},
		{"start with nobody called", func() error { _, err := q.Start(ctx, 1); return err }, kiosk.ECONFLICT},
		{"skip with nobody called", func() error { _, err := q.Skip(ctx, 1); return err }, kiosk.ECONFLICT},
		{"transfer with nobody called", func() error { _, err := q.Transfer(ctx, 1, "datdai", 0); return err }, kiosk.ECONFLICT},
		{"transfer nowhere", func() error { _, err := q.Transfer(ctx, 1, "", 0); return err }, kiosk.EINVALID},
		{"call on a paused counter", func() error { _, err := q.CallNext(ctx, 1, "canbo1"); return err }, kiosk.ECONFLICT},
		{"call back on a paused counter", func() error { _, err := q.CallBack(ctx, 1, noShow, "canbo1"); return err }, kiosk.ECONFLICT},
		{"pause twice", func() error { return q.Pause(ctx, 1) }, kiosk.ECONFLICT},
		{"unknown counter", func() error { _, err := q.CallNext(ctx, 42, "canbo1"); return err }, kiosk.ENOTFOUND},
	}
	for _, r := range refused {
		err := r.do()
		if kiosk.ErrorCode(err) != r.code {
			t.Errorf("%s: %v, want %s", r.name, err, r.code)
			continue
		}
		if e := kiosk.ErrorOf(err); e.Message == "" || e.Message == e.MessageEN {
			t.Errorf("%s: no Vietnamese message: %+v", r.name, e)
		}
	}
	if after := outbox(); after != before {
		t.Errorf("refused actions wrote %d outbox events", after-before)
	}
	if n := rec.take(); len(n) != 0 {
		t.Errorf("refused actions announced %v", n)
	}
}
