package hub

import (
	"encoding/json"
	"strings"
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
	// Command is the hub's dossier_state command the event carried out (its "upstream"
	// member), 0 for a clerk's action: the row stops waiting on it.
	Command int64
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
		Upstream    struct {
			Command int64 `json:"command"`
		} `json:"upstream"`
	}
	if err := json.Unmarshal(e.Body, &b); err != nil || b.Code == "" || b.Status < 1 || b.Status > 10 {
		return dossierFact{}, false
	}
	if b.At.IsZero() {
		b.At = e.CreatedAt
	}
	return dossierFact{Kind: e.Kind, Code: b.Code, Status: b.Status, At: b.At, Day: localTime(b.At, time.DateOnly), Appointment: b.Appointment,
		Command: b.Upstream.Command}, true
}

// Dossier actions the hub may take (wire.DossierStateActions) and the state each leads to:
// back keeps the dossier in processing.
var dossierActionStatus = map[string]int{"refuse": dossierRefused, "back": 4, "done": dossierReady, "stop": dossierStopped}

// DossierQuery selects the dossiers page's rows; empty fields match everything.
type DossierQuery struct {
	Communes  []string // the communes to list (nil: every one; empty and non-nil: none)
	Kiosk     string
	Code      string
	Status    int  // 1–10
	Requested bool // only the dossiers waiting on a state set at the hub
	Limit     int  // default 200, at most 1000
}

// DossierRow is one dossier as the hub holds it: the state its kiosk's events left, and the
// state IT set here that the kiosk has not answered yet.
type DossierRow struct {
	Kiosk       string    `json:"kiosk"`
	Code        string    `json:"code"`
	Commune     string    `json:"commune"`
	Day         string    `json:"day"`
	ReceivedAt  time.Time `json:"received_at"`
	Appointment time.Time `json:"appointment,omitzero"`
	Status      int       `json:"status"`
	FinishedAt  time.Time `json:"finished_at,omitzero"`
	// Requested is the latest dossier_state command for it whose event has not come back;
	// nil when none waits.
	Requested *DossierRequest `json:"requested,omitempty"`
}

// DossierRequest is a state set at the hub and how far its command went.
type DossierRequest struct {
	Command int64  `json:"command"`
	State   string `json:"state"` // the command's: queued, delivered, done (its event not here yet), failed, expired
	Detail  string `json:"detail,omitempty"`
	wire.DossierStateArg
}

// Pending says the kiosk may still take it: the command has not failed or expired.
func (r DossierRequest) Pending() bool {
	return r.State != wire.StateFailed && r.State != wire.StateExpired
}

// Target is the state the request leads to.
func (r DossierRequest) Target() int { return dossierActionStatus[r.Action] }

// request reads a dossier's waiting command from its columns (id 0: none).
func request(id int64, arg, state, detail string) *DossierRequest {
	if id == 0 {
		return nil
	}
	a, _ := wire.ParseDossierStateArg(arg)
	return &DossierRequest{Command: id, State: state, Detail: detail, DossierStateArg: a}
}

// normalize fills the default limit and caps it.
func (q *DossierQuery) normalize() {
	if q.Limit <= 0 {
		q.Limit = 200
	}
	q.Limit = min(q.Limit, 1000)
}

// sql is the dossiers page's query for either store: placeholder writes the nth
// parameter ("?", "$n"); oneOf writes the condition that a column is one of a list given
// as the nth parameter, and the list as the store passes it. Its columns are the row's,
// then the waiting command's id, argument, state and detail (empty and 0 when none).
func (q DossierQuery) sql(placeholder func(n int) string, oneOf func(col string, n int, list []string) (string, any)) (string, []any) {
	q.normalize()
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, cond+placeholder(len(args)))
	}
	if q.Communes != nil {
		cond, v := oneOf("d.commune", len(args)+1, q.Communes)
		args = append(args, v)
		where = append(where, cond)
	}
	if q.Kiosk != "" {
		add("d.kiosk = ", q.Kiosk)
	}
	if q.Code != "" {
		add("d.code = ", q.Code)
	}
	if q.Status != 0 {
		add("d.status = ", q.Status)
	}
	if q.Requested {
		where = append(where, "d.requested IS NOT NULL")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, q.Limit)
	return `SELECT d.kiosk, d.code, d.commune, d.day, d.received_at, d.appointment, d.status, d.finished_at,
			coalesce(c.id, 0), coalesce(c.arg, ''), coalesce(c.state, ''), coalesce(c.detail, '')
		FROM dossiers d LEFT JOIN commands c ON c.id = d.requested` + cond +
		` ORDER BY d.received_at DESC, d.code LIMIT ` + placeholder(len(args)), args
}
