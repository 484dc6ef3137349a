package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newQueue(t testing.TB) (*QueueService, *fakeClock) {
	t.Helper()
	db := openTemp(t)
	clock := &fakeClock{t: time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)}
	db.Clock = clock.Now
	cfg := kiosk.DefaultQueueConfig()
	auth := &AuthService{DB: db}
	if _, err := auth.SeedDemoStaff(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &QueueService{DB: db, Config: cfg, Staff: auth}, clock
}

func mustIssue(t testing.TB, q *QueueService, svc string, p kiosk.Priority) kiosk.Issued {
	t.Helper()
	is, err := q.Issue(context.Background(), svc, p)
	if err != nil {
		t.Fatalf("issue %s: %v", svc, err)
	}
	return is
}

func TestIssueNumbersPerServiceAndRestartsEachDay(t *testing.T) {
	q, clock := newQueue(t)
	ctx := context.Background()
	a1 := mustIssue(t, q, "hotich", "")
	a2 := mustIssue(t, q, "hotich", "")
	b1 := mustIssue(t, q, "datdai", "")
	if a1.Ticket.Code != "A001" || a2.Ticket.Code != "A002" || b1.Ticket.Code != "B001" {
		t.Fatalf("codes %s %s %s", a1.Ticket.Code, a2.Ticket.Code, b1.Ticket.Code)
	}
	if a1.Ahead != 0 || a2.Ahead != 1 || a2.WaitMinutes != q.Config.ServiceMinutes {
		t.Fatalf("ahead/wait: %+v %+v", a1, a2)
	}
	// Committed with its outbox event.
	ev, _ := q.DB.Pending(ctx, 0, 100)
	if len(ev) != 3 || ev[0].Kind != "ticket.issued" {
		t.Fatalf("outbox %+v", ev)
	}
	// Just before midnight, then after it: the next day starts again at 1.
	clock.Add(15*time.Hour + 59*time.Minute) // 23:59 — after closing hours
	if _, err := q.Issue(ctx, "hotich", ""); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("issued after hours: %v", err)
	}
	clock.Add(8*time.Hour + 2*time.Minute) // 08:01 next day
	next := mustIssue(t, q, "hotich", "")
	if next.Ticket.Code != "A001" || next.Ticket.Day != "2026-11-26" {
		t.Fatalf("next day ticket %+v", next.Ticket)
	}
}

func TestIssueRefusesUnknownServiceAndPriority(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	if _, err := q.Issue(ctx, "nope", ""); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("unknown service: %v", err)
	}
	if _, err := q.Issue(ctx, "hotich", "vip"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("unknown priority: %v", err)
	}
	if ev, _ := q.DB.Pending(ctx, 0, 10); len(ev) != 0 {
		t.Fatal("a refused issue wrote an event")
	}
}

