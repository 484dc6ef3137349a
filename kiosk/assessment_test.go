package kiosk

import (
	"maps"
	"testing"
)

// ev is one row of a tracking sheet at a local time.
func ev(action string, status DossierStatus, at string, mods ...func(*DossierEvent)) DossierEvent {
	e := DossierEvent{Action: action, Status: status, At: local(at)}
	for _, m := range mods {
		m(&e)
	}
	return e
}

func appt(at string) func(*DossierEvent) {
	return func(e *DossierEvent) { e.Appointment = local(at) }
}

func to(body string) func(*DossierEvent) {
	return func(e *DossierEvent) { e.To = body }
}

// The computed indicators, each tracking sheet judged by hand with the default office
// hours (07:00–11:30, 13:30–17:00: a working day is 8 hours) in a week of November 2026
// without holidays. Received Monday 02/11 09:00 for 4 working days: due Friday 06/11 09:00.
func TestComputeAssessment(t *testing.T) {
	dl := NewDeadlines(DefaultCalendar(), DossierConfig{})
	received := ev(ActionReceive, DossierReceived, "2026-11-02 09:00", appt("2026-11-06 09:00"))
	process := ev(ActionProcess, DossierProcessing, "2026-11-02 10:00")
	returned := func(at string) DossierEvent { return ev(ActionReturn, DossierReturned, at) }
	cases := []struct {
		name      string
		events    []DossierEvent
		published bool
		want      AssessmentScores
		bodies    []BodyTime
	}{
		{
			// Ready on Thursday; collected the next Monday: the villager's delay is not the desk's.
			name:      "on time",
			events:    []DossierEvent{received, process, ev(ActionDone, DossierReady, "2026-11-05 15:00"), returned("2026-11-09 08:00")},
			published: true,
			want:      AssessmentScores{IndTotalTime: 2, IndBodyTime: 2, IndContacts: 2, IndOneStop: 2, IndDisclosed: 2},
			// Monday 09:00 to Thursday 15:00: 6 + 8 + 8 + 6 hours.
			bodies: []BodyTime{{HeldSeconds: 28 * 3600}},
		},
		{
			// Ready Monday 08:00: late by Friday 09:00–17:00 less lunch (6 h) and Monday 07:00–08:00.
			name:   "late by less than a working day",
			events: []DossierEvent{received, process, ev(ActionDone, DossierReady, "2026-11-09 08:00"), returned("2026-11-09 09:00")},
			want:   AssessmentScores{IndTotalTime: 1, IndBodyTime: 1, IndContacts: 2, IndOneStop: 2, IndDisclosed: 0},
			bodies: []BodyTime{{HeldSeconds: 39 * 3600, LateSeconds: 7 * 3600}},
		},
		{
			name:   "very late: ready Tuesday afternoon",
			events: []DossierEvent{received, process, ev(ActionDone, DossierReady, "2026-11-10 15:00"), returned("2026-11-10 15:05")},
			want:   AssessmentScores{IndTotalTime: 0, IndBodyTime: 0, IndContacts: 2, IndOneStop: 2, IndDisclosed: 0},
			bodies: []BodyTime{{HeldSeconds: 52 * 3600, LateSeconds: 20 * 3600}},
		},
		{
			// The commune hands it to its officer, forwards it to the district-level body which
			// keeps it past the due time; it comes back Monday 10:00 and is ready at 11:00.
			name: "forwarded, the higher level late",
			events: []DossierEvent{received, process,
				ev(ActionHandover, DossierProcessing, "2026-11-02 14:00", to("Công chức Tư pháp – Hộ tịch")),
				ev(ActionForward, DossierProcessing, "2026-11-04 08:00", to("Sở Tư pháp")),
				ev(ActionBack, DossierProcessing, "2026-11-09 10:00"),
				ev(ActionDone, DossierReady, "2026-11-09 11:00"), returned("2026-11-09 14:00")},
			published: true,
			want:      AssessmentScores{IndTotalTime: 0, IndBodyTime: 0, IndContacts: 2, IndOneStop: 0, IndDisclosed: 2},
			bodies: []BodyTime{
				{HeldSeconds: 3 * 3600}, // the desk: Monday 09:00–14:00 less lunch
				{Body: "Công chức Tư pháp – Hộ tịch", HeldSeconds: 12 * 3600}, // Monday 14:00 – Wednesday 08:00
				{Body: "Sở Tư pháp", HeldSeconds: 26 * 3600, LateSeconds: 9 * 3600},
				{HeldSeconds: 3600, LateSeconds: 3600},
			},
		},
		{
			// Missing papers asked twice; the second return of papers recounts the due time
			// to Tuesday 10:00, so ready Tuesday 09:00 is on time. A reschedule never moves it.
			name: "supplements move the due time, a reschedule does not",
			events: []DossierEvent{received, process,
				ev(ActionSupplement, DossierSupplement, "2026-11-03 09:00"),
				ev(ActionSupplemented, DossierProcessing, "2026-11-04 09:00", appt("2026-11-08 09:00")),
				ev(ActionSupplement, DossierSupplement, "2026-11-05 09:00"),
				ev(ActionSupplemented, DossierProcessing, "2026-11-06 09:00", appt("2026-11-10 10:00")),
				ev(ActionReschedule, DossierProcessing, "2026-11-06 10:00", appt("2026-11-20 10:00")),
				ev(ActionDone, DossierReady, "2026-11-10 09:00"), returned("2026-11-10 09:30")},
			want:   AssessmentScores{IndTotalTime: 2, IndBodyTime: 2, IndContacts: 0, IndOneStop: 2, IndDisclosed: 0},
			bodies: []BodyTime{{HeldSeconds: 48 * 3600}},
		},
		{
			name: "no appointment: the times are not scored",
			events: []DossierEvent{ev(ActionReceive, DossierReceived, "2026-11-02 09:00"),
				ev(ActionSupplement, DossierSupplement, "2026-11-02 10:00"),
				ev(ActionSupplemented, DossierProcessing, "2026-11-03 10:00"),
				ev(ActionDone, DossierReady, "2026-11-03 11:00"), returned("2026-11-03 14:00")},
			published: true,
			want:      AssessmentScores{IndContacts: 1, IndOneStop: 2, IndDisclosed: 2},
			bodies:    []BodyTime{{HeldSeconds: 10 * 3600}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, bodies := ComputeAssessment(Dossier{Events: c.events}, dl, c.published)
			if !maps.Equal(got, c.want) {
				t.Errorf("scores %v, want %v", got, c.want)
			}
			if len(bodies) != len(c.bodies) {
				t.Fatalf("bodies %+v, want %+v", bodies, c.bodies)
			}
			for i := range bodies {
				if bodies[i] != c.bodies[i] {
					t.Errorf("body %d: %+v, want %+v", i, bodies[i], c.bodies[i])
				}
			}
		})
	}
}

