package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// DossierService is the dossiers over the kiosk database. Every change is one immediate
// transaction with its outbox event, its tracking-sheet row and, when personal data is
// touched, its audit row; live notices go out after the commit and name only the code.
type DossierService struct {
	DB      *DB
	Catalog kiosk.CatalogReader
	// Agency is the receiving unit's agency code, the first part of every dossier code
	// (config commune.agency_code).
	Agency    string
	Config    kiosk.DossierConfig
	Publisher kiosk.Publisher

	mu  sync.RWMutex
	cal *kiosk.Calendar
}

var (
	_ kiosk.DossierService = (*DossierService)(nil)
	_ kiosk.HolidayStore   = (*DossierService)(nil)
)

// holidaysKey is the setting holding the holidays bundle's days (a JSON list).
const holidaysKey = "holidays.days"

// LoadCalendar reads the calendar the province sent last, or the one shipped with the
// kiosk. Call it once at start-up.
func (s *DossierService) LoadCalendar(ctx context.Context) error {
	raw, err := s.DB.Setting(ctx, holidaysKey, "")
	if err != nil {
		return err
	}
	cal := kiosk.DefaultCalendar()
	if raw != "" {
		if cal, err = kiosk.DecodeCalendar([]byte(raw)); err != nil {
			return fmt.Errorf("stored holidays: %w", err)
		}
	}
	s.mu.Lock()
	s.cal = cal
	s.mu.Unlock()
	return nil
}

// SetHolidays stores the holidays bundle's days in one transaction and counts every later
// date by them (kiosk.ApplyHolidaysBundle checks them first).
func (s *DossierService) SetHolidays(ctx context.Context, days []kiosk.CalendarDay) error {
	cal, err := kiosk.NewCalendar(days)
	if err != nil {
		return err
	}
	b, err := json.Marshal(days)
	if err != nil {
		return err
	}
	err = s.DB.Write(ctx, func(tx *Tx) error {
		if err := tx.SetSetting(holidaysKey, string(b)); err != nil {
			return err
		}
		_, err := tx.Emit("holidays.applied", map[string]any{"years": cal.Years(), "days": len(days)})
		return err
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.cal = cal
	s.mu.Unlock()
	return nil
}

// Calendar returns the working-day calendar in force.
func (s *DossierService) Calendar() *kiosk.Calendar {
	s.mu.RLock()
	cal := s.cal
	s.mu.RUnlock()
	if cal == nil {
		return kiosk.DefaultCalendar()
	}
	return cal
}

func (s *DossierService) deadlines() kiosk.Deadlines {
	return kiosk.NewDeadlines(s.Calendar(), s.Config)
}

func (s *DossierService) publish(code string, st kiosk.DossierStatus) {
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "dossier.changed", Data: map[string]any{"code": code, "status": st}})
	}
}

// procedureTime returns the procedure (and case) a dossier is for, with the statutory time
// that applies: the case's own when it has one, else the direct channel's, else the
// procedure's. An unknown case is EINVALID.
func (s *DossierService) procedureTime(ctx context.Context, code, caseName string) (kiosk.DossierProcedure, kiosk.ProcessingTime, error) {
	if s.Catalog == nil {
		return kiosk.DossierProcedure{}, kiosk.ProcessingTime{}, errNoCatalog
	}
	p, err := s.Catalog.Procedure(ctx, code)
	if err != nil {
		return kiosk.DossierProcedure{}, kiosk.ProcessingTime{}, err
	}
	ref := kiosk.DossierProcedure{Code: p.Code, Name: p.Name, Field: p.Field, Case: caseName}
	pt := p.ProcessingTime
	for _, m := range p.Methods {
		if m.Channel == kiosk.ChannelDirect && (m.ProcessingTime.Unit != "" || m.ProcessingTime.WorkingDays != nil) {
			pt = m.ProcessingTime
		}
	}
	if caseName == "" {
		return ref, pt, nil
	}
	known := false
	for _, c := range p.CaseTimes {
		if c.Case == caseName {
			pt, known = c.ProcessingTime, true
		}
	}
	for _, d := range p.Documents {
		known = known || d.Case == caseName
	}
	if !known {
		return ref, pt, kiosk.Invalid("case", "Thủ tục này không có trường hợp “"+caseName+"”", "the procedure has no such case")
	}
	return ref, pt, nil
}

var errNoCatalog = kiosk.Errorf(kiosk.EUNAVAILABLE, "Chưa có danh mục thủ tục", "no procedure catalog")

