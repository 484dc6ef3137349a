package kiosk

import "time"

// DossierUpstream marks an action a level above the commune decided (the province, or the
// department a dossier was forwarded to) and the hub sent down as a command (sync's
// dossier_state), taken as RoleHub. It rides on the change and on its event, so the hub
// knows which of its commands the event answers and a command is applied once.
type DossierUpstream struct {
	Command int64     `json:"command"`      // the hub's command id
	By      string    `json:"by,omitempty"` // who decided upstream, as the hub names them
	At      time.Time `json:"at,omitzero"`  // when they decided
	// Ignored is set on the event, never by the caller: the dossier had already reached or
	// passed the state, so the action was recorded and changed nothing (UpstreamSuperseded).
	Ignored bool `json:"ignored,omitempty"`
}

// UpstreamSuperseded is the conflict rule's one exception to "the hub wins"
// (docs/dossiers.md): a state set upstream that the dossier already has, or has passed, is
// recorded and ignored rather than refused. A hub's done on a dossier ready (9) or
// already returned (10: it follows 9), a refuse on a refused one, a stop on a stopped one.
// Any other action its state does not allow is refused as NextStatus says.
func UpstreamSuperseded(from DossierStatus, role Role, c DossierChange) bool {
	rule, ok := dossierRules[c.Action]
	if role != RoleHub || c.Upstream == nil || !ok || !rule.hubAllowed || rule.to == 0 {
		return false
	}
	return from == rule.to || (rule.to == DossierReady && from == DossierReturned)
}
