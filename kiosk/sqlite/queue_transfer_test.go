package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// issueCode issues a ticket a minute after the last one, so issue times order the hall.
func issueCode(t *testing.T, q *QueueService, clock *fakeClock, svc string) string {
	t.Helper()
	clock.Add(time.Minute)
	return mustIssue(t, q, svc, "").Ticket.Code
}

// callCodes calls at counter until nobody is left for it and returns the codes called.
func callCodes(t *testing.T, q *QueueService, counter int) []string {
	t.Helper()
	var codes []string
	for {
		got, err := q.CallNext(context.Background(), counter, "")
		if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
			return codes
		}
		if err != nil {
			t.Fatalf("counter %d calls after %v: %v", counter, codes, err)
		}
		codes = append(codes, got.Code)
	}
}

func sameCodes(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A transferred ticket keeps its code and its place (issue time), is called in its new
// line's order, never takes a number of that line, and both lines go on issuing their
// own numbers: the three cases of issue 9 that used to fail, each followed by issuing and
// calling in both lines.
func TestTransferNeverBreaksALine(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string // services issued before the transfer, a minute apart
		calls  int      // counter 1 calls this many; the last one called is transferred
		moved  string   // its code
		to     string   // the line it moves to; counter 2 serves it, counter 1 the old line
		after  []string // services issued after the transfer
		issued []string // the codes they get
		toLine []string // what counter 2 then calls, in order
		old    []string // what counter 1 then calls
	}{{
		// Used to fail: every B ticket after it collided with A002's number 2 in line B.
		name:   "A002 to line B, then B issues",
		before: []string{"hotich", "hotich", "datdai"}, calls: 2, moved: "A002", to: "datdai",
		after:  []string{"datdai", "hotich", "datdai"},
		issued: []string{"B002", "A003", "B003"},
		toLine: []string{"A002", "B001", "B002", "B003"},
		old:    []string{"A003"},
	}, {
		// Used to fail: the transfer itself collided with B001's number 1.
		name:   "A001 into a line holding B001",
		before: []string{"datdai", "hotich"}, calls: 1, moved: "A001", to: "datdai",
		after:  []string{"datdai", "hotich"},
		issued: []string{"B002", "A002"},
		toLine: []string{"B001", "A001", "B002"},
		old:    []string{"A002"},
	}, {
		// Used to block D002 for the rest of the day: D's counter stood at 1 and every retry
		// rolled back on A002's number 2.
		name:   "A002 into an empty line D",
		before: []string{"hotich", "hotich"}, calls: 2, moved: "A002", to: "khac",
		after:  []string{"khac", "khac", "hotich", "khac"},
		issued: []string{"D001", "D002", "A003", "D003"},
		toLine: []string{"A002", "D001", "D002", "D003"},
		old:    []string{"A003"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			q, clock := newQueue(t)
			ctx := context.Background()
			for _, svc := range tc.before {
				issueCode(t, q, clock, svc)
			}
			var held kiosk.Ticket
			for range tc.calls {
				var err error
				if held, err = q.CallNext(ctx, 1, "canbo1"); err != nil {
					t.Fatal(err)
				}
			}
			if held.Code != tc.moved {
				t.Fatalf("counter 1 holds %s, want %s", held.Code, tc.moved)
			}
			from := held.ServiceID
			clock.Add(time.Minute)
			moved, err := q.Transfer(ctx, 1, tc.to, 0)
			if err != nil {
				t.Fatalf("transfer %s to %s: %v", tc.moved, tc.to, err)
			}
			if moved.Code != tc.moved || moved.Number != held.Number || moved.ServiceID != tc.to || moved.IssuedService != from ||
				moved.Status != kiosk.TicketWaiting || !moved.QueuedAt.Equal(held.IssuedAt) {
				t.Fatalf("transferred ticket %+v, was %+v", moved, held)
			}
			ev, err := q.DB.Pending(ctx, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			last := ev[len(ev)-1]
			var body struct {
				TicketID    int64  `json:"ticket_id"`
				Code        string `json:"code"`
				FromService string `json:"from_service"`
				ToService   string `json:"to_service"`
			}
			if err := json.Unmarshal(last.Body, &body); err != nil || last.Kind != "ticket.transferred" ||
				body.TicketID != held.ID || body.Code != tc.moved || body.FromService != from || body.ToService != tc.to {
				t.Fatalf("last outbox event %s %s (%v)", last.Kind, last.Body, err)
			}

			var issued []string
			for _, svc := range tc.after {
				issued = append(issued, issueCode(t, q, clock, svc))
			}
			if !sameCodes(issued, tc.issued) {
				t.Fatalf("issued %v after the transfer, want %v", issued, tc.issued)
			}
			waiting, err := q.Waiting(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for _, w := range waiting {
				order = append(order, w.Code)
			}
			if !sameCodes(order, tc.toLine) {
				t.Fatalf("counter 2's waiting list %v, want %v", order, tc.toLine)
			}
			if got := callCodes(t, q, 2); !sameCodes(got, tc.toLine) {
				t.Fatalf("counter 2 called %v, want %v", got, tc.toLine)
			}
			if got := callCodes(t, q, 1); !sameCodes(got, tc.old) {
				t.Fatalf("counter 1 called %v, want %v", got, tc.old)
			}
			// The hall shows the moved ticket by its own code.
			snap, err := q.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			shown := false
			for _, c := range snap.Recent {
				shown = shown || (c.TicketID == held.ID && c.Code == tc.moved && c.CounterID == 2)
			}
			if !shown {
				t.Fatalf("recent calls %+v do not show %s called to counter 2", snap.Recent, tc.moved)
			}
		})
	}
}

// A ticket sent on and back again (A002 to line B, then back to A) still holds A's number
// 2: it is called before A003 by its issue time, and neither line skips or repeats a number.
func TestTransferBackToItsOwnLine(t *testing.T) {
	q, clock := newQueue(t)
	ctx := context.Background()
	issueCode(t, q, clock, "hotich")
	issueCode(t, q, clock, "hotich")
	for range 2 {
		if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.Transfer(ctx, 1, "datdai", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := q.CallNext(ctx, 2, "canbo2"); err != nil || got.Code != "A002" {
		t.Fatalf("counter 2 called %+v %v", got, err)
	}
	back, err := q.Transfer(ctx, 2, "hotich", 0)
	if err != nil || back.ServiceID != "hotich" || back.IssuedService != "hotich" || back.Code != "A002" {
		t.Fatalf("transfer back %+v %v", back, err)
	}
	var issued []string
	for _, svc := range []string{"hotich", "datdai", "hotich"} {
		issued = append(issued, issueCode(t, q, clock, svc))
	}
	if want := []string{"A003", "B001", "A004"}; !sameCodes(issued, want) {
		t.Fatalf("issued %v, want %v", issued, want)
	}
	if got, want := callCodes(t, q, 1), []string{"A002", "A003", "A004"}; !sameCodes(got, want) {
		t.Fatalf("counter 1 called %v, want %v", got, want)
	}
	if got, want := callCodes(t, q, 2), []string{"B001"}; !sameCodes(got, want) {
		t.Fatalf("counter 2 called %v, want %v", got, want)
	}
}

// A database from before migration 6 holds a ticket transferred the old way (A002 moved
// into line B, its number 2 standing in B's number space), called and served tickets
// pointed at by counters and calls. The upgrade keeps every ticket and call, and B goes
// on issuing (skipping B002, which the old A002 holds) instead of failing.
func TestUpgradeKeepsLegacyTransfersFromBlockingALine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	old, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrateThrough(ctx, old, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, `
		INSERT INTO tickets(id, day, service_id, number, code, status, issued_at, queued_at, counter_id, called_at, finished_at) VALUES
			(1, '2026-11-25', 'hotich', 1, 'A001', 'done', '2026-11-25T01:00:00.000000Z', '2026-11-25T01:00:00.000000Z', 1, '2026-11-25T01:02:00.000000Z', '2026-11-25T01:05:00.000000Z'),
			(2, '2026-11-25', 'datdai', 2, 'A002', 'waiting', '2026-11-25T01:01:00.000000Z', '2026-11-25T01:01:00.000000Z', 0, '2026-11-25T01:05:00.000000Z', ''),
			(3, '2026-11-25', 'datdai', 1, 'B001', 'waiting', '2026-11-25T01:02:00.000000Z', '2026-11-25T01:02:00.000000Z', 0, '', '');
		INSERT INTO queue_numbers(day, service_id, last) VALUES ('2026-11-25', 'hotich', 2), ('2026-11-25', 'datdai', 1);
		INSERT INTO counters(id, status, current_ticket, updated_at) VALUES (1, 'open', 1, '2026-11-25T01:05:00.000000Z');
		INSERT INTO calls(ticket_id, counter_id, at) VALUES (1, 1, '2026-11-25T01:02:00.000000Z'), (2, 1, '2026-11-25T01:05:00.000000Z');`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &fakeClock{t: time.Date(2026, 11, 25, 8, 10, 0, 0, kiosk.Zone)}
	db.Clock = clock.Now
	q := &QueueService{DB: db, Config: kiosk.DefaultQueueConfig()}

	a2, err := q.Ticket(ctx, 2)
	if err != nil || a2.Code != "A002" || a2.ServiceID != "datdai" || a2.IssuedService != "datdai" || a2.Number != 2 {
		t.Fatalf("legacy transferred ticket after the upgrade: %+v %v", a2, err)
	}
	var calls int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM calls`).Scan(&calls); err != nil || calls != 2 {
		t.Fatalf("%d calls after the upgrade (%v), want 2", calls, err)
	}
	var issued []string
	for _, svc := range []string{"datdai", "hotich", "datdai"} {
		issued = append(issued, issueCode(t, q, clock, svc))
	}
	if want := []string{"B003", "A003", "B004"}; !sameCodes(issued, want) {
		t.Fatalf("issued %v after the upgrade, want %v", issued, want)
	}
	if got, want := callCodes(t, q, 2), []string{"A002", "B001", "B003", "B004"}; !sameCodes(got, want) {
		t.Fatalf("counter 2 called %v, want %v", got, want)
	}
	// The uniqueness now reads the issuing line: a second number 2 of line A is refused,
	// though no ticket waiting in line A holds 2 any more.
	err = db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tickets(day, service_id, issued_service, number, code, status, issued_at, queued_at)
			VALUES ('2026-11-25', 'hotich', 'hotich', 3, 'A003', 'waiting', '', '')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("a second A003 was stored: %v", err)
	}
}