// Quote returns the statutory time and the appointment a dossier received now would get.
func (s *DossierService) Quote(ctx context.Context, procedure, caseName string) (kiosk.DossierQuote, error) {
	ref, pt, err := s.procedureTime(ctx, strings.TrimSpace(procedure), strings.TrimSpace(caseName))
	if err != nil {
		return kiosk.DossierQuote{}, err
	}
	now := s.DB.Now().In(kiosk.Zone)
	q := kiosk.DossierQuote{Procedure: ref, Processing: pt, ReceivedAt: now}
	q.Appointment, err = s.deadlines().Appointment(now, pt)
	if errors.Is(err, kiosk.ErrManualAppointment) {
		q.Manual, err = true, nil
	}
	return q, err
}

// Intake receives a dossier: numbered, dated, sealed and committed with its event.
func (s *DossierService) Intake(ctx context.Context, by kiosk.Staff, in kiosk.DossierIntake) (kiosk.Dossier, error) {
	if err := kiosk.MayHandleDossiers(by); err != nil {
		return kiosk.Dossier{}, err
	}
	if in.CounterID > 0 {
		if err := by.MayActAt(in.CounterID); err != nil {
			return kiosk.Dossier{}, err
		}
	}
	in.Normalize()
	if err := in.Validate(s.DB.Now()); err != nil {
		return kiosk.Dossier{}, err
	}
	if err := kiosk.ValidateAgencyCode(s.Agency); err != nil {
		return kiosk.Dossier{}, kiosk.Errorf(kiosk.EUNAVAILABLE, "Chưa cấu hình mã đơn vị (commune.agency_code) đúng, chưa tiếp nhận được hồ sơ. Xin báo quản trị viên.",
			"commune.agency_code is not set right; dossiers cannot be numbered")
	}
	ref, pt, err := s.procedureTime(ctx, in.Procedure, in.Case)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	key, err := s.DB.personalKey(ctx, true)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	var d kiosk.Dossier
	err = s.DB.Write(ctx, func(tx *Tx) error {
		now := tx.Now().In(kiosk.Zone)
		appt, err := s.deadlines().Appointment(now, pt)
		switch {
		case errors.Is(err, kiosk.ErrManualAppointment) && in.Appointment != nil && in.Appointment.After(now):
			appt, err = *in.Appointment, nil
		case errors.Is(err, kiosk.ErrManualAppointment) && in.Appointment != nil:
			return kiosk.Invalid("appointment", "Ngày hẹn trả phải sau thời điểm tiếp nhận", "the appointment must be after the receipt")
		case err == nil && in.Appointment != nil:
			return kiosk.Invalid("appointment", "Ngày hẹn trả của thủ tục này được tính theo lịch làm việc, không nhập tay", "this procedure's appointment is counted by the calendar; do not give one")
		}
		if err != nil {
			return err
		}
		if in.TicketID > 0 {
			if _, err := getTicket(ctx, tx, in.TicketID); err != nil {
				return kiosk.Invalid("ticket_id", "Không có số thứ tự này", "no such ticket")
			}
		}
		day := kiosk.LocalDay(now)
		var n int
		if err := tx.QueryRowContext(ctx, `INSERT INTO dossier_numbers(agency, day, last) VALUES (?, ?, 1)
			ON CONFLICT(agency, day) DO UPDATE SET last = last + 1 RETURNING last`, s.Agency, day).Scan(&n); err != nil {
			return err
		}
		d = kiosk.Dossier{Code: kiosk.DossierCode(s.Agency, now, n), Agency: s.Agency, Day: day, Number: n, Procedure: ref,
			Processing: pt, Status: kiosk.DossierReceived, ReceivedAt: now, Appointment: appt, Applicant: in.Applicant,
			ApplicantMasked: kiosk.MaskName(in.Applicant.Name), Documents: in.Documents, Sets: in.Sets, Notes: in.Notes,
			Fee: in.Fee, ReturnMethod: in.ReturnMethod, TicketID: in.TicketID, CounterID: in.CounterID, StaffID: by.ID, UpdatedAt: now}
		if d.Documents == nil {
			d.Documents = []kiosk.DossierDocument{}
		}
		plain, err := json.Marshal(d.Applicant)
		if err != nil {
			return err
		}
		processing, _ := json.Marshal(pt)
		documents, _ := json.Marshal(d.Documents)
		res, err := tx.ExecContext(ctx, `INSERT INTO dossiers(code, agency, day, number, procedure_code, procedure_name, field,
			case_name, processing, status, received_at, appointment, name, name_masked, name_folded, phone_index, id_index,
			personal, documents, sets, notes, fee_vnd, fee_status, return_method, ticket_id, counter_id, staff_id, updated_at, last_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			d.Code, d.Agency, d.Day, d.Number, ref.Code, ref.Name, ref.Field, ref.Case, string(processing), int(d.Status),
			formatTime(now), optTime(appt), d.Applicant.Name, d.ApplicantMasked, kiosk.Fold(d.Applicant.Name),
			key.BlindIndex("phone", d.Applicant.Phone), key.BlindIndex("id", d.Applicant.IDNumber), key.Seal(plain, "dossier:"+d.Code),
			string(documents), d.Sets, d.Notes, d.Fee.AmountVND, d.Fee.Status, d.ReturnMethod, d.TicketID, d.CounterID, by.ID, formatTime(now))
		if err != nil {
			return err
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		ev := kiosk.DossierEvent{Code: d.Code, Action: kiosk.ActionReceive, Status: d.Status, PortalStatus: d.Status.Portal(),
			StaffID: by.ID, At: now, Appointment: appt}
		snapshot := d
		snapshot.Applicant = kiosk.Applicant{}
		seq, err := tx.EmitSealed(key, kiosk.EventDossierReceived, kiosk.DossierReceivedEvent{DossierEvent: ev, Dossier: snapshot},
			map[string]kiosk.Applicant{"applicant": d.Applicant})
		if err != nil {
			return err
		}
		if err := tx.recordEvent(d.ID, seq, ev); err != nil {
			return err
		}
		d.Events = []kiosk.DossierEvent{ev}
		return tx.audit(by.ID, kiosk.AuditCreate, d.ID, d.Applicant.PersonalFields())
	})
	if err != nil {
		return kiosk.Dossier{}, err
	}
	d.StatusName, d.StatusNameEN = d.Status.Name(), d.Status.NameEN()
	s.publish(d.Code, d.Status)
	return d, nil
}

// recordEvent writes a dossier's event to its tracking sheet, and the outbox seq to the
// dossier, so the purge knows when the hub holds it.
func (tx *Tx) recordEvent(dossierID, seq int64, ev kiosk.DossierEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO dossier_events(dossier_id, seq, action, body) VALUES (?, ?, ?, ?)`,
		dossierID, seq, ev.Action, string(b)); err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE dossiers SET last_seq = ?, updated_at = ? WHERE id = ?`, seq, formatTime(ev.At), dossierID)
	return err
}

// audit records a view or change of personal data: never the values.
func (tx *Tx) audit(staffID, action string, dossierID int64, fields []string) error {
	var id any
	if dossierID > 0 {
		id = dossierID
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO personal_audit(at, staff_id, action, dossier_id, fields) VALUES (?, ?, ?, ?, ?)`,
		formatTime(tx.now), staffID, action, id, strings.Join(fields, ","))
	return err
}

func optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func parseOptTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := parseTime(s)
	return t.In(kiosk.Zone), err
}

