package kiosk

import "testing"

// The conflict rule's exception: a state set upstream that the dossier already has or has
// passed is recorded and ignored; anything else is for NextStatus to allow or refuse.
func TestUpstreamSuperseded(t *testing.T) {
	up := &DossierUpstream{Command: 7, By: "Sở Tư pháp"}
	cases := []struct {
		from DossierStatus
		role Role
		c    DossierChange
		want bool
	}{
		{DossierReturned, RoleHub, DossierChange{Action: ActionDone, Upstream: up}, true}, // 10 follows 9
		{DossierReady, RoleHub, DossierChange{Action: ActionDone, Upstream: up}, true},    // a clerk marked it first
		{DossierRefused, RoleHub, DossierChange{Action: ActionRefuse, Reason: "x", Upstream: up}, true},
		{DossierStopped, RoleHub, DossierChange{Action: ActionStop, Reason: "x", Upstream: up}, true},
		{DossierProcessing, RoleHub, DossierChange{Action: ActionDone, Upstream: up}, false}, // applied
		{DossierWithdrawn, RoleHub, DossierChange{Action: ActionDone, Upstream: up}, false},  // refused: not a later state
		{DossierReturned, RoleHub, DossierChange{Action: ActionStop, Reason: "x", Upstream: up}, false},
		{DossierProcessing, RoleHub, DossierChange{Action: ActionBack, Upstream: up}, false}, // back keeps the state
		{DossierReturned, RoleHub, DossierChange{Action: ActionDone}, false},                 // no command: no exception
		{DossierReturned, RoleClerk, DossierChange{Action: ActionDone, Upstream: up}, false},
		{DossierReturned, RoleHub, DossierChange{Action: ActionReturn, Upstream: up}, false}, // not the hub's to take
	}
	for _, c := range cases {
		if got := UpstreamSuperseded(c.from, c.role, c.c); got != c.want {
			t.Errorf("%s by %s from %d: superseded %v, want %v", c.c.Action, c.role, c.from, got, c.want)
		}
	}
}

// Only the hub's role carries a command: a clerk's change naming one is refused.
func TestUpstreamOnlyForTheHub(t *testing.T) {
	up := &DossierUpstream{Command: 7}
	if _, err := NextStatus(DossierProcessing, RoleAdmin, DossierChange{Action: ActionDone, Upstream: up}); ErrorCode(err) != EFORBIDDEN {
		t.Fatalf("an admin's change with a hub command: %v", err)
	}
	if to, err := NextStatus(DossierProcessing, RoleHub, DossierChange{Action: ActionDone, Upstream: up}); err != nil || to != DossierReady {
		t.Fatalf("the hub's done: %v %v", to, err)
	}
}
