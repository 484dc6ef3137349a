package sqlite

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// assessRig is a queue, the dossiers, the ratings and the assessments over one database,
// on the dossier rig's clock, with the assessment turned on (on false: the province's
// default, off).
type assessRig struct {
	*dossierRig
	q  *QueueService
	rs *RatingService
	as *AssessmentService
}

var lan = kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Role: kiosk.RoleClerk, Counter: 1}

func newAssessRig(t testing.TB, on bool) *assessRig {
	t.Helper()
	r := newDossierRig(t, "")
	auth := &AuthService{DB: r.db}
	if _, err := auth.SeedDemoStaff(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg := kiosk.DefaultQueueConfig()
	cfg.RatingAssessment = on
	q := &QueueService{DB: r.db, Config: cfg, Staff: auth}
	as := &AssessmentService{DB: r.db, Queue: q, Dossiers: r.svc}
	return &assessRig{dossierRig: r, q: q, as: as, rs: &RatingService{DB: r.db, Queue: q, Assess: as.ForTicket}}
}

// ready receives a marital-status certificate (3 working days) at at, starts it and makes
// its result ready at done.
func (r *assessRig) ready(t testing.TB, at, done string) string {
	t.Helper()
	r.set(at)
	d := mustIntake(t, r.dossierRig, lan, intake())
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionProcess})
	r.set(done)
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionDone})
	return d.Code
}

func (r *assessRig) move(t testing.TB, code string, c kiosk.DossierChange) {
	t.Helper()
	if _, err := r.svc.Transition(context.Background(), lan, code, c); err != nil {
		t.Fatalf("%s %s: %v", c.Action, code, err)
	}
}

// visit issues a number at at, calls it at counter 1 for canbo1, hands code back during it
// and finishes it.
func (r *assessRig) visit(t testing.TB, at, code string) kiosk.Ticket {
	t.Helper()
	ctx := context.Background()
	r.set(at)
	is := mustIssue(t, r.q, "hotich", "")
	if _, err := r.q.CallNext(ctx, 1, lan.ID); err != nil {
		t.Fatal(err)
	}
	r.advance(2 * time.Minute)
	r.move(t, code, kiosk.DossierChange{Action: kiosk.ActionReturn})
	r.advance(time.Minute)
	done, err := r.q.Finish(ctx, 1)
	if err != nil || done.ID != is.Ticket.ID {
		t.Fatalf("finish: %+v %v", done, err)
	}
	return done
}

func (r *assessRig) advance(d time.Duration) {
	r.mu.Lock()
	r.now = r.now.Add(d)
	r.mu.Unlock()
}

func (r *assessRig) given(t testing.TB) int {
	t.Helper()
	evs, err := r.db.Pending(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Kind == EventAssessmentGiven {
			n++
		}
	}
	return n
}