// dossierRow is a dossier as stored, before its personal data is opened.
type dossierRow struct {
	kiosk.Dossier
	personal   []byte
	pausedLeft time.Duration
	lastSeq    int64
}

const dossierColumns = `id, code, agency, day, number, procedure_code, procedure_name, field, case_name, processing, status,
	received_at, appointment, paused_left, name, name_masked, personal, documents, sets, notes, fee_vnd, fee_status,
	return_method, ticket_id, counter_id, staff_id, updated_at, closed_at, purged_at, last_seq`

func scanDossier(r rowScanner) (dossierRow, error) {
	var d dossierRow
	var processing, documents, received, appt, updated, closed, purged string
	var status int
	var paused int64
	err := r.Scan(&d.ID, &d.Code, &d.Agency, &d.Day, &d.Number, &d.Procedure.Code, &d.Procedure.Name, &d.Procedure.Field,
		&d.Procedure.Case, &processing, &status, &received, &appt, &paused, &d.Applicant.Name, &d.ApplicantMasked, &d.personal,
		&documents, &d.Sets, &d.Notes, &d.Fee.AmountVND, &d.Fee.Status, &d.ReturnMethod, &d.TicketID, &d.CounterID, &d.StaffID,
		&updated, &closed, &purged, &d.lastSeq)
	if err != nil {
		return d, err
	}
	d.Status, d.pausedLeft = kiosk.DossierStatus(status), time.Duration(paused)
	d.ClockPaused = d.Status == kiosk.DossierSupplement
	if err := json.Unmarshal([]byte(processing), &d.Processing); err != nil {
		return d, fmt.Errorf("dossier %s processing: %w", d.Code, err)
	}
	if err := json.Unmarshal([]byte(documents), &d.Documents); err != nil {
		return d, fmt.Errorf("dossier %s documents: %w", d.Code, err)
	}
	for _, f := range []struct {
		s   string
		dst *time.Time
	}{{received, &d.ReceivedAt}, {appt, &d.Appointment}, {updated, &d.UpdatedAt}, {closed, &d.ClosedAt}, {purged, &d.PurgedAt}} {
		if *f.dst, err = parseOptTime(f.s); err != nil {
			return d, fmt.Errorf("dossier %s: %w", d.Code, err)
		}
	}
	return d, nil
}

