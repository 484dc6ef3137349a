package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

// dossierRig is the dossier service over a real SQLite file with the demo catalog, on a
// clock the test moves.
type dossierRig struct {
	db  *DB
	svc *DossierService

	mu  sync.Mutex
	now time.Time
}

const testAgency = "000.00.06.H56"

var (
	clerk1 = kiosk.Staff{ID: "cb01", Name: "Lê Thị Hoa", Role: kiosk.RoleClerk, Counter: 1}
	clerk2 = kiosk.Staff{ID: "cb02", Role: kiosk.RoleClerk, Counter: 2}
	admin  = kiosk.Staff{ID: "admin", Role: kiosk.RoleAdmin}
)

func newDossierRig(t testing.TB, path string) *dossierRig {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), FileName)
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &dossierRig{db: db, now: time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.Zone)} // a Monday
	db.Clock = r.clock
	cat := catalog.NewService(NewCatalogStore(db), nil)
	if _, err := cat.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.svc = &DossierService{DB: db, Catalog: cat, Agency: testAgency}
	if err := r.svc.LoadCalendar(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *dossierRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *dossierRig) set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, kiosk.Zone)
	if err != nil {
		panic(err)
	}
	r.mu.Lock()
	r.now = t
	r.mu.Unlock()
}

// intake is the counter form for a certificate of marital status (1.004873, 3 working days),
// filled from a CCCD scan.
func intake() kiosk.DossierIntake {
	return kiosk.DossierIntake{
		Procedure: "1.004873",
		CounterID: 1,
		Applicant: kiosk.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", BirthDate: "1999-03-15", Sex: "Nam",
			Address: "Số 12, ngõ 34 Láng Hạ, Phường Láng, Hà Nội", IDIssueDate: "2021-04-20", Phone: "0912 345 678"},
		Documents: []kiosk.DossierDocument{{Name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", Original: 1}},
		Fee:       kiosk.DossierFee{AmountVND: 0, Status: kiosk.FeeNone},
	}
}

func mustIntake(t testing.TB, r *dossierRig, by kiosk.Staff, in kiosk.DossierIntake) kiosk.Dossier {
	t.Helper()
	d, err := r.svc.Intake(context.Background(), by, in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Codes are numbered per unit and local day from 0001; the appointment is counted by the
// calendar; the dossier, its event and its audit row commit together.
func TestIntakeNumbersAndDates(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	var codes []string
	for i := 0; i < 3; i++ {
		codes = append(codes, mustIntake(t, r, clerk1, intake()).Code)
	}
	if want := []string{testAgency + "-260302-0001", testAgency + "-260302-0002", testAgency + "-260302-0003"}; fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
	r.set("2026-03-03 07:30")
	d := mustIntake(t, r, clerk1, intake())
	if d.Code != testAgency+"-260303-0001" {
		t.Fatalf("the next day's first code is %s", d.Code)
	}
	// 3 working days from Tuesday 07:30 end on Friday 07:30.
	if got := d.Appointment.Format("2006-01-02 15:04"); got != "2026-03-06 07:30" || d.Status != kiosk.DossierReceived || d.Overdue {
		t.Fatalf("appointment %s, status %v, overdue %v", got, d.Status, d.Overdue)
	}
	if d.ApplicantMasked != "Nguyễn V. A." || d.Applicant.Phone != "0912345678" || d.StaffID != "cb01" || d.Procedure.Name == "" {
		t.Fatalf("dossier %+v", d)
	}
	// A same-day chứng thực after 15:00 is due at the end of the next working day.
	r.set("2026-03-06 15:20")
	in := intake()
	in.Procedure = "2.000815"
	if d := mustIntake(t, r, clerk1, in); d.Appointment.Format("2006-01-02 15:04") != "2026-03-09 17:00" {
		t.Fatalf("same-day after 15:00: %s", d.Appointment)
	}
	// Each intake is one dossier.received event, with the applicant opened for the hub.
	events := dossierEvents(t, r)
	var received int
	for _, e := range events {
		if e.Kind != kiosk.EventDossierReceived {
			continue
		}
		received++
		var body struct {
			kiosk.DossierReceivedEvent
			Applicant kiosk.Applicant `json:"applicant"`
			Sealed    string          `json:"sealed"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Sealed != "" || body.Applicant.IDNumber != "001099012345" || body.Dossier.Code != body.Code || body.Action != kiosk.ActionReceive {
			t.Fatalf("event on its way to the hub: %s", e.Body)
		}
	}
	if received != 5 {
		t.Fatalf("%d dossier.received events, want 5", received)
	}
	audit, err := r.svc.Audit(ctx, admin, "", 100)
	if err != nil || len(audit) != 5 || audit[0].Action != kiosk.AuditCreate || audit[0].StaffID != "cb01" {
		t.Fatalf("audit %+v %v", audit, err)
	}
}

// dossierEvents returns the dossier events of the outbox as the hub would get them.
func dossierEvents(t testing.TB, r *dossierRig) []kiosk.OutboxEvent {
	t.Helper()
	all, err := r.db.Pending(context.Background(), 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	var out []kiosk.OutboxEvent
	for _, e := range all {
		if strings.HasPrefix(e.Kind, "dossier.") {
			out = append(out, e)
		}
	}
	return out
}

// A refused intake changes nothing and uses no number.
func TestIntakeRefusals(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	bad := []struct {
		name string
		by   kiosk.Staff
		edit func(*kiosk.DossierIntake)
		code string
	}{
		{"no name", clerk1, func(in *kiosk.DossierIntake) { in.Applicant.Name = " " }, kiosk.EINVALID},
		{"scan in the address", clerk1, func(in *kiosk.DossierIntake) {
			in.Applicant.Address = "001099012345|123456789|Nguyễn Văn An|15031999|Nam|Hà Nội|20042021"
		}, kiosk.EINVALID},
		{"bad phone", clerk1, func(in *kiosk.DossierIntake) { in.Applicant.Phone = "12345" }, kiosk.EINVALID},
		{"unknown procedure", clerk1, func(in *kiosk.DossierIntake) { in.Procedure = "9.999999" }, kiosk.ENOTFOUND},
		{"unknown case", clerk1, func(in *kiosk.DossierIntake) { in.Case = "Trường hợp không có" }, kiosk.EINVALID},
		{"another clerk's counter", clerk2, func(*kiosk.DossierIntake) {}, kiosk.EFORBIDDEN},
		{"no role", kiosk.Staff{ID: "x"}, func(*kiosk.DossierIntake) {}, kiosk.EFORBIDDEN},
		{"a date for a counted procedure", clerk1, func(in *kiosk.DossierIntake) {
			at := time.Date(2026, 4, 1, 9, 0, 0, 0, kiosk.Zone)
			in.Appointment = &at
		}, kiosk.EINVALID},
		{"no date for an uncounted procedure (adoption, 30 days in the text only)", clerk1, func(in *kiosk.DossierIntake) { in.Procedure = "2.001263" }, kiosk.EINVALID},
		{"unknown ticket", clerk1, func(in *kiosk.DossierIntake) { in.TicketID = 99 }, kiosk.EINVALID},
	}
	for _, c := range bad {
		in := intake()
		c.edit(&in)
		if _, err := r.svc.Intake(ctx, c.by, in); kiosk.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	r.svc.Agency = ""
	if _, err := r.svc.Intake(ctx, clerk1, intake()); kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		t.Errorf("no agency code: %v", err)
	}
	r.svc.Agency = testAgency
	var n int
	if err := r.db.Reader().QueryRow(`SELECT (SELECT count(*) FROM dossiers) + (SELECT count(*) FROM outbox WHERE kind LIKE 'dossier.%') + (SELECT count(*) FROM personal_audit)`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refusals left %d rows (%v)", n, err)
	}
	// The clerk gives the date for an uncounted procedure; the first code of the day is 0001.
	in := intake()
	in.Procedure = "2.001263"
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, kiosk.Zone)
	in.Appointment = &at
	if d := mustIntake(t, r, admin, in); d.Number != 1 || !d.Appointment.Equal(at) {
		t.Fatalf("manual appointment: %+v", d)
	}
}

// A dossier moves through its states, each change one transaction with its outbox event and
// its row of the tracking sheet; the supplement clock pauses and resumes; overdue is derived.
func TestDossierLifecycle(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	d := mustIntake(t, r, clerk1, intake()) // Mon 02/03 09:00, 3 working days: Thu 05/03 09:00
	step := func(by kiosk.Staff, c kiosk.DossierChange) kiosk.Dossier {
		t.Helper()
		got, err := r.svc.Transition(ctx, by, d.Code, c)
		if err != nil {
			t.Fatalf("%s: %v", c.Action, err)
		}
		return got
	}
	r.set("2026-03-02 10:00")
	d = step(clerk2, kiosk.DossierChange{Action: kiosk.ActionProcess})
	d = step(clerk2, kiosk.DossierChange{Action: kiosk.ActionForward, To: "Phòng Tư pháp (UBND tỉnh)"})
	r.set("2026-03-03 09:00")
	d = step(clerk2, kiosk.DossierChange{Action: kiosk.ActionSupplement, Missing: []string{"Bản sao Giấy khai sinh"}})
	if d.Status != kiosk.DossierSupplement || !d.ClockPaused {
		t.Fatalf("after the supplement request: %+v", d)
	}
	// Two working days were left (Tue 09:00 → Thu 09:00); the papers come on Monday 09/03 at 14:00.
	r.set("2026-03-09 14:00")
	if page, _ := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: kiosk.ListOverdue}); len(page.Dossiers) != 0 {
		t.Fatalf("a paused dossier is overdue: %+v", page.Dossiers)
	}
	d = step(clerk1, kiosk.DossierChange{Action: kiosk.ActionSupplemented})
	if got := d.Appointment.Format("2006-01-02 15:04"); got != "2026-03-11 14:00" {
		t.Fatalf("resumed appointment %s, want Wednesday 11/03 14:00", got)
	}
	r.set("2026-03-11 14:01")
	page, err := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: kiosk.ListOverdue})
	if err != nil || len(page.Dossiers) != 1 || !page.Dossiers[0].Overdue {
		t.Fatalf("overdue list %+v %v", page, err)
	}
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionReschedule, Reason: "Chờ xác minh",
		Appointment: &d.Appointment}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("reschedule to the same date: %v", err)
	}
	later := time.Date(2026, 3, 16, 9, 0, 0, 0, kiosk.Zone)
	d = step(clerk1, kiosk.DossierChange{Action: kiosk.ActionReschedule, Reason: "Chờ kết quả xác minh của cấp tỉnh", Appointment: &later})
	if d.Overdue || !d.Appointment.Equal(later) {
		t.Fatalf("after the apology: %+v", d)
	}
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionStop, Reason: "x"}); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("a clerk stops a dossier: %v", err)
	}
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionReturn}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("return before done: %v", err)
	}
	d = step(kiosk.Staff{ID: "hub", Role: kiosk.RoleHub}, kiosk.DossierChange{Action: kiosk.ActionBack})
	d = step(clerk1, kiosk.DossierChange{Action: kiosk.ActionDone})
	d = step(clerk1, kiosk.DossierChange{Action: kiosk.ActionReturn})
	if d.Status != kiosk.DossierReturned || d.ClosedAt.IsZero() || d.StatusName != "Đã trả kết quả" {
		t.Fatalf("returned: %+v", d)
	}
	wantActions := "receive process forward supplement supplemented reschedule back done return"
	var actions []string
	for _, e := range d.Events {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != wantActions {
		t.Fatalf("tracking sheet %v", actions)
	}
	// One outbox event per action, in order, with no personal data in a change.
	events := dossierEvents(t, r)
	if len(events) != len(actions) {
		t.Fatalf("%d outbox events for %d actions", len(events), len(actions))
	}
	for i, e := range events[1:] {
		var ev kiosk.DossierEvent
		if err := json.Unmarshal(e.Body, &ev); err != nil || e.Kind != kiosk.EventDossierChanged || ev.Action != actions[i+1] || ev.Code != d.Code {
			t.Fatalf("event %d: %s %s", i+1, e.Kind, e.Body)
		}
		if strings.Contains(string(e.Body), "0912345678") || strings.Contains(string(e.Body), "001099012345") {
			t.Fatalf("a change event carries personal data: %s", e.Body)
		}
	}
	if ev := d.Events[4]; !ev.PrevAppointment.Equal(time.Date(2026, 3, 5, 9, 0, 0, 0, kiosk.Zone)) {
		t.Fatalf("the resume's event lacks the old appointment: %+v", ev)
	}
}

// Under the "restart" rule the whole statutory time runs again when the papers come.
func TestSupplementRestart(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	r.svc.Config.SupplementClock = kiosk.SupplementRestart
	d := mustIntake(t, r, clerk1, intake())
	r.set("2026-03-03 09:00")
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionSupplement, Missing: []string{"Tờ khai"}}); err != nil {
		t.Fatal(err)
	}
	r.set("2026-03-09 14:00")
	d, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionSupplemented})
	if err != nil || d.Appointment.Format("2006-01-02 15:04") != "2026-03-12 14:00" {
		t.Fatalf("restarted: %s %v", d.Appointment, err)
	}
}

// Clerks' lists: due today, overdue, awaiting supplement, by procedure; search by code (or
// its last digits), by name with or without marks, by phone and by ID number (audited).
func TestListsAndSearch(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	people := []kiosk.Applicant{
		{Name: "Nguyễn Văn An", Phone: "0912345678", IDNumber: "001099012345"},
		{Name: "Đặng Thị Ngọc Ánh", Phone: "0987654321", IDNumber: "051305000123"},
		{Name: "Trần Thanh", Phone: "0901000111"},
	}
	var codes []string
	for i, p := range people {
		in := intake()
		in.Applicant = p
		if i == 2 {
			in.Procedure = "2.000815" // same-day: due today
		}
		codes = append(codes, mustIntake(t, r, clerk1, in).Code)
	}
	if _, err := r.svc.Transition(ctx, clerk1, codes[1], kiosk.DossierChange{Action: kiosk.ActionSupplement, Missing: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	list := func(q kiosk.DossierQuery) []string {
		t.Helper()
		page, err := r.svc.List(ctx, clerk1, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range page.Dossiers {
			out = append(out, d.Code[len(d.Code)-4:])
		}
		return out
	}
	for _, c := range []struct {
		q    kiosk.DossierQuery
		want string
	}{
		{kiosk.DossierQuery{}, "[0003 0001 0002]"}, // by appointment: today's same-day first
		{kiosk.DossierQuery{List: kiosk.ListDueToday}, "[0003]"},
		{kiosk.DossierQuery{List: kiosk.ListSupplement}, "[0002]"},
		{kiosk.DossierQuery{Procedure: "1.004873"}, "[0001 0002]"},
		{kiosk.DossierQuery{Q: codes[1]}, "[0002]"},
		{kiosk.DossierQuery{Q: "0002"}, "[0002]"},
		{kiosk.DossierQuery{Q: "dang thi anh"}, "[0002]"},
		{kiosk.DossierQuery{Q: "Ánh"}, "[0002]"},
		{kiosk.DossierQuery{Q: "an"}, "[0001 0002]"}, // "An", "Ánh"; not "Thanh"
		{kiosk.DossierQuery{Q: "thanh"}, "[0003]"},
		{kiosk.DossierQuery{Q: "+84 987 654 321"}, "[0002]"},
		{kiosk.DossierQuery{Q: "001099012345"}, "[0001]"},
		{kiosk.DossierQuery{Q: "0999999999"}, "[]"},
		{kiosk.DossierQuery{List: kiosk.ListAll, Limit: 2}, "[0003 0002]"},
	} {
		if got := fmt.Sprint(list(c.q)); got != c.want {
			t.Errorf("%+v: %s, want %s", c.q, got, c.want)
		}
	}
	r.set("2026-03-02 17:01")
	if got := fmt.Sprint(list(kiosk.DossierQuery{List: kiosk.ListOverdue})); got != "[0003]" {
		t.Errorf("overdue after 17:00: %s", got)
	}
	page, _ := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: kiosk.ListAll, Limit: 2})
	if !page.More {
		t.Error("a full page does not say more follow")
	}
	audit, _ := r.svc.Audit(ctx, admin, "", 100)
	searches := 0
	for _, a := range audit {
		if a.Action == kiosk.AuditSearch {
			searches++
		}
	}
	if searches != 3 {
		t.Errorf("%d phone/ID searches audited, want 3", searches)
	}
	if _, err := r.svc.List(ctx, kiosk.Staff{ID: "x"}, kiosk.DossierQuery{}); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Errorf("list without a role: %v", err)
	}
	if _, err := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: "mine"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("unknown list: %v", err)
	}
}

// Clerks at several counters receive at once: every code is distinct and the day's numbers
// run 1..N without a gap.
func TestConcurrentIntakesNeverShareACode(t *testing.T) {
	r := newDossierRig(t, "")
	const clerks, each = 6, 15
	var wg sync.WaitGroup
	codes := make(chan string, clerks*each)
	for c := 0; c < clerks; c++ {
		by := kiosk.Staff{ID: fmt.Sprintf("cb%02d", c), Role: kiosk.RoleClerk, Counter: c + 1}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				in := intake()
				in.CounterID = by.Counter
				d, err := r.svc.Intake(context.Background(), by, in)
				if err != nil {
					t.Error(err)
					return
				}
				codes <- d.Code
			}
		}()
	}
	wg.Wait()
	close(codes)
	seen := map[string]bool{}
	for c := range codes {
		if seen[c] {
			t.Fatalf("%s given twice", c)
		}
		seen[c] = true
	}
	for n := 1; n <= clerks*each; n++ {
		if !seen[fmt.Sprintf("%s-260302-%04d", testAgency, n)] {
			t.Fatalf("number %d missing", n)
		}
	}
}

// The public look-up shows the procedure, the state, the appointment and a masked name,
// nothing else.
func TestLookupIsPublic(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	d := mustIntake(t, r, clerk1, intake())
	p, err := r.svc.Lookup(ctx, " "+strings.ToLower(d.Code))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	for _, secret := range []string{"0912345678", "001099012345", "Láng Hạ", "Nguyễn Văn An", "1999"} {
		if strings.Contains(string(b), secret) {
			t.Fatalf("the public look-up shows %q: %s", secret, b)
		}
	}
	if p.ApplicantMasked != "Nguyễn V. A." || p.Procedure == "" || p.StatusName != "Đã tiếp nhận" || p.Appointment.IsZero() {
		t.Fatalf("public %+v", p)
	}
	if _, err := r.svc.Lookup(ctx, testAgency+"-260302-0099"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown code: %v", err)
	}
	if _, err := r.svc.Lookup(ctx, "A012"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("not a code: %v", err)
	}
}

// The holidays bundle is stored and counts dates after a restart.
func TestHolidaysBundleSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	r := newDossierRig(t, path)
	// A province announcing Monday 09/03/2026 as a day off.
	payload := []byte(`[{"date":"2026-03-09","name":"Nghỉ theo quyết định của tỉnh","kind":"holiday","day_off":true}]`)
	if _, err := kiosk.ApplyHolidaysBundle(ctx, r.svc, payload); err != nil {
		t.Fatal(err)
	}
	r.db.Close()
	r2 := newDossierRig(t, path)
	r2.set("2026-03-05 09:00")
	q, err := r2.svc.Quote(ctx, "1.004873", "")
	if err != nil || q.Appointment.Format("2006-01-02 15:04") != "2026-03-11 09:00" {
		t.Fatalf("quote after restart %s %v (Thu + 3 working days over Fri, the day off Mon 09/03, Tue)", q.Appointment, err)
	}
	if _, err := kiosk.ApplyHolidaysBundle(ctx, r2.svc, []byte(`[{"date":"2026-03-09"}]`)); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad bundle: %v", err)
	}
	if q2, _ := r2.svc.Quote(ctx, "1.004873", ""); !q2.Appointment.Equal(q.Appointment) {
		t.Fatal("a refused bundle changed the calendar")
	}
}

// Each list reads an index, in order where it can: no list scans the table's wide rows.
func TestDossierListsUseIndexes(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	for _, c := range []struct {
		q     kiosk.DossierQuery
		index string
	}{
		{kiosk.DossierQuery{List: kiosk.ListOpen}, "dossiers_open"},
		{kiosk.DossierQuery{List: kiosk.ListOverdue}, "dossiers_running"},
		{kiosk.DossierQuery{List: kiosk.ListDueToday}, "dossiers_running"},
		{kiosk.DossierQuery{List: kiosk.ListSupplement}, "dossiers_status"},
		{kiosk.DossierQuery{Procedure: "1.004873"}, "dossiers_open_procedure"},
		{kiosk.DossierQuery{List: kiosk.ListAll, Q: "0912345678"}, "dossiers_phone"},
		{kiosk.DossierQuery{List: kiosk.ListAll, Q: "001099012345"}, "dossiers_id_number"},
		{kiosk.DossierQuery{List: kiosk.ListAll, Q: "0361"}, "dossiers_number"},
		{kiosk.DossierQuery{List: kiosk.ListAll, Q: "nguyen van"}, "dossiers_name"},
	} {
		if err := c.q.Normalize(); err != nil {
			t.Fatal(err)
		}
		query, args, err := r.svc.listQuery(ctx, clerk1, c.q, r.db.Now())
		if err != nil {
			t.Fatal(err)
		}
		rows, err := r.db.Reader().QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if !strings.Contains(p, c.index) || strings.Contains(p, "SCAN dossiers;") || strings.HasSuffix(p, "SCAN dossiers") {
			t.Errorf("%+v: plan %q, want it to use %s", c.q, p, c.index)
		}
	}
}
