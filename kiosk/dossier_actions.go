package kiosk

import "slices"

// What an action needs besides the tap, named as the DossierChange member (and the
// error's field) that carries it; NeedApplicant is the corrected applicant.
const (
	NeedReason      = "reason"
	NeedTo          = "to"
	NeedMissing     = "missing"
	NeedAppointment = "appointment"
	NeedApplicant   = "applicant"
)

// DossierAction is an action a staff member may take on a dossier now, with what it
// needs: the counter offers exactly these, so the table of who may do what from which
// state lives in one place (dossierRules, judged by NextStatus).
type DossierAction struct {
	Action string   `json:"action"`
	Needs  []string `json:"needs"`
	// Ends says the action closes the dossier without its result (refused, withdrawn,
	// stopped): the counter draws it as a warning.
	Ends bool `json:"ends,omitempty"`
}

// dossierActionOrder is the order the counter offers the actions in: the dossier's way
// forward first, what ends it last. Every action of dossierRules is in it (tested).
var dossierActionOrder = []string{
	ActionReceive, ActionProcess, ActionSupplement, ActionSupplemented, ActionHandover, ActionForward, ActionBack,
	ActionPay, ActionPaid, ActionDone, ActionReturn, ActionReschedule, ActionRefuse, ActionWithdraw, ActionStop,
}

// DossierActions lists what role may do to d now: each action NextStatus would take from
// d's state with its details given, then the correction of the applicant (PUT …/applicant,
// a reason required) while the personal data is held.
func DossierActions(d Dossier, role Role) []DossierAction {
	out := []DossierAction{}
	for _, name := range dossierActionOrder {
		rule := dossierRules[name]
		if !rule.allows(role) || role == RoleHub || !slices.Contains(rule.from, d.Status) {
			continue
		}
		ends := rule.to.Final() && rule.to != DossierReturned
		out = append(out, DossierAction{Action: name, Needs: rule.needs(), Ends: ends})
	}
	if MayHandleDossiers(Staff{Role: role}) == nil && d.PurgedAt.IsZero() {
		out = append(out, DossierAction{Action: ActionApplicant, Needs: []string{NeedApplicant, NeedReason}})
	}
	return out
}

// DossierForms lists the forms that apply to d (FormKinds order): those DossierFormOf builds.
func DossierForms(d Dossier) []string {
	out := []string{}
	for _, kind := range FormKinds {
		if _, err := DossierFormOf(kind, d, FormContext{}); err == nil {
			out = append(out, kind)
		}
	}
	return out
}
