package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// AssessmentService records the nine-indicator assessments of returned dossiers in the
// kiosk database. Each is one immediate transaction that checks the dossier, computes the
// indicators its record answers, inserts the row keyed by the dossier (so only the first
// of two taps, or of the pad and a replayed receipt QR, is stored) and emits
// "assessment.given".
type AssessmentService struct {
	DB *DB
	// Queue gives the setting (queue.rating_assessment) and the lines.
	Queue kiosk.QueueAdmin
	// Dossiers gives the calendar the times are counted in and the published catalog.
	Dossiers *DossierService
}

var (
	_ kiosk.AssessmentService = (*AssessmentService)(nil)
	_ kiosk.AssessmentSource  = (*AssessmentService)(nil)
)

// EventAssessmentGiven is the outbox kind of an assessment; its body is kiosk.Assessment.
const EventAssessmentGiven = "assessment.given"

var (
	errAssessOff = kiosk.Errorf(kiosk.ENOTFOUND, "Nơi này chưa áp dụng đánh giá hồ sơ theo 9 chỉ số.",
		"the nine-indicator assessment is not in use here").WithReason(kiosk.ReasonOff)
	errAssessed = kiosk.Errorf(kiosk.ECONFLICT, "Hồ sơ này đã được đánh giá rồi. Xin cảm ơn quý vị.",
		"this dossier has been assessed already").WithReason(kiosk.ReasonRated)
	errNotReturned = kiosk.Errorf(kiosk.ECONFLICT, "Hồ sơ này chưa trả kết quả nên chưa đánh giá được.",
		"this dossier has not been returned yet").WithReason(kiosk.ReasonNotServed)
	errAssessQRLate = kiosk.Errorf(kiosk.ECONFLICT,
		fmt.Sprintf("Hồ sơ này đã trả kết quả quá %d ngày nên không còn đánh giá được.", int(kiosk.AssessmentQRWindow.Hours()/24)),
		"this dossier was returned too long ago to be assessed").WithReason(kiosk.ReasonLate)
	errAssessPadLate = kiosk.Errorf(kiosk.ECONFLICT, "Đã hết thời gian đánh giá tại quầy. Quý vị có thể quét mã QR trên giấy tiếp nhận tại kiosk để đánh giá.",
		"too late to assess on the counter's pad; scan the receipt's QR code at the kiosk")
	errNotThisVisit = kiosk.Errorf(kiosk.ECONFLICT, "Hồ sơ này không được trả kết quả trong lượt phục vụ này.",
		"this dossier was not returned during this visit")
)

func (s *AssessmentService) config(ctx context.Context) (kiosk.QueueConfig, error) {
	if s.Queue == nil {
		return kiosk.DefaultQueueConfig(), nil
	}
	return s.Queue.QueueConfig(ctx)
}

// AssessmentOn says whether the province turned the assessment on.
func (s *AssessmentService) AssessmentOn(ctx context.Context) (bool, error) {
	cfg, err := s.config(ctx)
	return cfg.RatingAssessment, err
}

// returned is a handed-back dossier as the assessment reads it: its row and the event
// that handed it back.
type returned struct {
	row dossierRow
	ev  kiosk.DossierEvent
}

// returnedDuring returns the dossiers t's clerk handed back while serving t (from the
// call to the finish) that are not assessed yet, the latest first.
func returnedDuring(ctx context.Context, q querier, t kiosk.Ticket) ([]returned, error) {
	if t.CalledAt.IsZero() || t.FinishedAt.IsZero() {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT d.code, e.body FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id AND e.action = ?
		WHERE d.status = 10 AND d.closed_at BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.dossier_id = d.id)
		ORDER BY d.closed_at DESC, d.id DESC`, kiosk.ActionReturn, formatTime(t.CalledAt), formatTime(t.FinishedAt))
	if err != nil {
		return nil, err
	}
	var codes []string
	var evs []kiosk.DossierEvent
	for rows.Next() {
		var code, body string
		var ev kiosk.DossierEvent
		if err := rows.Scan(&code, &body); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &ev); err != nil {
			rows.Close()
			return nil, fmt.Errorf("return event of %s: %w", code, err)
		}
		if ev.StaffID == t.StaffID {
			codes, evs = append(codes, code), append(evs, ev)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]returned, 0, len(codes))
	for i, code := range codes {
		row, err := getDossier(ctx, q, code)
		if err != nil {
			return nil, err
		}
		out = append(out, returned{row: row, ev: evs[i]})
	}
	return out, nil
}

// returnOf finds the event that handed the dossier back (the last "return").
func returnOf(ctx context.Context, q querier, row dossierRow) (kiosk.DossierEvent, error) {
	var body string
	err := q.QueryRowContext(ctx, `SELECT body FROM dossier_events WHERE dossier_id = ? AND action = ? ORDER BY id DESC LIMIT 1`,
		row.ID, kiosk.ActionReturn).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) || row.Status != kiosk.DossierReturned {
		return kiosk.DossierEvent{}, errNotReturned
	}
	if err != nil {
		return kiosk.DossierEvent{}, err
	}
	var ev kiosk.DossierEvent
	return ev, json.Unmarshal([]byte(body), &ev)
}

func isAssessed(ctx context.Context, q querier, dossierID int64) (bool, error) {
	var done bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM assessments WHERE dossier_id = ?)`, dossierID).Scan(&done)
	return done, err
}

