package sqlite

import (
	"context"
	"encoding/json"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// newRatings is a queue and its rating service over one database, on the test's clock.
func newRatings(t testing.TB) (*QueueService, *RatingService, *fakeClock) {
	t.Helper()
	q, clock := newQueue(t)
	return q, &RatingService{DB: q.DB, Queue: q}, clock
}

// served issues a number of the line, calls it at the counter as staff and finishes it.
func served(t testing.TB, q *QueueService, svc string, counter int, staff string) kiosk.Ticket {
	t.Helper()
	ctx := context.Background()
	is := mustIssue(t, q, svc, "")
	if got, err := q.CallNext(ctx, counter, staff); err != nil || got.ID != is.Ticket.ID {
		t.Fatalf("call %s at %d: %+v %v", is.Ticket.Code, counter, got, err)
	}
	done, err := q.Finish(ctx, counter)
	if err != nil {
		t.Fatalf("finish at %d: %v", counter, err)
	}
	return done
}

// ratingEvents returns the bodies of the outbox's "rating.given" events.
func ratingEvents(t testing.TB, db *DB) []map[string]any {
	t.Helper()
	evs, err := db.Pending(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, e := range evs {
		if e.Kind != "rating.given" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(e.Body, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func countRatings(t testing.TB, db *DB) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM ratings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRatingOnThePadIsTiedToTheVisitAndGivenOnce(t *testing.T) {
	q, rs, clock := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")

	clock.Add(30 * time.Second)
	req, err := rs.Pending(ctx, 1)
	if err != nil || req.TicketID != a1.ID || req.Code != "A001" || req.CounterName != "Quầy 1" {
		t.Fatalf("pending %+v %v", req, err)
	}
	if _, err := rs.Pending(ctx, 2); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("another counter's pad asks: %v", err)
	}
	r, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 1, Reasons: []string{"waiting_time", "attitude", "waiting_time"}})
	if err != nil {
		t.Fatal(err)
	}
	want := kiosk.Rating{TicketID: a1.ID, Day: "2026-11-25", Code: "A001", CounterID: 1, StaffID: "canbo1", ServiceID: "hotich",
		Score: 1, Scale: 3, Reasons: []string{"attitude", "waiting_time"}, Via: kiosk.RatingViaPad, At: clock.Now().UTC()}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("rating\n got %+v\nwant %+v", r, want)
	}

	// The outbox carries it for the hub, with the fields the hub builds its table from.
	evs := ratingEvents(t, q.DB)
	if len(evs) != 1 {
		t.Fatalf("rating events %v", evs)
	}
	for _, k := range []string{"ticket_id", "day", "counter_id", "staff_id", "service_id", "score", "scale", "reasons", "at"} {
		if _, ok := evs[0][k]; !ok {
			t.Errorf("rating.given lacks %q: %v", k, evs[0])
		}
	}
	if _, ok := evs[0]["dossier_code"]; ok {
		t.Errorf("a visit without a dossier sent a dossier code: %v", evs[0])
	}
	var dossier *string
	if err := q.DB.Reader().QueryRow(`SELECT dossier_code FROM ratings`).Scan(&dossier); err != nil || dossier != nil {
		t.Fatalf("dossier_code %v %v, want NULL", dossier, err)
	}

	// Once: the pad no longer asks, a second tap and the ticket's QR code are refused.
	if _, err := rs.Pending(ctx, 1); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("pad asks again after the rating: %v", err)
	}
	_, err = rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 3})
	if e := kiosk.ErrorOf(err); e.Code != kiosk.ECONFLICT || e.Message != "Số thứ tự này đã được đánh giá rồi. Xin cảm ơn quý vị." {
		t.Fatalf("second tap: %v", err)
	}
	code := kiosk.TicketLookupCode(q.DB.KioskID(), a1)
	if _, err := rs.RateByCode(ctx, code, kiosk.RatingAnswer{Score: 3}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("QR after the pad: %v", err)
	}
	if n := countRatings(t, q.DB); n != 1 || len(ratingEvents(t, q.DB)) != 1 {
		t.Fatalf("%d ratings stored", n)
	}
}

