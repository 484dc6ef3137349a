package kiosk

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Dossier is a hồ sơ received at the desk under the one-stop mechanism: what was handed
// in for which procedure, by whom, when it is due back and where it is now. Its Code is
// printed on the receipt and is all a villager needs to look it up.
type Dossier struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Agency string `json:"agency"` // the receiving unit's agency code
	Day    string `json:"day"`    // local day of receipt, "2006-01-02"
	Number int    `json:"number"` // the day's sequence number in the code

	Procedure DossierProcedure `json:"procedure"`
	// Processing is the statutory time the appointment was counted from, as the catalog
	// gave it at intake: a later catalog does not move a promised date.
	Processing ProcessingTime `json:"processing"`

	Status       DossierStatus `json:"status"`
	StatusName   string        `json:"status_name"`
	StatusNameEN string        `json:"status_name_en"`
	ReceivedAt   time.Time     `json:"received_at"`
	// Appointment is the date and hour the result is promised (hẹn trả), zero when the
	// procedure has no statutory time and the clerk gave none.
	Appointment time.Time `json:"appointment,omitzero"`
	// Overdue is derived at reading time (see Overdue), never stored.
	Overdue bool `json:"overdue"`
	// ClockPaused says the statutory clock waits for the applicant's documents.
	ClockPaused bool `json:"clock_paused,omitempty"`

	// Applicant is whole only in answers to clerks (each such read is in the audit log);
	// after the purge only ApplicantMasked remains.
	Applicant       Applicant `json:"applicant,omitzero"`
	ApplicantMasked string    `json:"applicant_masked"`

	Documents    []DossierDocument `json:"documents"`
	Sets         int               `json:"sets"`
	Notes        string            `json:"notes,omitempty"`
	Fee          DossierFee        `json:"fee"`
	ReturnMethod string            `json:"return_method"`

	TicketID  int64     `json:"ticket_id,omitempty"`  // the queue ticket being served at intake
	CounterID int       `json:"counter_id,omitempty"` // the counter that received it
	StaffID   string    `json:"staff_id"`             // the clerk who received it
	UpdatedAt time.Time `json:"updated_at"`
	// ClosedAt is when it became final (returned, refused, withdrawn, stopped).
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// PurgedAt is when the personal data was purged.
	PurgedAt time.Time `json:"purged_at,omitzero"`

	// Events is the tracking sheet (phiếu kiểm soát quá trình giải quyết): every action in order.
	Events []DossierEvent `json:"events,omitempty"`

	// Actions and Forms are what the staff member who asked may do to the dossier now
	// (DossierActions) and the forms that apply to it (DossierForms): filled in answers to
	// clerks, never stored nor sent to the hub.
	Actions []DossierAction `json:"actions,omitempty"`
	Forms   []string        `json:"forms,omitempty"`
}

// DossierProcedure names the procedure (and its case, trường hợp) a dossier is for, as
// the catalog named it at intake.
type DossierProcedure struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Field string `json:"field,omitempty"`
	Case  string `json:"case,omitempty"`
}

// DossierDocument is one row of the checklist the clerk ticked: how many originals
// (bản chính), certified copies (bản sao chứng thực) and photocopies were handed in.
type DossierDocument struct {
	Name          string `json:"name"`
	Original      int    `json:"original"`
	CertifiedCopy int    `json:"certified_copy"`
	Copy          int    `json:"copy"`
}

// Fee states of a dossier.
const (
	FeeNone   = "none"   // the procedure has no fee
	FeePaid   = "paid"   // paid at the desk
	FeeExempt = "exempt" // the applicant is exempt (miễn)
	FeeUnpaid = "unpaid" // due later (at hand-back, or by transfer)
)

// DossierFee is the fee and whether it was paid or exempted.
type DossierFee struct {
	AmountVND int64  `json:"amount_vnd"`
	Status    string `json:"status"`
}

// How the result goes back to the applicant.
const (
	ReturnAtDesk = "desk" // collected at the desk
	ReturnByPost = "post" // sent by post (dịch vụ bưu chính công ích)
)

// DossierEvent is one action on a dossier: a row of the tracking sheet and, in the same
// transaction, the body of its outbox event ("dossier.received", "dossier.changed"), from
// which the hub rebuilds each dossier's state. It carries no personal data in the clear.
type DossierEvent struct {
	Code         string        `json:"code"`
	Action       string        `json:"action"`
	From         DossierStatus `json:"from,omitempty"`
	Status       DossierStatus `json:"status"`
	PortalStatus string        `json:"portal_status"`
	StaffID      string        `json:"staff_id"`
	At           time.Time     `json:"at"`
	Reason       string        `json:"reason,omitempty"`
	To           string        `json:"to,omitempty"` // the body a hand-over or forward went to
	Missing      []string      `json:"missing,omitempty"`
	// Appointment is the appointment after the action; PrevAppointment, when the action
	// moved it (a reschedule, documents supplied), the one before.
	Appointment     time.Time `json:"appointment,omitzero"`
	PrevAppointment time.Time `json:"prev_appointment,omitzero"`
	// Fields names the personal fields an "applicant" action changed (never their values).
	Fields []string `json:"fields,omitempty"`
	// Upstream is set on a state the hub sent down (RoleHub): its command, who decided.
	Upstream *DossierUpstream `json:"upstream,omitempty"`
}