func requestFor(r returned) *kiosk.AssessmentRequest {
	return &kiosk.AssessmentRequest{DossierCode: r.row.Code, Procedure: r.row.Procedure.Name, ReturnedAt: r.ev.At,
		Questions: kiosk.AskedIndicators()}
}

// ForTicket returns the dossier t's clerk handed back during t's visit, to be assessed
// after the faces; nil when none or the setting is off.
func (s *AssessmentService) ForTicket(ctx context.Context, t kiosk.Ticket) (*kiosk.AssessmentRequest, error) {
	if on, err := s.AssessmentOn(ctx); err != nil || !on {
		return nil, err
	}
	list, err := returnedDuring(ctx, s.DB.Reader(), t)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return requestFor(list[0]), nil
}

// AssessAtCounter records the answer given on the counter's pad.
func (s *AssessmentService) AssessAtCounter(ctx context.Context, counterID int, ticketID int64, code string, a kiosk.AssessmentAnswer) (kiosk.Assessment, error) {
	if ticketID <= 0 {
		return kiosk.Assessment{}, kiosk.Invalid("ticket_id", "Thiếu số thứ tự của lượt phục vụ", "ticket_id is missing")
	}
	return s.assess(ctx, kiosk.RatingViaPad, code, a, func(tx *Tx, row dossierRow) (kiosk.DossierEvent, error) {
		t, err := getTicket(ctx, tx, ticketID)
		if err != nil {
			return kiosk.DossierEvent{}, err
		}
		switch {
		case t.CounterID != counterID:
			return kiosk.DossierEvent{}, errNotThisVisit
		case t.Status != kiosk.TicketDone || t.FinishedAt.IsZero():
			return kiosk.DossierEvent{}, errNotServed
		case tx.Now().Sub(t.FinishedAt) > kiosk.AssessmentPadWindow:
			return kiosk.DossierEvent{}, errAssessPadLate
		}
		list, err := returnedDuring(ctx, tx, t)
		if err != nil {
			return kiosk.DossierEvent{}, err
		}
		for _, r := range list {
			if r.row.ID == row.ID {
				return r.ev, nil
			}
		}
		return kiosk.DossierEvent{}, errNotThisVisit
	}, counterID, ticketID)
}

// Lookup returns the returned dossier a receipt's QR names, if it may be assessed now.
func (s *AssessmentService) Lookup(ctx context.Context, code string) (kiosk.AssessmentRequest, error) {
	if on, err := s.AssessmentOn(ctx); err != nil || !on {
		return kiosk.AssessmentRequest{}, orErr(err, errAssessOff)
	}
	code, err := kiosk.ParseDossierCode(code)
	if err != nil {
		return kiosk.AssessmentRequest{}, err
	}
	r := s.DB.Reader()
	row, err := getDossier(ctx, r, code)
	if err != nil {
		return kiosk.AssessmentRequest{}, err
	}
	ev, err := s.byQR(ctx, r, row)
	if err != nil {
		return kiosk.AssessmentRequest{}, err
	}
	return *requestFor(returned{row: row, ev: ev}), nil
}

// byQR checks that row may be assessed by its receipt's QR now and returns its return event.
func (s *AssessmentService) byQR(ctx context.Context, q querier, row dossierRow) (kiosk.DossierEvent, error) {
	if done, err := isAssessed(ctx, q, row.ID); err != nil || done {
		return kiosk.DossierEvent{}, orErr(err, errAssessed)
	}
	ev, err := returnOf(ctx, q, row)
	if err != nil {
		return ev, err
	}
	if s.DB.Now().Sub(ev.At) > kiosk.AssessmentQRWindow {
		return ev, errAssessQRLate
	}
	return ev, nil
}

// AssessByCode records the answer for the dossier a receipt's QR names.
func (s *AssessmentService) AssessByCode(ctx context.Context, code string, a kiosk.AssessmentAnswer) (kiosk.Assessment, error) {
	return s.assess(ctx, kiosk.RatingViaQR, code, a, func(tx *Tx, row dossierRow) (kiosk.DossierEvent, error) {
		return s.byQR(ctx, tx, row)
	}, 0, 0)
}