func TestCounterActions(t *testing.T) {
	q, clock := newQueue(t)
	ctx := context.Background()
	a1 := mustIssue(t, q, "hotich", "")
	clock.Add(time.Minute)
	a2 := mustIssue(t, q, "hotich", "")
	clock.Add(time.Minute)
	eld := mustIssue(t, q, "hotich", "elderly")

	// Nothing to finish, recall or skip before the first call.
	if _, err := q.Finish(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("finish with nobody served: %v", err)
	}
	if _, err := q.Recall(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("recall with nobody called: %v", err)
	}
	if _, err := q.CallNext(ctx, 99, "canbo1"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown counter: %v", err)
	}

	// Strict policy: the elderly villager first, though they came last.
	got, err := q.CallNext(ctx, 1, "canbo1")
	if err != nil || got.ID != eld.Ticket.ID || got.Status != kiosk.TicketCalled || got.CounterID != 1 {
		t.Fatalf("first call %+v %v", got, err)
	}
	if got, err = q.Recall(ctx, 1); err != nil || got.Calls != 2 {
		t.Fatalf("recall %+v %v", got, err)
	}
	if got, err = q.Start(ctx, 1); err != nil || got.Status != kiosk.TicketServing {
		t.Fatalf("start %+v %v", got, err)
	}
	if _, err = q.Skip(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("skip a ticket being served: %v", err)
	}
	clock.Add(5 * time.Minute)
	if got, err = q.Finish(ctx, 1); err != nil || got.Status != kiosk.TicketDone {
		t.Fatalf("finish %+v %v", got, err)
	}

	// A1 is called and does not come: a no-show, called back later.
	if got, _ = q.CallNext(ctx, 1, "canbo1"); got.ID != a1.Ticket.ID {
		t.Fatalf("second call %s, want A001", got.Code)
	}
	if got, err = q.Skip(ctx, 1); err != nil || got.Status != kiosk.TicketNoShow {
		t.Fatalf("skip %+v %v", got, err)
	}

	// Pause: no calls until resumed; pausing twice is refused.
	if err := q.Pause(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CallNext(ctx, 1, "canbo1"); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("call on a paused counter: %v", err)
	}
	if err := q.Pause(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("pause twice: %v", err)
	}
	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}

	// A2 is transferred to the land service at counter 2, keeping its place and number.
	if got, _ = q.CallNext(ctx, 1, "canbo1"); got.ID != a2.Ticket.ID {
		t.Fatalf("third call %s, want A002", got.Code)
	}
	if err := q.Pause(ctx, 1); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("pause while serving: %v", err)
	}
	clock.Add(time.Minute)
	b1 := mustIssue(t, q, "datdai", "")
	if got, err = q.Transfer(ctx, 1, "datdai", 0); err != nil || got.Status != kiosk.TicketWaiting || got.ServiceID != "datdai" || got.Code != "A002" {
		t.Fatalf("transfer %+v %v", got, err)
	}
	if got, _ = q.CallNext(ctx, 2, "canbo2"); got.ID != a2.Ticket.ID {
		t.Fatalf("counter 2 called %s, want the transferred A002 ahead of B001", got.Code)
	}
	if got, _ = q.CallNext(ctx, 2, "canbo2"); got.ID != b1.Ticket.ID {
		t.Fatalf("counter 2 then called %s, want B001", got.Code)
	}

	// Call back the no-show.
	if got, err = q.CallBack(ctx, 1, a1.Ticket.ID, "canbo1"); err != nil || got.Status != kiosk.TicketCalled {
		t.Fatalf("call back %+v %v", got, err)
	}
	if _, err = q.CallBack(ctx, 1, b1.Ticket.ID, "canbo1"); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("call back a ticket that is not a no-show: %v", err)
	}
	if _, err := q.CallNext(ctx, 1, "canbo1"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("call with nobody waiting: %v", err)
	}

	// The display's picture: counters with their current ticket and the clerk's badge.
	snap, err := q.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c1 := snap.Counters[0]
	if c1.Current == nil || c1.Current.ID != a1.Ticket.ID || c1.Staff == nil || c1.Staff.Name != "Nguyễn Thị Lan" {
		t.Fatalf("counter 1 in snapshot: %+v", c1)
	}
	if len(snap.Recent) == 0 || snap.Recent[0].Code != "A001" {
		t.Fatalf("recent calls %+v", snap.Recent)
	}

	// Every action is in the outbox, in order.
	ev, _ := q.DB.Pending(ctx, 0, 1000)
	kinds := map[string]int{}
	for _, e := range ev {
		kinds[e.Kind]++
	}
	for _, k := range []string{"ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished", "ticket.no_show", "ticket.transferred", "ticket.called_back", "counter.paused", "counter.open"} {
		if kinds[k] == 0 {
			t.Errorf("no %s event in the outbox (%v)", k, kinds)
		}
	}
}

func TestInterleavePolicy(t *testing.T) {
	q, clock := newQueue(t)
	q.Config.Policy, q.Config.PriorityEvery = kiosk.PolicyInterleave, 2
	ctx := context.Background()
	var codes []string
	for i := 0; i < 4; i++ {
		mustIssue(t, q, "hotich", "")
		clock.Add(time.Second)
	}
	mustIssue(t, q, "hotich", "pregnant")
	mustIssue(t, q, "hotich", "elderly")
	for i := 0; i < 6; i++ {
		got, err := q.CallNext(ctx, 1, "canbo1")
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, got.Code)
	}
	want := []string{"A001", "A002", "A005", "A003", "A004", "A006"}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("order %v, want %v", codes, want)
		}
	}
}

func TestEightCountersNeverGetTheSameTicket(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	q.Config.Counters = nil
	for i := 1; i <= 8; i++ {
		q.Config.Counters = append(q.Config.Counters, kiosk.Counter{ID: i, Name: "Quầy", Services: []string{"hotich", "datdai"}})
	}
	const tickets = 200
	for i := 0; i < tickets; i++ {
		svc := "hotich"
		if i%2 == 1 {
			svc = "datdai"
		}
		mustIssue(t, q, svc, "")
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for c := 1; c <= 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for {
				got, err := q.CallNext(ctx, c, "")
				if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[got.ID]++
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	if len(seen) != tickets {
		t.Fatalf("%d distinct tickets called, want %d", len(seen), tickets)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("ticket %d was called %d times", id, n)
		}
	}
}

func TestQueueConfigThroughTheAdminSurvivesRestart(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	c := kiosk.DefaultQueueConfig()
	c.Services = append(c.Services, kiosk.Service{ID: "dat", Name: "Đất đai riêng", Prefix: "E"})
	c.Counters[0].Services = append(c.Counters[0].Services, "dat")
	bad := c
	bad.Policy = "fastest"
	if err := q.SetConfig(ctx, bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad config accepted: %v", err)
	}
	if err := q.SetConfig(ctx, c); err != nil {
		t.Fatal(err)
	}
	if is := mustIssue(t, q, "dat", ""); is.Ticket.Code != "E001" {
		t.Fatalf("new service: %s", is.Ticket.Code)
	}
	// A fresh service over the same database (a restart) takes the stored configuration.
	again := &QueueService{DB: q.DB, Config: kiosk.DefaultQueueConfig()}
	if err := again.LoadStoredConfig(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := again.Issue(ctx, "dat", ""); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}