// Outbox kinds of dossier events.
const (
	EventDossierReceived = "dossier.received" // body: DossierReceivedEvent
	EventDossierChanged  = "dossier.changed"  // body: DossierEvent
)

// DossierReceivedEvent is the outbox body of an intake: the event and the dossier as
// received. The applicant travels sealed in the outbox and is opened only on its way to
// the hub (over TLS), as the top-level "applicant" member.
type DossierReceivedEvent struct {
	DossierEvent
	Dossier Dossier `json:"dossier"`
}

// DossierIntake is what the counter form sends to receive a dossier.
type DossierIntake struct {
	Procedure string `json:"procedure"`      // the procedure's code in the catalog
	Case      string `json:"case,omitempty"` // its trường hợp, when it has several
	TicketID  int64  `json:"ticket_id,omitempty"`
	CounterID int    `json:"counter_id,omitempty"`

	Applicant    Applicant         `json:"applicant"`
	Documents    []DossierDocument `json:"documents"`
	Sets         int               `json:"sets,omitempty"` // default 1
	Notes        string            `json:"notes,omitempty"`
	Fee          DossierFee        `json:"fee"`
	ReturnMethod string            `json:"return_method,omitempty"` // default desk
	// Appointment is taken only for a procedure whose time the calendar cannot count
	// (unit "other", or none published): the clerk then promises a date.
	Appointment *time.Time `json:"appointment,omitempty"`
}

// Normalize trims the form and fills its defaults.
func (in *DossierIntake) Normalize() {
	in.Procedure, in.Case, in.Notes = strings.TrimSpace(in.Procedure), strings.TrimSpace(in.Case), strings.TrimSpace(in.Notes)
	in.Applicant.Normalize()
	for i := range in.Documents {
		in.Documents[i].Name = strings.Join(strings.Fields(in.Documents[i].Name), " ")
	}
	if in.Sets == 0 {
		in.Sets = 1
	}
	if in.ReturnMethod == "" {
		in.ReturnMethod = ReturnAtDesk
	}
	if in.Fee.Status == "" {
		in.Fee.Status = FeeNone
		if in.Fee.AmountVND > 0 {
			in.Fee.Status = FeeUnpaid
		}
	}
}

// Validate checks a normalised intake form; errors name the field at fault.
func (in *DossierIntake) Validate(now time.Time) error {
	switch {
	case in.Procedure == "":
		return Invalid("procedure", "Xin chọn thủ tục", "choose the procedure")
	case in.Sets < 1 || in.Sets > 99:
		return Invalid("sets", "Số bộ hồ sơ phải từ 1 đến 99", "sets must be 1–99")
	case in.ReturnMethod != ReturnAtDesk && in.ReturnMethod != ReturnByPost:
		return Invalid("return_method", "Hình thức trả kết quả là tại bộ phận một cửa hoặc qua bưu chính", "return_method must be desk or post")
	case in.Fee.AmountVND < 0 || in.Fee.AmountVND > 1_000_000_000:
		return Invalid("fee.amount_vnd", "Lệ phí không hợp lệ", "the fee must be 0–1,000,000,000 đồng")
	case utf8.RuneCountInString(in.Notes) > 2000:
		return Invalid("notes", "Ghi chú quá dài (tối đa 2000 ký tự)", "notes are over 2000 characters")
	case in.TicketID < 0 || in.CounterID < 0:
		return Invalid("ticket_id", "Số thứ tự hoặc quầy không hợp lệ", "bad ticket or counter id")
	case len(in.Documents) > 100:
		return Invalid("documents", "Danh sách giấy tờ quá dài", "too many documents")
	}
	switch in.Fee.Status {
	case FeeNone, FeePaid, FeeExempt, FeeUnpaid:
	default:
		return Invalid("fee.status", "Trạng thái lệ phí là đã nộp, miễn, chưa nộp hoặc không có", "fee.status must be paid, exempt, unpaid or none")
	}
	for i, d := range in.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		switch {
		case d.Name == "" || utf8.RuneCountInString(d.Name) > 500:
			return Invalid(f+".name", "Giấy tờ thiếu tên hoặc tên quá dài", "a document needs a name of at most 500 characters")
		case d.Original < 0 || d.CertifiedCopy < 0 || d.Copy < 0 || d.Original > 99 || d.CertifiedCopy > 99 || d.Copy > 99:
			return Invalid(f, "Số bản của giấy tờ phải từ 0 đến 99", "document counts must be 0–99")
		}
	}
	return in.Applicant.Validate(now)
}

