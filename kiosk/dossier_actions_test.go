package kiosk

import (
	"slices"
	"testing"
	"time"
)

// The actions offered are exactly those NextStatus takes, for every state and staff role,
// and each needs exactly the details whose absence NextStatus refuses naming that field.
func TestDossierActionsMatchNextStatus(t *testing.T) {
	later := time.Date(2026, 3, 9, 9, 0, 0, 0, Zone)
	full := func(action string) DossierChange {
		return DossierChange{Action: action, Reason: "Lý do", To: "UBND tỉnh", Missing: []string{"Bản sao giấy khai sinh"}, Appointment: &later}
	}
	without := map[string]func(*DossierChange){
		NeedReason:      func(c *DossierChange) { c.Reason = "" },
		NeedTo:          func(c *DossierChange) { c.To = "" },
		NeedMissing:     func(c *DossierChange) { c.Missing = nil },
		NeedAppointment: func(c *DossierChange) { c.Appointment = nil },
	}
	if len(dossierActionOrder) != len(dossierRules) {
		t.Fatalf("the order lists %d actions, the table %d", len(dossierActionOrder), len(dossierRules))
	}
	for _, role := range []Role{RoleClerk, RoleAdmin} {
		for s := DossierRegistered; s <= DossierReturned; s++ {
			offered := map[string]DossierAction{}
			for _, a := range DossierActions(Dossier{Status: s}, role) {
				offered[a.Action] = a
			}
			for _, action := range dossierActionOrder {
				to, err := NextStatus(s, role, full(action))
				a, ok := offered[action]
				if ok != (err == nil) {
					t.Errorf("%s, %s: offered %v, NextStatus %v", role, s.NameEN(), ok, err)
					continue
				}
				if !ok {
					continue
				}
				if a.Ends != (to.Final() && to != DossierReturned) {
					t.Errorf("%s from %s: ends %v, leads to %s", action, s.NameEN(), a.Ends, to.NameEN())
				}
				for need, drop := range without {
					c := full(action)
					drop(&c)
					_, err := NextStatus(s, role, c)
					refused := ErrorCode(err) == EINVALID && ErrorOf(err).Field == need
					if refused != slices.Contains(a.Needs, need) {
						t.Errorf("%s from %s by %s: needs %v, without %s NextStatus says %v", action, s.NameEN(), role, a.Needs, need, err)
					}
				}
			}
			corr, ok := offered[ActionApplicant]
			if !ok || !slices.Equal(corr.Needs, []string{NeedApplicant, NeedReason}) {
				t.Errorf("%s, %s: the applicant's correction %+v", role, s.NameEN(), corr)
			}
		}
	}
	// Only an admin stops; once purged there is no applicant to correct; the hub is no staff member.
	stop := func(as []DossierAction) bool {
		return slices.ContainsFunc(as, func(a DossierAction) bool { return a.Action == ActionStop })
	}
	if stop(DossierActions(Dossier{Status: DossierProcessing}, RoleClerk)) || !stop(DossierActions(Dossier{Status: DossierProcessing}, RoleAdmin)) {
		t.Error("stop offered to a clerk or not to an admin")
	}
	purged := DossierActions(Dossier{Status: DossierReturned, PurgedAt: later}, RoleAdmin)
	if len(purged) != 0 {
		t.Errorf("a purged, returned dossier offers %+v", purged)
	}
	if got := DossierActions(Dossier{Status: DossierProcessing}, RoleHub); len(got) != 0 {
		t.Errorf("the hub is offered %+v", got)
	}
}

// The forms offered are those DossierFormOf builds: the refusal only once refused, the
// request and the apology only once asked for.
func TestDossierForms(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, Zone)
	d := Dossier{Code: "000.00.06.H56-260302-0001", Status: DossierProcessing, ReceivedAt: at, Applicant: Applicant{Name: "Nguyễn Văn An"},
		Events: []DossierEvent{{Action: ActionReceive, Status: DossierReceived, At: at}}}
	if got := DossierForms(d); !slices.Equal(got, []string{FormReceipt, FormTracking}) {
		t.Errorf("received: %v", got)
	}
	d.Status = DossierRefused
	d.Events = append(d.Events, DossierEvent{Action: ActionRefuse, Status: DossierRefused, At: at, Reason: "Không thuộc thẩm quyền"})
	if got := DossierForms(d); !slices.Equal(got, []string{FormReceipt, FormRefusal, FormTracking}) {
		t.Errorf("refused: %v", got)
	}
}
