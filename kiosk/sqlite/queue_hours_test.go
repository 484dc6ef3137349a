package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// Out of hours the kiosk is refused a number with the hours in Vietnamese, nothing is
// numbered, and the hall's state says closed and when it opens; in hours both agree again.
func TestIssueFollowsTheWorkingWeek(t *testing.T) {
	q, clock := newQueue(t) // Wednesday 25 November 2026, 08:00
	ctx := context.Background()
	clock.Add(4 * time.Hour) // 12:00, the lunch break
	_, err := q.Issue(ctx, "hotich", "")
	if kiosk.ErrorCode(err) != kiosk.ECONFLICT || !strings.Contains(kiosk.ErrorOf(err).Message, "07:00–11:30, 13:30–17:00") {
		t.Fatalf("issue at lunch: %v", err)
	}
	st, err := q.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := st.Hours; h.Open || !h.NextOpen.Equal(time.Date(2026, 11, 25, 13, 30, 0, 0, kiosk.Zone)) || len(h.Week.Mon) != 2 {
		t.Fatalf("snapshot at lunch: %+v", h)
	}
	clock.Add(90 * time.Minute) // 13:30
	if is := mustIssue(t, q, "hotich", ""); is.Ticket.Code != "A001" {
		t.Fatalf("first number after lunch is %s: the refused one took a number", is.Ticket.Code)
	}
	if st, _ := q.Snapshot(ctx); !st.Hours.Open || !st.Hours.Closes.Equal(time.Date(2026, 11, 25, 17, 0, 0, 0, kiosk.Zone)) {
		t.Fatalf("snapshot at 13:30: %+v", st.Hours)
	}
}