// On the pad: the dossier handed back during the visit is asked about after the faces; the
// indicators the record answers are computed, the villager's answers added, once.
func TestAssessmentOnThePadAfterTheFaces(t *testing.T) {
	ctx := context.Background()
	r := newAssessRig(t, true)
	// Received Monday 09:00, due Thursday 09:00, ready Wednesday: on time.
	code := r.ready(t, "2026-03-02 09:00", "2026-03-04 10:00")
	tk := r.visit(t, "2026-03-06 09:00", code)

	req, err := r.rs.Pending(ctx, 1)
	if err != nil || req.TicketID != tk.ID || req.Assessment == nil || req.Assessment.DossierCode != code ||
		len(req.Assessment.Questions) != 4 || req.Assessment.Procedure == "" {
		t.Fatalf("pending %+v %v", req, err)
	}
	if _, err := r.rs.RateAtCounter(ctx, 1, tk.ID, kiosk.RatingAnswer{Score: 3}); err != nil {
		t.Fatal(err)
	}
	a, err := r.as.AssessAtCounter(ctx, 1, tk.ID, code, kiosk.AssessmentAnswer{Scores: kiosk.AssessmentScores{kiosk.IndAttitude: 2, kiosk.IndOverall: 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := kiosk.AssessmentScores{kiosk.IndTotalTime: 2, kiosk.IndBodyTime: 2, kiosk.IndContacts: 2, kiosk.IndOneStop: 2,
		kiosk.IndDisclosed: 2, kiosk.IndAttitude: 2, kiosk.IndOverall: 3}
	if !maps.Equal(a.Scores, want) || a.StaffID != lan.ID || a.CounterID != 1 || a.TicketID != tk.ID || a.Via != kiosk.RatingViaPad ||
		a.ServiceID != "hotich" || a.Day != "2026-03-06" {
		t.Fatalf("assessment %+v", a)
	}

	// A second tap, the receipt's QR: refused, one row, one event.
	_, err = r.as.AssessAtCounter(ctx, 1, tk.ID, code, kiosk.AssessmentAnswer{})
	if e := kiosk.ErrorOf(err); e == nil || e.Code != kiosk.ECONFLICT || e.Message != errAssessed.Message {
		t.Fatalf("second tap: %v", err)
	}
	if _, err := r.as.Lookup(ctx, kiosk.LookupURL("http://192.168.1.10:8080", code)); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("QR after the pad: %v", err)
	}
	if r.given(t) != 1 {
		t.Fatalf("%d events", r.given(t))
	}
	list, err := r.as.Assessments(ctx, "2026-03-01", "2026-03-31")
	if err != nil || len(list) != 1 || !maps.Equal(list[0].Scores, want) || list[0].ReturnedAt.IsZero() {
		t.Fatalf("list %+v %v", list, err)
	}
	facts, err := r.as.AssessmentFacts(ctx, "2026-03-06", "2026-03-07")
	if err != nil || len(facts) != 1 {
		t.Fatalf("facts %v %v", facts, err)
	}
}

// Only the visit's own counter, within the pad's window, and only the dossier handed back
// during it; a visit that handed nothing back asks nothing.
func TestAssessmentOnThePadIsBoundToTheVisit(t *testing.T) {
	ctx := context.Background()
	r := newAssessRig(t, true)
	code := r.ready(t, "2026-03-02 09:00", "2026-03-04 10:00")
	other := r.ready(t, "2026-03-02 10:00", "2026-03-04 10:00")
	tk := r.visit(t, "2026-03-06 09:00", code)

	for _, c := range []struct {
		counter int
		code    string
	}{{2, code}, {1, other}} {
		_, err := r.as.AssessAtCounter(ctx, c.counter, tk.ID, c.code, kiosk.AssessmentAnswer{})
		if e := kiosk.ErrorOf(err); e == nil || e.Message != errNotThisVisit.Message {
			t.Errorf("counter %d, %s: %v", c.counter, c.code, err)
		}
	}
	r.advance(kiosk.AssessmentPadWindow + time.Second)
	if _, err := r.as.AssessAtCounter(ctx, 1, tk.ID, code, kiosk.AssessmentAnswer{}); kiosk.ErrorOf(err) == nil ||
		kiosk.ErrorOf(err).Message != errAssessPadLate.Message {
		t.Fatalf("late: %v", err)
	}

	// Served without handing anything back: no assessment is asked.
	r.set("2026-03-06 10:00")
	mustIssue(t, r.q, "hotich", "")
	if _, err := r.q.CallNext(ctx, 1, lan.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.q.Finish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if req, err := r.rs.Pending(ctx, 1); err != nil || req.Assessment != nil {
		t.Fatalf("pending %+v %v", req, err)
	}
	if r.given(t) != 0 {
		t.Fatal("nothing stored")
	}
}

// By the receipt's QR: a forwarded dossier made ready late; the villager skips every
// question, the computed indicators are still stored.
func TestAssessmentByReceiptQR(t *testing.T) {
	ctx := context.Background()
	r := newAssessRig(t, true)
	r.set("2026-03-02 09:00")
	d := mustIntake(t, r.dossierRig, lan, intake())
	qr := kiosk.LookupURL("http://192.168.1.10:8080", d.Code)
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionProcess})
	r.set("2026-03-03 09:00")
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionForward, To: "Sở Tư pháp"})
	if _, err := r.as.Lookup(ctx, qr); kiosk.ErrorOf(err) == nil || kiosk.ErrorOf(err).Message != errNotReturned.Message {
		t.Fatalf("not returned yet: %v", err)
	}
	r.set("2026-03-09 09:00") // two working days past Thursday 09:00
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionBack})
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionDone})
	r.move(t, d.Code, kiosk.DossierChange{Action: kiosk.ActionReturn})

	r.set("2026-03-12 08:00")
	req, err := r.as.Lookup(ctx, qr)
	if err != nil || req.DossierCode != d.Code || len(req.Questions) != 4 {
		t.Fatalf("lookup %+v %v", req, err)
	}
	if _, err := r.as.Lookup(ctx, "not a code"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("garbage: %v", err)
	}
	_, err = r.as.AssessByCode(ctx, qr, kiosk.AssessmentAnswer{Scores: kiosk.AssessmentScores{kiosk.IndTotalTime: 2}})
	if kiosk.ErrorCode(err) != kiosk.EINVALID || r.given(t) != 0 {
		t.Fatalf("a computed indicator answered: %v", err)
	}
	a, err := r.as.AssessByCode(ctx, qr, kiosk.AssessmentAnswer{})
	if err != nil {
		t.Fatal(err)
	}
	want := kiosk.AssessmentScores{kiosk.IndTotalTime: 0, kiosk.IndBodyTime: 0, kiosk.IndContacts: 2, kiosk.IndOneStop: 0, kiosk.IndDisclosed: 2}
	if !maps.Equal(a.Scores, want) || a.Via != kiosk.RatingViaQR || a.CounterID != 0 || len(a.Bodies) != 3 || a.Bodies[1].Body != "Sở Tư pháp" {
		t.Fatalf("assessment %+v", a)
	}
	if _, err := r.as.AssessByCode(ctx, qr, kiosk.AssessmentAnswer{}); kiosk.ErrorOf(err) == nil || kiosk.ErrorOf(err).Message != errAssessed.Message {
		t.Fatalf("replayed QR: %v", err)
	}

	// Returned long ago: too late.
	old := r.ready(t, "2026-03-02 10:00", "2026-03-03 10:00")
	r.move(t, old, kiosk.DossierChange{Action: kiosk.ActionReturn})
	r.advance(kiosk.AssessmentQRWindow + time.Hour)
	if _, err := r.as.Lookup(ctx, old); kiosk.ErrorOf(err) == nil || kiosk.ErrorOf(err).Message != errAssessQRLate.Message {
		t.Fatalf("old: %v", err)
	}
}

