package sqlite

import (
	"context"
	"reflect"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// The reports read the ratings of days [from, to): a rating of the ticket's day counts, the
// day after does not, and the reasons come back as given.
func TestRatingFactsForTheReports(t *testing.T) {
	q, rs, _ := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	if _, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 1, Reasons: []string{"waiting_time"}}); err != nil {
		t.Fatal(err)
	}
	got, err := rs.RatingFacts(ctx, "2026-11-25", "2026-11-26")
	want := []kiosk.RatingFact{{Day: "2026-11-25", CounterID: 1, StaffID: "canbo1", ServiceID: "hotich", Score: 1, Scale: 3, Reasons: []string{"waiting_time"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("facts %+v (%v), want %+v", got, err, want)
	}
	if got, err := rs.RatingFacts(ctx, "2026-11-24", "2026-11-25"); err != nil || len(got) != 0 {
		t.Fatalf("the day before, to exclusive: %+v %v", got, err)
	}
}