// assess stores one assessment of the dossier code: check runs inside the write
// transaction and returns the event that handed it back, or why it may not be assessed.
func (s *AssessmentService) assess(ctx context.Context, via, code string, a kiosk.AssessmentAnswer,
	check func(tx *Tx, row dossierRow) (kiosk.DossierEvent, error), counterID int, ticketID int64) (kiosk.Assessment, error) {
	cfg, err := s.config(ctx)
	if err != nil {
		return kiosk.Assessment{}, err
	}
	if !cfg.RatingAssessment {
		return kiosk.Assessment{}, errAssessOff
	}
	asked, err := a.Clean()
	if err != nil {
		return kiosk.Assessment{}, err
	}
	if code, err = kiosk.ParseDossierCode(code); err != nil {
		return kiosk.Assessment{}, err
	}
	var out kiosk.Assessment
	err = s.DB.Write(ctx, func(tx *Tx) error {
		row, err := getDossier(ctx, tx, code)
		if err != nil {
			return err
		}
		if done, err := isAssessed(ctx, tx, row.ID); err != nil || done {
			return orErr(err, errAssessed)
		}
		back, err := check(tx, row)
		if err != nil {
			return err
		}
		d := row.Dossier
		if d.Events, err = tx.events(row.ID); err != nil {
			return err
		}
		published, err := s.published(ctx, d.Procedure.Code)
		if err != nil {
			return err
		}
		scores, bodies := kiosk.ComputeAssessment(d, s.Dossiers.deadlines(), published)
		for id, v := range asked {
			scores[id] = v
		}
		if bodies == nil {
			bodies = []kiosk.BodyTime{}
		}
		now := tx.Now()
		out = kiosk.Assessment{DossierCode: d.Code, Procedure: d.Procedure.Code, ServiceID: cfg.ServiceForField(d.Procedure.Field),
			Day: kiosk.LocalDay(now), ReturnedAt: back.At, StaffID: back.StaffID, CounterID: counterID, TicketID: ticketID,
			Scores: scores, Bodies: bodies, Via: via, At: now.UTC()}
		sb, err := json.Marshal(out.Scores)
		if err != nil {
			return err
		}
		bb, err := json.Marshal(out.Bodies)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO assessments(dossier_id, dossier_code, day, procedure, service_id, staff_id,
			counter_id, ticket_id, scores, bodies, via, returned_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, row.ID, out.DossierCode, out.Day, out.Procedure, out.ServiceID, out.StaffID, counterID,
			sql.NullInt64{Int64: ticketID, Valid: ticketID > 0}, string(sb), string(bb), via, formatTime(out.ReturnedAt), formatTime(out.At))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return orErr(err, errAssessed)
		}
		_, err = tx.Emit(EventAssessmentGiven, out)
		return err
	})
	if err != nil {
		return kiosk.Assessment{}, err
	}
	return out, nil
}

// published says whether the procedure is in the catalog the kiosk publishes now.
func (s *AssessmentService) published(ctx context.Context, procedure string) (bool, error) {
	if s.Dossiers == nil || s.Dossiers.Catalog == nil {
		return false, nil
	}
	_, err := s.Dossiers.Catalog.Procedure(ctx, procedure)
	if e := kiosk.ErrorOf(err); e != nil && e.Code == kiosk.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

const assessmentColumns = `dossier_code, day, procedure, service_id, staff_id, counter_id, coalesce(ticket_id, 0), scores, bodies, via, returned_at, at`

// Assessments lists the assessments given on days from..to, oldest first.
func (s *AssessmentService) Assessments(ctx context.Context, from, to string) ([]kiosk.Assessment, error) {
	for _, d := range []struct{ field, day string }{{"from", from}, {"to", to}} {
		if _, err := time.Parse(time.DateOnly, d.day); err != nil {
			return nil, kiosk.Invalid(d.field, "Ngày phải có dạng YYYY-MM-DD", d.field+" must be a day, YYYY-MM-DD")
		}
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE day BETWEEN ? AND ? ORDER BY at, dossier_id`, from, to)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.Assessment{}
	for rows.Next() {
		var a kiosk.Assessment
		var scores, bodies, back, at string
		if err := rows.Scan(&a.DossierCode, &a.Day, &a.Procedure, &a.ServiceID, &a.StaffID, &a.CounterID, &a.TicketID,
			&scores, &bodies, &a.Via, &back, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(scores), &a.Scores); err != nil {
			return nil, fmt.Errorf("assessment of %s: %w", a.DossierCode, err)
		}
		if err := json.Unmarshal([]byte(bodies), &a.Bodies); err != nil {
			return nil, fmt.Errorf("assessment of %s: %w", a.DossierCode, err)
		}
		if a.ReturnedAt, err = parseTime(back); err != nil {
			return nil, err
		}
		if a.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssessmentFacts gives the reports the scores of the assessments given on days [from, to).
func (s *AssessmentService) AssessmentFacts(ctx context.Context, from, to string) ([]kiosk.AssessmentScores, error) {
	return jsonRows[kiosk.AssessmentScores](s.DB.Reader().QueryContext(ctx,
		`SELECT scores FROM assessments WHERE day >= ? AND day < ? ORDER BY day, dossier_id`, from, to))
}