// DossierSummary is a dossier as a clerk's list shows it: no personal data but the name.
type DossierSummary struct {
	Code         string        `json:"code"`
	Procedure    string        `json:"procedure"`
	ProcedureRef string        `json:"procedure_code"`
	Status       DossierStatus `json:"status"`
	StatusName   string        `json:"status_name"`
	ReceivedAt   time.Time     `json:"received_at"`
	Appointment  time.Time     `json:"appointment,omitzero"`
	Overdue      bool          `json:"overdue"`
	Name         string        `json:"name"` // the applicant's full name; masked after the purge
	CounterID    int           `json:"counter_id,omitempty"`
	StaffID      string        `json:"staff_id"`
}

// PublicDossier is what anyone holding the code may see (the kiosk's "Tra cứu hồ sơ" and
// the receipt's QR page): the procedure, the state, the appointment and a masked name,
// never the ID number, the phone or the address.
type PublicDossier struct {
	Code            string        `json:"code"`
	Procedure       string        `json:"procedure"`
	Status          DossierStatus `json:"status"`
	StatusName      string        `json:"status_name"`
	StatusNameEN    string        `json:"status_name_en"`
	ReceivedAt      time.Time     `json:"received_at"`
	Appointment     time.Time     `json:"appointment,omitzero"`
	Overdue         bool          `json:"overdue"`
	ApplicantMasked string        `json:"applicant_masked"`
}

// Public returns what anyone holding the code may see of d.
func (d Dossier) Public() PublicDossier {
	return PublicDossier{Code: d.Code, Procedure: d.Procedure.Name, Status: d.Status, StatusName: d.StatusName,
		StatusNameEN: d.StatusNameEN, ReceivedAt: d.ReceivedAt, Appointment: d.Appointment, Overdue: d.Overdue,
		ApplicantMasked: d.ApplicantMasked}
}

// Clerk lists.
const (
	ListOpen       = "open"       // every dossier not yet final (default)
	ListDueToday   = "due_today"  // open, with today's appointment
	ListOverdue    = "overdue"    // the clock runs and the appointment has passed
	ListSupplement = "supplement" // awaiting the applicant's documents
	ListReady      = "ready"      // result ready, awaiting hand-back
	ListAll        = "all"        // everything, final ones included
)

// DossierQuery selects a clerk's list. Q searches by code (or its last digits), name
// (with or without marks), phone or ID number; Procedure narrows to one procedure.
type DossierQuery struct {
	List      string `json:"list"`
	Procedure string `json:"procedure,omitempty"`
	Q         string `json:"q,omitempty"`
	Limit     int    `json:"limit,omitempty"`  // default 100, at most 500
	Offset    int    `json:"offset,omitempty"` // for the next page
}

// Normalize fills the defaults and checks the query.
func (q *DossierQuery) Normalize() error {
	q.Q = strings.TrimSpace(q.Q)
	switch q.List {
	case "":
		q.List = ListOpen
	case ListOpen, ListDueToday, ListOverdue, ListSupplement, ListReady, ListAll:
	default:
		return Invalid("list", "Danh sách không hợp lệ: "+q.List, "unknown list "+q.List)
	}
	switch {
	case q.Limit == 0:
		q.Limit = 100
	case q.Limit < 0 || q.Limit > 500:
		return Invalid("limit", "Giới hạn phải từ 1 đến 500", "limit must be 1–500")
	}
	if q.Offset < 0 {
		return Invalid("offset", "Vị trí bắt đầu không hợp lệ", "offset must not be negative")
	}
	if utf8.RuneCountInString(q.Q) > 100 {
		return Invalid("q", "Từ khóa tìm kiếm quá dài", "the query is too long")
	}
	return nil
}

// DossierPage is one page of a list, in the list's order; More says another page follows.
type DossierPage struct {
	Dossiers []DossierSummary `json:"dossiers"`
	More     bool             `json:"more"`
}

// DossierQuote is what the counter form shows before intake: the statutory time of the
// procedure (or its case) and the appointment a dossier received now would get.
type DossierQuote struct {
	Procedure   DossierProcedure `json:"procedure"`
	Processing  ProcessingTime   `json:"processing"`
	ReceivedAt  time.Time        `json:"received_at"`
	Appointment time.Time        `json:"appointment,omitzero"`
	// Manual says the calendar cannot count this time: the clerk must give the date.
	Manual bool `json:"manual"`
}

