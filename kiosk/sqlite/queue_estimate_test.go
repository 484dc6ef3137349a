package sqlite

import (
	"context"
	"testing"
	"time"
)

// The villager is told how many are ahead and a wait from the line's recent service times,
// shared among the open counters that serve the line.
func TestIssueTellsAheadAndWaitFromRecentServiceTimes(t *testing.T) {
	q, clock := newQueue(t) // default: 8 minutes a ticket until three are measured
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		mustIssue(t, q, "hotich", "")
	}
	for i := 0; i < 3; i++ { // counter 1 serves three villagers, 6 minutes each
		if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Start(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clock.Add(6 * time.Minute)
		if _, err := q.Finish(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	first := mustIssue(t, q, "hotich", "")
	second := mustIssue(t, q, "hotich", "")
	third := mustIssue(t, q, "hotich", "")
	if first.Ahead != 0 || first.WaitMinutes != 0 {
		t.Fatalf("first: %d ahead, %d min", first.Ahead, first.WaitMinutes)
	}
	if second.Ahead != 1 || second.WaitMinutes != 6 {
		t.Fatalf("second: %d ahead, %d min; want 1, 6", second.Ahead, second.WaitMinutes)
	}
	// One open counter serves the line: 2 ahead × 6 min.
	if third.Ahead != 2 || third.WaitMinutes != 12 {
		t.Fatalf("third: %d ahead, %d min; want 2, 12", third.Ahead, third.WaitMinutes)
	}
	// Counter 3 also serves it; with both open the wait halves.
	if err := q.Resume(ctx, 3, "canbo3"); err != nil {
		t.Fatal(err)
	}
	fourth := mustIssue(t, q, "hotich", "")
	if fourth.Ahead != 3 || fourth.WaitMinutes != 9 {
		t.Fatalf("fourth: %d ahead, %d min; want 3, 9", fourth.Ahead, fourth.WaitMinutes)
	}
	// Strict policy: a priority villager passes the ordinary ones; the next ordinary one
	// counts them.
	elder := mustIssue(t, q, "hotich", "elderly")
	if elder.Ahead != 0 {
		t.Fatalf("priority ticket: %d ahead, want 0", elder.Ahead)
	}
	fifth := mustIssue(t, q, "hotich", "")
	if fifth.Ahead != 5 {
		t.Fatalf("fifth: %d ahead, want 5 (four ordinary and one priority)", fifth.Ahead)
	}
	// Another line has its own count.
	if b := mustIssue(t, q, "datdai", ""); b.Ahead != 0 {
		t.Fatalf("datdai: %d ahead", b.Ahead)
	}
}
