package kiosk

import (
	"testing"
	"time"
)

// LineAhead follows CallOrder: under interleave a priority ticket waits its turn after
// every N ordinary calls; tickets reserved for another counter, or of another line, do not count.
// (Ticket 4 reserved for counter 2 still waits behind the earlier ones counter 2 may call.)
func TestLineAheadFollowsTheCallOrder(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, Zone)
	tk := func(id int64, svc string, p Priority, to int) Ticket {
		return Ticket{ID: id, ServiceID: svc, Priority: p, ToCounter: to, Status: TicketWaiting, QueuedAt: at.Add(time.Duration(id) * time.Minute)}
	}
	waiting := []Ticket{tk(1, "a", "", 0), tk(2, "a", "", 0), tk(3, "b", "", 0), tk(4, "a", "", 2), tk(5, "a", "elderly", 0), tk(6, "a", "", 0)}
	for _, c := range []struct {
		policy          string
		since, id, want int
	}{
		{PolicyStrict, 0, 6, 3},     // 5 (priority), 1, 2
		{PolicyStrict, 0, 5, 0},     // priority first
		{PolicyInterleave, 0, 5, 2}, // after 1 and 2 (every 2)
		{PolicyInterleave, 2, 5, 0}, // its turn now
		{PolicyInterleave, 2, 6, 3}, // 5, 1, 2
		{PolicyStrict, 0, 4, 3},     // reserved for counter 2: keeps its place, after 5, 1, 2
	} {
		var self Ticket
		for _, w := range waiting {
			if w.ID == int64(c.id) {
				self = w
			}
		}
		if got := LineAhead(waiting, self, c.policy, 2, c.since); got != c.want {
			t.Errorf("%s since %d: ticket %d has %d ahead, want %d", c.policy, c.since, c.id, got, c.want)
		}
	}
}