// Audit log actions on personal data.
const (
	AuditCreate = "create" // stored at intake
	AuditView   = "view"   // shown to a clerk
	AuditChange = "change" // corrected
	AuditSearch = "search" // looked up by phone or ID number
	AuditExport = "export" // exported on the person's request
	AuditPurge  = "purge"  // purged after the retention period
)

// DataAccess is one view or change of personal data (the dossiers' audit log): who, when, which dossier and which
// fields; never the values.
type DataAccess struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	StaffID string    `json:"staff_id"`
	Action  string    `json:"action"`
	Code    string    `json:"code,omitempty"` // the dossier, when one
	Fields  []string  `json:"fields,omitempty"`
}

// PersonExport is everything the kiosk holds about one person (found by ID number), as the
// law lets them ask for it: their dossiers, whole, and who saw or changed their data.
type PersonExport struct {
	ExportedAt time.Time    `json:"exported_at"`
	IDNumber   string       `json:"id_number"`
	Dossiers   []Dossier    `json:"dossiers"`
	Audit      []DataAccess `json:"audit"`
}

// DossierService receives dossiers and moves them through their states. by is the staff
// member acting (a clerk or an admin; RoleHub for a state set upstream): it is recorded
// on each event and in the audit log. Every change is one transaction with its outbox
// event. Errors are *Error: EINVALID names the field, ENOTFOUND an unknown code,
// ECONFLICT a state that does not allow the action, EFORBIDDEN a role that may not.
type DossierService interface {
	// Quote returns the statutory time and the appointment a dossier of the procedure (and
	// case) received now would get. Clerks. ENOTFOUND for an unknown procedure.
	Quote(ctx context.Context, procedure, caseName string) (DossierQuote, error)
	// Intake receives a dossier: its code, numbered per unit and day, its appointment by the
	// working-day calendar, the applicant's personal data sealed, all committed with its
	// outbox event and audit row before it returns. Clerks at their counter (MayActAt) and
	// admins. EINVALID for a bad form (nothing is stored, no number is used), ENOTFOUND for
	// an unknown procedure, EUNAVAILABLE without an agency code or a readable key.
	Intake(ctx context.Context, by Staff, in DossierIntake) (Dossier, error)
	// Dossier returns one dossier whole, with its applicant and tracking sheet; the read is
	// in the audit log. Clerks and admins. ENOTFOUND for an unknown code.
	Dossier(ctx context.Context, by Staff, code string) (Dossier, error)
	// Transition takes an action on a dossier (NextStatus says who may and from where),
	// recounting the appointment when the action moves it. ENOTFOUND, ECONFLICT, EFORBIDDEN,
	// EINVALID as NextStatus says; EINVALID for a reschedule that is not later.
	Transition(ctx context.Context, by Staff, code string, c DossierChange) (Dossier, error)
	// UpdateApplicant corrects the applicant's details, with the reason; the audit log
	// names the changed fields. Clerks and admins. ECONFLICT once the data is purged.
	UpdateApplicant(ctx context.Context, by Staff, code string, a Applicant, reason string) (Dossier, error)
	// List returns a clerk's list (DossierQuery), without personal data but names; a search
	// by phone or ID number is in the audit log. Clerks and admins.
	List(ctx context.Context, by Staff, q DossierQuery) (DossierPage, error)
	// Lookup is the public look-up by code (the kiosk, the receipt's QR page): PublicDossier
	// only. Anyone. ENOTFOUND for an unknown code, EINVALID for something not a code.
	Lookup(ctx context.Context, code string) (PublicDossier, error)
	// ExportPerson returns everything held about the person with this ID number, on their
	// request; the export itself is audited. Admins only. ENOTFOUND when nothing is held.
	ExportPerson(ctx context.Context, by Staff, idNumber string) (PersonExport, error)
	// Audit returns the audit log of one dossier (code), or the latest entries of all
	// (code ""), newest first. Admins only.
	Audit(ctx context.Context, by Staff, code string, limit int) ([]DataAccess, error)
	// Purge removes the personal data of dossiers final for longer than the retention period
	// whose events the hub holds, returning how many. The kiosk's own scheduler calls it.
	Purge(ctx context.Context) (int, error)
}

// MayHandleDossiers says whether by may read and change dossiers: clerks and admins.
func MayHandleDossiers(by Staff) error {
	if by.Role == RoleClerk || by.Role == RoleAdmin {
		return nil
	}
	return Errorf(EFORBIDDEN, "Chỉ cán bộ một cửa được xem và xử lý hồ sơ", "only clerks and admins handle dossiers")
}

// MayAdminDossiers says whether by may export and audit personal data: admins.
func MayAdminDossiers(by Staff) error {
	if by.Role == RoleAdmin {
		return nil
	}
	return Errorf(EFORBIDDEN, "Chức năng này chỉ dành cho quản trị viên", "admins only")
}
