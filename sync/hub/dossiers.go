package hub

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
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

// Final tells an event that ends the dossier (returned, refused, withdrawn, stopped): its
// personal data is purged some days after (personal.go).
func (f dossierFact) Final() bool { return finalStatus(f.Status) }

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
	// From and To bound the local day of receipt (NgayTiepNhan), "2006-01-02", both
	// included; empty: unbounded.
	From, To string
	Limit    int // default 200, at most 1000; the export takes no limit
	// IDNumber selects the dossiers whose applicant gave this ID number, found by its blind
	// index (the export of one person's data): nothing else is opened to find them. The
	// store fills idIndex from it.
	IDNumber string
	idIndex  string
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
	// ApplicantMasked is the applicant's name as lists show it ("Nguyễn V. A."); it stays
	// after the purge.
	ApplicantMasked string `json:"applicant_masked,omitempty"`
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

// where is the condition of the rows q selects (" WHERE …", or "" for every row) and its
// parameters, for either store: placeholder writes the nth parameter ("?", "$n"); oneOf
// writes the condition that a column is one of a list given as the nth parameter, and the
// list as the store passes it.
func (q DossierQuery) where(placeholder func(n int) string, oneOf func(col string, n int, list []string) (string, any)) (string, []any) {
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
	if q.From != "" {
		add("d.day >= ", q.From)
	}
	if q.To != "" {
		add("d.day <= ", q.To)
	}
	if q.IDNumber != "" {
		add("d.id_index <> '' AND d.id_index = ", q.idIndex)
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// sql is the dossiers page's query for either store (placeholder and oneOf as for where).
// Its columns are the row's, then the waiting command's id, argument, state and detail
// (empty and 0 when none).
func (q DossierQuery) sql(placeholder func(n int) string, oneOf func(col string, n int, list []string) (string, any)) (string, []any) {
	q.normalize()
	cond, args := q.where(placeholder, oneOf)
	args = append(args, q.Limit)
	return `SELECT d.kiosk, d.code, d.commune, d.day, d.received_at, d.appointment, d.status, d.finished_at, d.name_masked,
			coalesce(c.id, 0), coalesce(c.arg, ''), coalesce(c.state, ''), coalesce(c.detail, '')
		FROM dossiers d LEFT JOIN commands c ON c.id = d.requested` + cond +
		` ORDER BY d.received_at DESC, d.code LIMIT ` + placeholder(len(args)), args
}

// DossierHistory is one dossier for the export: its row, its applicant opened, and the
// events of its kiosk that made it (dossier.received, dossier.changed; not those the hub
// rejected), in the order the kiosk sent them. The events carry no personal data: ingest
// took the applicant out of them (personal.go).
type DossierHistory struct {
	DossierRow
	// Applicant is the latest the kiosk sent (its intake's, or a correction's); nil when
	// none came (the kiosk lost its key) or it was purged.
	Applicant *kiosk.Applicant
	Events    []HeldDossierEvent
}

// HeldDossierEvent is one dossier event as the hub holds it: its kind and the kiosk's body.
type HeldDossierEvent struct {
	Kind string
	Body json.RawMessage
}

// historySQL is the export's query for either store: q's dossiers, oldest received first,
// each joined with its events in order, one result row per event (a dossier without one
// comes once, with kind ""). events names the events table as e (with the store's hint to
// take the events_dossier index, where it needs one); sameCode is the store's condition
// that e's body names d's code, its expression written as that index has it.
func (q DossierQuery) historySQL(placeholder func(n int) string, oneOf func(col string, n int, list []string) (string, any), events, sameCode string) (string, []any) {
	cond, args := q.where(placeholder, oneOf)
	return `SELECT d.kiosk, d.code, d.commune, d.day, d.received_at, d.appointment, d.status, d.finished_at, d.name_masked,
			d.personal, coalesce(e.kind, ''), coalesce(e.body, '{}')
		FROM dossiers d LEFT JOIN ` + events + ` ON e.kiosk = d.kiosk AND ` + sameCode + `
			AND e.kind IN ('` + DossierReceivedKind + `', '` + DossierChangedKind + `') AND e.rejected IS NULL` + cond +
		` ORDER BY d.received_at, d.kiosk, d.code, e.received_at, e.seq`, args
}

// historyFolder gathers the rows of historySQL into one DossierHistory per dossier and
// hands each to each as soon as its last event is read: the export holds one dossier at a
// time, whatever the count. key opens each dossier's applicant, once.
type historyFolder struct {
	key  *kiosk.PersonalKey
	each func(DossierHistory) error
	cur  DossierHistory
	open bool
}

// add takes one result row: the dossier's row and sealed applicant (the same for each of
// its events) and one event.
func (f *historyFolder) add(d DossierRow, personal []byte, kind string, body []byte) error {
	if f.open && (f.cur.Kiosk != d.Kiosk || f.cur.Code != d.Code) {
		if err := f.flush(); err != nil {
			return err
		}
	}
	if !f.open {
		a, err := openApplicant(f.key, d.Kiosk, d.Code, personal)
		if err != nil {
			return err
		}
		f.cur, f.open = DossierHistory{DossierRow: d, Applicant: a}, true
	}
	if kind != "" {
		f.cur.Events = append(f.cur.Events, HeldDossierEvent{Kind: kind, Body: json.RawMessage(slices.Clone(body))})
	}
	return nil
}

// flush hands on the dossier gathered so far (call it once more after the last row).
func (f *historyFolder) flush() error {
	if !f.open {
		return nil
	}
	f.open = false
	return f.each(f.cur)
}
