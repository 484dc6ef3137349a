package kiosk

import (
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