var errNoDossier = kiosk.Errorf(kiosk.ENOTFOUND, "Không tìm thấy hồ sơ có mã này. Xin kiểm tra lại mã trên giấy tiếp nhận.", "no dossier has this code")

func getDossier(ctx context.Context, q querier, code string) (dossierRow, error) {
	d, err := scanDossier(q.QueryRowContext(ctx, `SELECT `+dossierColumns+` FROM dossiers WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errNoDossier
	}
	return d, err
}

// describe fills what a dossier's reader sees that is not stored: names of the state and
// whether it is overdue now.
func describe(d *kiosk.Dossier, now time.Time) {
	d.StatusName, d.StatusNameEN = d.Status.Name(), d.Status.NameEN()
	d.Overdue = kiosk.Overdue(d.Status, d.Appointment, now)
}

// open returns the applicant sealed in the row, or only the name once purged.
func (d *dossierRow) open(key *kiosk.PersonalKey) (kiosk.Applicant, error) {
	if d.personal == nil {
		return kiosk.Applicant{}, nil
	}
	plain, err := key.Open(d.personal, "dossier:"+d.Code)
	if err != nil {
		return kiosk.Applicant{}, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không giải mã được dữ liệu cá nhân của hồ sơ "+d.Code+" (tệp khóa không khớp).",
			"the personal data of "+d.Code+" does not open with this kiosk's key")
	}
	var a kiosk.Applicant
	return a, json.Unmarshal(plain, &a)
}

func (tx *Tx) events(dossierID int64) ([]kiosk.DossierEvent, error) {
	return jsonRows[kiosk.DossierEvent](tx.QueryContext(tx.ctx, `SELECT body FROM dossier_events WHERE dossier_id = ? ORDER BY id`, dossierID))
}

// jsonRows decodes each row's one JSON text column into a T, and closes rows; it takes
// QueryContext's two results as they come. Columns that keep a document whole (a dossier's
// events, an assessment's scores) are read so.
func jsonRows[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var raw string
		var v T
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// readWhole reads a dossier with its applicant and tracking sheet inside tx, recording the
// view of its personal data as action (view, export).
func readWhole(tx *Tx, key *kiosk.PersonalKey, by kiosk.Staff, code, action string) (kiosk.Dossier, error) {
	row, err := getDossier(tx.ctx, tx, code)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	d := row.Dossier
	if d.Applicant, err = row.open(key); err != nil {
		return d, err
	}
	if d.Events, err = tx.events(d.ID); err != nil {
		return d, err
	}
	describe(&d, tx.Now())
	if fields := d.Applicant.PersonalFields(); len(fields) > 0 {
		return d, tx.audit(by.ID, action, d.ID, fields)
	}
	return d, nil
}

// Dossier returns one dossier whole; the view is in the audit log.
func (s *DossierService) Dossier(ctx context.Context, by kiosk.Staff, code string) (kiosk.Dossier, error) {
	if err := kiosk.MayHandleDossiers(by); err != nil {
		return kiosk.Dossier{}, err
	}
	code, err := kiosk.ParseDossierCode(code)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	key, err := s.DB.personalKey(ctx, true)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	var d kiosk.Dossier
	err = s.DB.Write(ctx, func(tx *Tx) error {
		d, err = readWhole(tx, key, by, code, kiosk.AuditView)
		return err
	})
	return d, err
}

// Lookup is the public look-up by code.
func (s *DossierService) Lookup(ctx context.Context, code string) (kiosk.PublicDossier, error) {
	code, err := kiosk.ParseDossierCode(code)
	if err != nil {
		return kiosk.PublicDossier{}, err
	}
	row, err := getDossier(ctx, s.DB.Reader(), code)
	if err != nil {
		return kiosk.PublicDossier{}, storageError(s.DB.Path, err)
	}
	describe(&row.Dossier, s.DB.Now())
	return row.Public(), nil
}

// Transition takes an action on a dossier, recounting its appointment when the action moves it.
func (s *DossierService) Transition(ctx context.Context, by kiosk.Staff, code string, c kiosk.DossierChange) (kiosk.Dossier, error) {
	if by.Role != kiosk.RoleHub {
		if err := kiosk.MayHandleDossiers(by); err != nil {
			return kiosk.Dossier{}, err
		}
	}
	code, err := kiosk.ParseDossierCode(code)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	c.Reason, c.To = strings.TrimSpace(c.Reason), strings.TrimSpace(c.To)
	var d kiosk.Dossier
	err = s.DB.Write(ctx, func(tx *Tx) error {
		row, err := getDossier(ctx, tx, code)
		if err != nil {
			return err
		}
		if c.Upstream != nil {
			if applied, err := tx.upstreamApplied(row.ID, c.Upstream.Command); err != nil || applied {
				d, err = current(tx, row)
				return err
			}
		}
		to, ignored := row.Status, kiosk.UpstreamSuperseded(row.Status, by.Role, c)
		if !ignored {
			if to, err = kiosk.NextStatus(row.Status, by.Role, c); err != nil {
				return err
			}
		}
		now, dl := tx.Now().In(kiosk.Zone), s.deadlines()
		ev := kiosk.DossierEvent{Code: code, Action: c.Action, From: row.Status, Status: to, PortalStatus: to.Portal(),
			StaffID: by.ID, At: now, Reason: c.Reason, To: c.To, Missing: trimmed(c.Missing)}
		if c.Upstream != nil {
			up := *c.Upstream
			up.Ignored = ignored
			ev.Upstream = &up
		}
		appt, paused := row.Appointment, row.pausedLeft
		switch c.Action {
		case kiosk.ActionSupplement:
			// The time left is kept under either rule: "restart" recounts the whole time later,
			// "pause" resumes with this.
			paused = dl.Remaining(row.Processing, now, appt)
		case kiosk.ActionSupplemented:
			appt = dl.ResumeAt(row.Processing, now, paused)
			if s.Config.Clock() == kiosk.SupplementRestart {
				if restarted, err := dl.Appointment(now, row.Processing); err == nil {
					appt = restarted
				}
			}
			paused = 0
		case kiosk.ActionReschedule:
			if !c.Appointment.After(appt) || !c.Appointment.After(now) {
				return kiosk.Invalid("appointment", "Ngày hẹn mới phải sau ngày hẹn cũ và sau hôm nay", "the new appointment must be later than the old one and than now")
			}
			appt = c.Appointment.In(kiosk.Zone)
		}
		if !appt.Equal(row.Appointment) {
			ev.PrevAppointment = row.Appointment
		}
		ev.Appointment = appt
		closed := optTime(row.ClosedAt)
		if to.Final() && !row.Status.Final() {
			closed = formatTime(now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, appointment = ?, paused_left = ?, closed_at = ? WHERE id = ?`,
			int(to), optTime(appt), int64(paused), closed, row.ID); err != nil {
			return err
		}
		seq, err := tx.Emit(kiosk.EventDossierChanged, ev)
		if err != nil {
			return err
		}
		if err := tx.recordEvent(row.ID, seq, ev); err != nil {
			return err
		}
		if row, err = getDossier(ctx, tx, code); err != nil {
			return err
		}
		d, err = current(tx, row)
		return err
	})
	if err != nil {
		return kiosk.Dossier{}, err
	}
	s.publish(d.Code, d.Status)
	return d, nil
}

// current is a dossier as Transition answers: the applicant's name only (the rest needs
// Dossier, which audits the view) and the tracking sheet.
func current(tx *Tx, row dossierRow) (kiosk.Dossier, error) {
	d := row.Dossier
	var err error
	d.Events, err = tx.events(row.ID)
	describe(&d, tx.Now().In(kiosk.Zone))
	return d, err
}

func trimmed(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