// Eight taps at once on one ticket, from two pads' worth of requests and its QR code:
// exactly one is stored, with one outbox event; every other is told it is rated already.
func TestConcurrentTapsStoreOneRating(t *testing.T) {
	q, rs, _ := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	code := kiosk.TicketLookupCode(q.DB.KioskID(), a1)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, errs[i] = rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 3})
			} else {
				_, errs[i] = rs.RateByCode(ctx, code, kiosk.RatingAnswer{Score: 2})
			}
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case kiosk.ErrorOf(err) != errRated:
			t.Errorf("refused with %v, want 'rated already'", err)
		}
	}
	if ok != 1 || countRatings(t, q.DB) != 1 || len(ratingEvents(t, q.DB)) != 1 {
		t.Fatalf("%d taps accepted, %d rows, %d events", ok, countRatings(t, q.DB), len(ratingEvents(t, q.DB)))
	}
}

func TestRatingByTheTicketsQRCodeOnceWithinAWeek(t *testing.T) {
	q, rs, clock := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	b1 := served(t, q, "datdai", 2, "canbo2")
	codeA, codeB := kiosk.TicketLookupCode(q.DB.KioskID(), a1), kiosk.TicketLookupCode(q.DB.KioskID(), b1)

	// Two days later, at the kiosk: the pad's window is long gone, the QR code still works.
	clock.Add(48 * time.Hour)
	if _, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 3}); kiosk.ErrorOf(err) != errPadLate {
		t.Fatalf("pad two days later: %v", err)
	}
	req, err := rs.Lookup(ctx, " "+codeA+"\n")
	if err != nil || req.TicketID != a1.ID || req.CounterName != "Quầy 1" {
		t.Fatalf("lookup %+v %v", req, err)
	}
	r, err := rs.RateByCode(ctx, codeA, kiosk.RatingAnswer{Score: 2})
	if err != nil || r.Via != kiosk.RatingViaQR || r.StaffID != "canbo1" || r.CounterID != 1 || r.Day != "2026-11-25" {
		t.Fatalf("rate by code %+v %v", r, err)
	}
	// The same QR code again: refused, and the screen can say so before anyone taps.
	if _, err := rs.RateByCode(ctx, codeA, kiosk.RatingAnswer{Score: 1, Reasons: []string{"other"}}); kiosk.ErrorOf(err) != errRated {
		t.Fatalf("replayed QR: %v", err)
	}
	if _, err := rs.Lookup(ctx, codeA); kiosk.ErrorOf(err) != errRated {
		t.Fatalf("lookup of a rated ticket: %v", err)
	}

	// A week and a bit after the visit: too old.
	clock.Add(6 * 24 * time.Hour)
	if _, err := rs.Lookup(ctx, codeB); kiosk.ErrorOf(err) != errQRLate {
		t.Fatalf("lookup after 8 days: %v", err)
	}
	if _, err := rs.RateByCode(ctx, codeB, kiosk.RatingAnswer{Score: 3}); kiosk.ErrorOf(err) != errQRLate {
		t.Fatalf("rate after 8 days: %v", err)
	}
	if n := countRatings(t, q.DB); n != 1 {
		t.Fatalf("%d ratings stored", n)
	}
}

