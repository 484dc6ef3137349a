package kiosk

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestPickNextOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, Zone)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	tk := func(id int64, svc string, min int, p Priority) Ticket {
		return Ticket{ID: id, ServiceID: svc, QueuedAt: at(min), Priority: p, Status: TicketWaiting}
	}
	counter := Counter{ID: 1, Services: []string{"a", "b"}}
	cases := []struct {
		name         string
		waiting      []Ticket
		policy       string
		every, since int
		want         int64
		wantNothing  bool
	}{
		{name: "first come first served across services", waiting: []Ticket{tk(1, "b", 2, ""), tk(2, "a", 3, "")}, policy: PolicyStrict, want: 1},
		{name: "tie on time goes to the counter's first service", waiting: []Ticket{tk(5, "b", 1, ""), tk(6, "a", 1, "")}, policy: PolicyStrict, want: 6},
		{name: "tie on time and service goes to the lower id", waiting: []Ticket{tk(8, "a", 1, ""), tk(7, "a", 1, "")}, policy: PolicyStrict, want: 7},
		{name: "strict: priority first even if later", waiting: []Ticket{tk(1, "a", 1, ""), tk(2, "b", 9, "elderly")}, policy: PolicyStrict, want: 2},
		{name: "strict: earliest priority among several", waiting: []Ticket{tk(3, "a", 5, "pregnant"), tk(2, "b", 4, "elderly"), tk(1, "a", 1, "")}, policy: PolicyStrict, want: 2},
		{name: "interleave: ordinary until N served", waiting: []Ticket{tk(1, "a", 1, ""), tk(2, "a", 2, "elderly")}, policy: PolicyInterleave, every: 3, since: 2, want: 1},
		{name: "interleave: priority after N ordinary", waiting: []Ticket{tk(1, "a", 1, ""), tk(2, "a", 2, "elderly")}, policy: PolicyInterleave, every: 3, since: 3, want: 2},
		{name: "interleave: priority when no ordinary waits", waiting: []Ticket{tk(2, "a", 2, "elderly")}, policy: PolicyInterleave, every: 3, since: 0, want: 2},
		{name: "other services are not eligible", waiting: []Ticket{tk(1, "c", 1, ""), tk(2, "a", 5, "")}, policy: PolicyStrict, want: 2},
		{name: "a ticket reserved for another counter is not eligible", waiting: []Ticket{{ID: 1, ServiceID: "a", QueuedAt: at(1), Status: TicketWaiting, ToCounter: 2}, tk(2, "a", 5, "")}, policy: PolicyStrict, want: 2},
		{name: "a ticket transferred to this counter is eligible whatever its service", waiting: []Ticket{{ID: 1, ServiceID: "c", QueuedAt: at(1), Status: TicketWaiting, ToCounter: 1}, tk(2, "a", 5, "")}, policy: PolicyStrict, want: 1},
		{name: "called and no-show tickets are skipped", waiting: []Ticket{{ID: 1, ServiceID: "a", QueuedAt: at(0), Status: TicketNoShow}, {ID: 3, ServiceID: "a", QueuedAt: at(0), Status: TicketCalled}, tk(2, "a", 5, "")}, policy: PolicyStrict, want: 2},
		{name: "nothing waiting", waiting: nil, policy: PolicyStrict, wantNothing: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := PickNext(c.waiting, counter, c.policy, c.every, c.since)
			if c.wantNothing {
				if ok {
					t.Fatalf("picked %d from nothing eligible", got.ID)
				}
				return
			}
			if !ok || got.ID != c.want {
				t.Fatalf("picked %d (%v), want %d", got.ID, ok, c.want)
			}
		})
	}
}

func TestQueueConfigValidation(t *testing.T) {
	good := DefaultQueueConfig()
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	breakers := map[string]func(q *QueueConfig){
		"duplicate prefix":     func(q *QueueConfig) { q.Services[1].Prefix = q.Services[0].Prefix },
		"lowercase prefix":     func(q *QueueConfig) { q.Services[0].Prefix = "a" },
		"unknown service":      func(q *QueueConfig) { q.Counters[0].Services = []string{"nope"} },
		"duplicate counter":    func(q *QueueConfig) { q.Counters[1].ID = q.Counters[0].ID },
		"bad policy":           func(q *QueueConfig) { q.Policy = "fastest" },
		"interleave without N": func(q *QueueConfig) { q.Policy, q.PriorityEvery = PolicyInterleave, 0 },
		"bad hour":             func(q *QueueConfig) { q.Opens = "7h" },
		"no services":          func(q *QueueConfig) { q.Services = nil },
	}
	for name, breakIt := range breakers {
		q := DefaultQueueConfig()
		breakIt(&q)
		if err := q.Validate(); ErrorCode(err) != EINVALID || ErrorOf(err).Message == "" {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestTicketCode(t *testing.T) {
	if got := TicketCode("A", 12); got != "A012" {
		t.Fatal(got)
	}
	if got := TicketCode("B", 1234); got != "B1234" {
		t.Fatal(got)
	}
}

// CallOrder is PickNext repeated: on random waiting lists with ties, transfers and both
// policies, the whole order matches calling one at a time and updating the count.
func TestCallOrderIsPickNextRepeated(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, Zone)
	services := []string{"a", "b", "c"}
	counter := Counter{ID: 1, Services: []string{"b", "a"}}
	for round := 0; round < 300; round++ {
		var waiting []Ticket
		for i := 0; i < rng.IntN(25); i++ {
			tk := Ticket{ID: int64(i + 1), ServiceID: services[rng.IntN(3)], Status: TicketWaiting,
				QueuedAt: t0.Add(time.Duration(rng.IntN(5)) * time.Minute)}
			if rng.IntN(3) == 0 {
				tk.Priority = "elderly"
			}
			if rng.IntN(6) == 0 {
				tk.ToCounter = 1 + rng.IntN(2)
			}
			if rng.IntN(8) == 0 {
				tk.Status = TicketNoShow
			}
			waiting = append(waiting, tk)
		}
		policy, every, since := PolicyStrict, 0, 0
		if rng.IntN(2) == 0 {
			policy, every, since = PolicyInterleave, 1+rng.IntN(3), rng.IntN(4)
		}
		got := CallOrder(waiting, counter, policy, every, since, 0)
		var want []Ticket
		left := append([]Ticket(nil), waiting...)
		for s := since; ; {
			next, ok := PickNext(left, counter, policy, every, s)
			if !ok {
				break
			}
			want = append(want, next)
			if next.Priority != "" {
				s = 0
			} else {
				s++
			}
			for i := range left {
				if left[i].ID == next.ID {
					left = append(left[:i], left[i+1:]...)
					break
				}
			}
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d in order, want %d", round, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("round %d (%s every %d since %d): position %d is %d, want %d", round, policy, every, since, i, got[i].ID, want[i].ID)
			}
		}
		if lim := CallOrder(waiting, counter, policy, every, since, 2); len(want) >= 2 && (len(lim) != 2 || lim[1].ID != want[1].ID) {
			t.Fatalf("round %d: limit 2 gave %v", round, lim)
		}
	}
}