func TestAssessmentAnswerClean(t *testing.T) {
	ok := AssessmentAnswer{Scores: AssessmentScores{IndBodies: 0, IndAttitude: 2, IndConvenience: 3, IndOverall: 1}}
	if got, err := ok.Clean(); err != nil || len(got) != 4 {
		t.Fatalf("%v %v", got, err)
	}
	if got, err := (AssessmentAnswer{}).Clean(); err != nil || len(got) != 0 {
		t.Fatalf("all skipped: %v %v", got, err)
	}
	for _, bad := range []AssessmentScores{
		{IndTotalTime: 2},   // computed, never asked
		{IndConvenience: 0}, // three-level scale: 1..3
		{IndAttitude: 3},
		{"speed": 1},
	} {
		_, err := AssessmentAnswer{Scores: bad}.Clean()
		if e := ErrorOf(err); e == nil || e.Code != EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestSumAssessments(t *testing.T) {
	f := SumAssessments([]AssessmentScores{{IndTotalTime: 2, IndOverall: 3}, {IndTotalTime: 1}, {IndTotalTime: 0, IndOverall: 2}})
	if f.Count != 3 || f.Averages[IndTotalTime] != 1 || f.Averages[IndOverall] != 2.5 || f.Scored[IndOverall] != 2 {
		t.Fatalf("%+v", f)
	}
	if _, ok := f.Averages[IndAttitude]; ok {
		t.Fatal("an indicator nobody scored has no average (not 0)")
	}
	if len(AssessmentIndicators) != 9 || len(AskedIndicators()) != 4 {
		t.Fatal("nine indicators, four asked")
	}
}
