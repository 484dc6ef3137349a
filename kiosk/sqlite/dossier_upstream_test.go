package sqlite

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// States set upstream, through Transition as the hub: the command's id rides on the
// tracking sheet and the outbox event; the same command again changes nothing; a done on a
// dossier already returned is recorded and ignored; an action the state does not allow,
// an unknown code, or a clerk naming a command change nothing.
func TestStatesSetUpstream(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	hubStaff := kiosk.Staff{ID: "hub", Role: kiosk.RoleHub}
	up := func(id int64) *kiosk.DossierUpstream {
		return &kiosk.DossierUpstream{Command: id, By: "Sở Tư pháp"}
	}
	events := func() int { return len(dossierEvents(t, r)) }

	d := mustIntake(t, r, clerk1, intake())
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionProcess}); err != nil {
		t.Fatal(err)
	}
	before := events()
	got, err := r.svc.Transition(ctx, hubStaff, d.Code, kiosk.DossierChange{Action: kiosk.ActionDone, Upstream: up(41)})
	if err != nil || got.Status != kiosk.DossierReady {
		t.Fatalf("the hub's done: %+v %v", got.Status, err)
	}
	last := got.Events[len(got.Events)-1]
	if last.Upstream == nil || last.Upstream.Command != 41 || last.Upstream.By != "Sở Tư pháp" || last.Upstream.Ignored || last.StaffID != "hub" {
		t.Fatalf("the tracking sheet's row: %+v", last)
	}
	out := dossierEvents(t, r)
	var ev kiosk.DossierEvent
	if err := json.Unmarshal(out[len(out)-1].Body, &ev); err != nil || ev.Upstream == nil || ev.Upstream.Command != 41 || ev.Status != kiosk.DossierReady {
		t.Fatalf("the outbox event: %s", out[len(out)-1].Body)
	}

	// The same command again (its acknowledgement was lost): applied once.
	again, err := r.svc.Transition(ctx, hubStaff, d.Code, kiosk.DossierChange{Action: kiosk.ActionDone, Upstream: up(41)})
	if err != nil || again.Status != kiosk.DossierReady || events() != before+1 || len(again.Events) != len(got.Events) {
		t.Fatalf("replayed command: %v, %d events (want %d)", err, events(), before+1)
	}

	// Returned at the desk; the province's done of it arrives later: recorded, ignored.
	if _, err := r.svc.Transition(ctx, clerk1, d.Code, kiosk.DossierChange{Action: kiosk.ActionReturn}); err != nil {
		t.Fatal(err)
	}
	late, err := r.svc.Transition(ctx, hubStaff, d.Code, kiosk.DossierChange{Action: kiosk.ActionDone, Upstream: up(42)})
	if err != nil || late.Status != kiosk.DossierReturned || late.ClosedAt.IsZero() {
		t.Fatalf("a done after the return: %+v %v", late.Status, err)
	}
	last = late.Events[len(late.Events)-1]
	if last.Upstream == nil || !last.Upstream.Ignored || last.From != kiosk.DossierReturned || last.Status != kiosk.DossierReturned || events() != before+3 {
		t.Fatalf("the ignored done: %+v, %d events", last, events())
	}

	// Refused: not allowed from its state (a refusal after the return), an unknown code, a
	// clerk with a command. Nothing is written.
	n := events()
	cases := []struct {
		by   kiosk.Staff
		code string
		c    kiosk.DossierChange
		want string
	}{
		{hubStaff, d.Code, kiosk.DossierChange{Action: kiosk.ActionRefuse, Reason: "Không thuộc thẩm quyền", Upstream: up(43)}, kiosk.ECONFLICT},
		{hubStaff, d.Code, kiosk.DossierChange{Action: kiosk.ActionReturn, Upstream: up(44)}, kiosk.EFORBIDDEN},
		{hubStaff, testAgency + "-260302-0999", kiosk.DossierChange{Action: kiosk.ActionDone, Upstream: up(45)}, kiosk.ENOTFOUND},
		{admin, d.Code, kiosk.DossierChange{Action: kiosk.ActionStop, Reason: "x", Upstream: up(46)}, kiosk.EFORBIDDEN},
	}
	for _, c := range cases {
		if _, err := r.svc.Transition(ctx, c.by, c.code, c.c); kiosk.ErrorCode(err) != c.want {
			t.Errorf("%s by %s on %s: %v, want %s", c.c.Action, c.by.Role, c.code, err, c.want)
		}
	}
	if events() != n {
		t.Fatalf("refused changes wrote %d events", events()-n)
	}
}