// Off by default: nothing asked, nothing taken.
func TestAssessmentOffByDefault(t *testing.T) {
	ctx := context.Background()
	r := newAssessRig(t, false)
	code := r.ready(t, "2026-03-02 09:00", "2026-03-04 10:00")
	tk := r.visit(t, "2026-03-06 09:00", code)
	if req, err := r.rs.Pending(ctx, 1); err != nil || req.Assessment != nil {
		t.Fatalf("pending %+v %v", req, err)
	}
	if _, err := r.as.Lookup(ctx, code); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("lookup: %v", err)
	}
	if _, err := r.as.AssessAtCounter(ctx, 1, tk.ID, code, kiosk.AssessmentAnswer{}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("assess: %v", err)
	}
}

// Concurrent submits for one dossier (the pad and the kiosk, a double tap): one stored.
func TestAssessmentOncePerDossierUnderConcurrentSubmits(t *testing.T) {
	ctx := context.Background()
	r := newAssessRig(t, true)
	code := r.ready(t, "2026-03-02 09:00", "2026-03-04 10:00")
	tk := r.visit(t, "2026-03-06 09:00", code)
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := kiosk.AssessmentAnswer{Scores: kiosk.AssessmentScores{kiosk.IndOverall: 1 + i%3}}
			if i%2 == 0 {
				_, errs[i] = r.as.AssessAtCounter(ctx, 1, tk.ID, code, a)
			} else {
				_, errs[i] = r.as.AssessByCode(ctx, code, a)
			}
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case kiosk.ErrorCode(err) != kiosk.ECONFLICT:
			t.Errorf("unexpected: %v", err)
		}
	}
	var rows int
	if err := r.db.Reader().QueryRow(`SELECT count(*) FROM assessments`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || rows != 1 || r.given(t) != 1 {
		t.Fatalf("%d stored, %d rows, %d events", ok, rows, r.given(t))
	}
}
