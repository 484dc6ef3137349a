package hub

import (
	"encoding/json"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Dossier events as the hub reads them (the kiosk's kiosk.DossierEvent; docs/sync.md):
// both kinds carry the dossier's code, its status after the action, when, and its
// appointment. Ingest keeps one row per dossier in the dossiers table for the reports.
const (
	DossierReceivedKind = "dossier.received"
	DossierChangedKind  = "dossier.changed"
)

// Dossier statuses the reports tell apart (the national portal's TrangThaiHoSo).
const (
	dossierRefused   = 3
	dossierWithdrawn = 7
	dossierStopped   = 8
	dossierReady     = 9
	dossierReturned  = 10
)

// dossierFact is what one dossier event changes in the dossiers table.
type dossierFact struct {
	Kind        string
	Code        string
	Status      int
	At          time.Time
	Day         string    // received: the local day of receipt
	Appointment time.Time // zero: unchanged (or none)
}

// Finished is when the event finishes the dossier (result ready or returned).
func (f dossierFact) Finished() bool { return f.Status == dossierReady || f.Status == dossierReturned }

// Cancelled tells a refused, withdrawn or stopped dossier.
func (f dossierFact) Cancelled() bool {
	return f.Status == dossierRefused || f.Status == dossierWithdrawn || f.Status == dossierStopped
}

// dossierOf reads a dossier event; false for any other event or a body without a code.
func dossierOf(e wire.Event) (dossierFact, bool) {
	if e.Kind != DossierReceivedKind && e.Kind != DossierChangedKind {
		return dossierFact{}, false
	}
	var b struct {
		Code        string    `json:"code"`
		Status      int       `json:"status"`
		At          time.Time `json:"at"`
		Appointment time.Time `json:"appointment"`
	}
	if err := json.Unmarshal(e.Body, &b); err != nil || b.Code == "" || b.Status < 1 || b.Status > 10 {
		return dossierFact{}, false
	}
	if b.At.IsZero() {
		b.At = e.CreatedAt
	}
	return dossierFact{Kind: e.Kind, Code: b.Code, Status: b.Status, At: b.At, Day: localTime(b.At, time.DateOnly), Appointment: b.Appointment}, true
}