// Every refusal says why in Vietnamese and stores nothing.
func TestRatingRefusalsChangeNothing(t *testing.T) {
	q, rs, clock := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	kid := q.DB.KioskID()
	late := served(t, q, "datdai", 2, "canbo2")
	clock.Add(kiosk.RatingPadWindow + time.Second)
	fresh := served(t, q, "hotich", 1, "canbo1")
	waiting := mustIssue(t, q, "hotich", "").Ticket

	cases := []struct {
		name string
		rate func() error
		code string
	}{
		{"score 0", func() error { _, err := rs.RateAtCounter(ctx, 1, fresh.ID, kiosk.RatingAnswer{Score: 0}); return err }, kiosk.EINVALID},
		{"score 4 of 3", func() error { _, err := rs.RateAtCounter(ctx, 1, fresh.ID, kiosk.RatingAnswer{Score: 4}); return err }, kiosk.EINVALID},
		{"reasons when satisfied", func() error {
			_, err := rs.RateAtCounter(ctx, 1, fresh.ID, kiosk.RatingAnswer{Score: 2, Reasons: []string{"attitude"}})
			return err
		}, kiosk.EINVALID},
		{"unknown reason", func() error {
			_, err := rs.RateAtCounter(ctx, 1, fresh.ID, kiosk.RatingAnswer{Score: 1, Reasons: []string{"rude"}})
			return err
		}, kiosk.EINVALID},
		{"no ticket id", func() error { _, err := rs.RateAtCounter(ctx, 1, 0, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.EINVALID},
		{"unknown ticket", func() error { _, err := rs.RateAtCounter(ctx, 1, 9999, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.ENOTFOUND},
		{"unknown counter", func() error { _, err := rs.RateAtCounter(ctx, 42, fresh.ID, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.ENOTFOUND},
		{"another counter's ticket", func() error { _, err := rs.RateAtCounter(ctx, 2, fresh.ID, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.ECONFLICT},
		{"not served yet", func() error { _, err := rs.RateAtCounter(ctx, 1, waiting.ID, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.ECONFLICT},
		{"pad too late", func() error { _, err := rs.RateAtCounter(ctx, 2, late.ID, kiosk.RatingAnswer{Score: 3}); return err }, kiosk.ECONFLICT},
		{"QR not served", func() error {
			_, err := rs.RateByCode(ctx, kiosk.TicketLookupCode(kid, waiting), kiosk.RatingAnswer{Score: 3})
			return err
		}, kiosk.ECONFLICT},
		{"QR of another kiosk", func() error {
			_, err := rs.RateByCode(ctx, kiosk.TicketLookupCode("kiosk-elsewhere", a1), kiosk.RatingAnswer{Score: 3})
			return err
		}, kiosk.EINVALID},
		{"QR of no ticket", func() error {
			_, err := rs.RateByCode(ctx, "MC1:T:"+kid+":2026-11-25:C999", kiosk.RatingAnswer{Score: 3})
			return err
		}, kiosk.ENOTFOUND},
		{"not a ticket code", func() error {
			_, err := rs.RateByCode(ctx, "https://dichvucong.gov.vn/tra-cuu?ma=1", kiosk.RatingAnswer{Score: 3})
			return err
		}, kiosk.EINVALID},
	}
	for _, c := range cases {
		err := c.rate()
		if e := kiosk.ErrorOf(err); e.Code != c.code || e.Message == "" || e.Code == kiosk.EINTERNAL {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if n := countRatings(t, q.DB); n != 0 || len(ratingEvents(t, q.DB)) != 0 {
		t.Fatalf("refusals stored %d ratings", n)
	}
}

// The pad asks only between villagers: once the counter calls the next one it stops
// asking about the last, though an answer already being given is still taken.
func TestPadStopsAskingWhenTheCounterCallsTheNext(t *testing.T) {
	q, rs, clock := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	mustIssue(t, q, "hotich", "")
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Pending(ctx, 1); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("pad asks while the next villager is called: %v", err)
	}
	clock.Add(time.Minute)
	if _, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 3}); err != nil {
		t.Fatalf("answer given as the next was called: %v", err)
	}
	// A finish long ago is not asked about either.
	if _, err := q.Finish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Add(kiosk.RatingPadWindow + time.Second)
	if _, err := rs.Pending(ctx, 1); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("pad asks about a ticket finished %v ago: %v", kiosk.RatingPadWindow, err)
	}
}

func TestFinishAsksTheCountersPad(t *testing.T) {
	q, _, _ := newRatings(t)
	rec := &recorder{}
	q.Publisher = rec
	a1 := served(t, q, "hotich", 1, "canbo1")
	notices := rec.take()
	last := notices[len(notices)-1]
	if req, ok := last.Data.(kiosk.RatingRequest); last.Kind != "rating.requested" || !ok ||
		req != (kiosk.RatingRequest{TicketID: a1.ID, Code: "A001", CounterID: 1, CounterName: "Quầy 1", ServiceID: "hotich", FinishedAt: a1.FinishedAt}) {
		t.Fatalf("last notice after Finish: %s %#v", last.Kind, last.Data)
	}
}

func TestFiveLevelScaleAndTheDossierCode(t *testing.T) {
	q, rs, _ := newRatings(t)
	ctx := context.Background()
	cfg := kiosk.DefaultQueueConfig()
	cfg.RatingScale = kiosk.RatingScale5
	if err := q.SetConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	form, err := rs.Form(ctx)
	if err != nil || form.Scale != 5 || len(form.Levels) != 5 || form.Levels[2].Name != "Bình thường" || len(form.Reasons) != 5 {
		t.Fatalf("form %+v %v", form, err)
	}
	rs.DossierOf = func(ctx context.Context, ticketID int64) (string, error) {
		return "000.00.00.H55-261125-0001", nil
	}
	a1 := served(t, q, "hotich", 1, "canbo1")
	if _, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 3, Reasons: []string{"other"}}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("reasons with a neutral score: %v", err)
	}
	r, err := rs.RateAtCounter(ctx, 1, a1.ID, kiosk.RatingAnswer{Score: 2, Reasons: []string{"too_many_visits"}})
	if err != nil || r.Scale != 5 || r.DossierCode != "000.00.00.H55-261125-0001" {
		t.Fatalf("rating %+v %v", r, err)
	}
	list, err := rs.Ratings(ctx, "2026-11-25", "2026-11-25")
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], r) {
		t.Fatalf("list %+v %v, want %+v", list, err, r)
	}
	if list, err := rs.Ratings(ctx, "2026-11-26", "2026-12-31"); err != nil || len(list) != 0 {
		t.Fatalf("other days %+v %v", list, err)
	}
	if _, err := rs.Ratings(ctx, "25/11/2026", "2026-11-25"); kiosk.ErrorOf(err).Field != "from" {
		t.Fatalf("bad day: %v", err)
	}
	if evs := ratingEvents(t, q.DB); len(evs) != 1 || evs[0]["dossier_code"] != "000.00.00.H55-261125-0001" {
		t.Fatalf("events %v", evs)
	}
}

// A number typed on the kiosk's keyboard names today's ticket of this kiosk; the refusals
// carry a reason the kiosk's screen answers each in its own words.
func TestRatingByATypedNumberIsTodays(t *testing.T) {
	q, rs, clock := newRatings(t)
	ctx := context.Background()
	a1 := served(t, q, "hotich", 1, "canbo1")
	b1 := served(t, q, "datdai", 2, "canbo2")
	waiting := mustIssue(t, q, "hotich", "").Ticket

	req, err := rs.Lookup(ctx, " a 001 ")
	if err != nil || req.TicketID != a1.ID {
		t.Fatalf("typed a 001: %+v %v", req, err)
	}
	if r, err := rs.RateByCode(ctx, "A001", kiosk.RatingAnswer{Score: 3}); err != nil || r.TicketID != a1.ID || r.Via != kiosk.RatingViaQR {
		t.Fatalf("rate typed A001: %+v %v", r, err)
	}
	reasonOf := func(code string) string {
		_, err := rs.Lookup(ctx, code)
		return kiosk.ErrorOf(err).Reason
	}
	for code, want := range map[string]string{
		"A001":                            kiosk.ReasonRated,
		waiting.Code:                      kiosk.ReasonNotServed,
		"MC1:T:elsewhere:2026-11-25:A001": kiosk.ReasonOtherKiosk,
	} {
		if got := reasonOf(code); got != want {
			t.Errorf("%s: reason %q, want %q", code, got, want)
		}
	}
	// The next day the same number is a new day's ticket: B001 of yesterday is not found
	// by typing, and by its QR it is still rated.
	clock.Add(24 * time.Hour)
	if _, err := rs.Lookup(ctx, "B001"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("typed B001 the next day: %v", err)
	}
	if _, err := rs.Lookup(ctx, kiosk.TicketLookupCode(q.DB.KioskID(), b1)); err != nil {
		t.Fatalf("B001's QR the next day: %v", err)
	}
	clock.Add(7 * 24 * time.Hour)
	if got := reasonOf(kiosk.TicketLookupCode(q.DB.KioskID(), b1)); got != kiosk.ReasonLate {
		t.Errorf("B001 after 8 days: reason %q", got)
	}
	if n := countRatings(t, q.DB); n != 1 {
		t.Fatalf("%d ratings stored", n)
	}
}
