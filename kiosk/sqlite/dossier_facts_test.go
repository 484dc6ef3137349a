package sqlite

import (
	"context"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// staticLines is the queue configuration in force, for the reports' line of a field.
type staticLines struct{ cfg kiosk.QueueConfig }

func (l staticLines) QueueConfig(context.Context) (kiosk.QueueConfig, error) {
	return l.cfg, nil
}
func (l staticLines) SetConfig(context.Context, kiosk.QueueConfig) error { return nil }

// The reports read each dossier received in [from, to) with its line, its appointment and
// when its result was first ready: one finished before its date, one still open.
func TestDossierFactsForTheReports(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	done := mustIntake(t, r, clerk1, intake())
	open := mustIntake(t, r, clerk1, intake())
	r.set("2026-03-03 10:00")
	for _, a := range []string{kiosk.ActionProcess, kiosk.ActionDone} {
		if _, err := r.svc.Transition(ctx, clerk1, done.Code, kiosk.DossierChange{Action: a}); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	lines := staticLines{kiosk.DefaultQueueConfig()}
	facts, err := r.svc.DossierFacts(ctx, "2026-03-02", "2026-03-03", lines)
	if err != nil || len(facts) != 2 {
		t.Fatalf("facts %+v (%v)", facts, err)
	}
	want := lines.cfg.ServiceForField(done.Procedure.Field)
	for i, f := range facts {
		if f.Day != "2026-03-02" || f.CounterID != 1 || f.StaffID != clerk1.ID || f.ServiceID != want || f.ServiceID == "" || f.Due.IsZero() {
			t.Errorf("fact %d: %+v (line %q)", i, f, want)
		}
	}
	if ready := facts[0].Finished; ready.IsZero() || ready.After(facts[0].Due) || !ready.Equal(r.clock()) {
		t.Errorf("the ready dossier %s: finished %v, due %v", done.Code, ready, facts[0].Due)
	}
	if !facts[1].Finished.IsZero() {
		t.Errorf("the open dossier %s counts as finished at %v", open.Code, facts[1].Finished)
	}
	if facts, err := r.svc.DossierFacts(ctx, "2026-03-03", "2026-03-04", lines); err != nil || len(facts) != 0 {
		t.Errorf("the next day, to exclusive: %+v %v", facts, err)
	}
}
