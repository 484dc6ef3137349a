package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// RatingService records villagers' ratings in the kiosk database. Each is one immediate
// transaction that checks the ticket, inserts the rating keyed by the ticket (so only the
// first of two concurrent taps, or of a pad and a replayed QR code, is stored) and emits
// "rating.given". Nothing is published live: a rating is anonymous to the clerk, and the
// counter pages listen to the same event stream as everyone.
type RatingService struct {
	DB *DB
	// Queue gives the configuration in force: the counters and the rating scale.
	Queue kiosk.QueueAdmin
	// DossierOf returns the code of the dossier received during a ticket's visit, "" for
	// none. Nil (until dossiers are wired): ratings carry no dossier code.
	DossierOf func(ctx context.Context, ticketID int64) (string, error)
	// Assess returns the dossier to assess after a ticket's faces (AssessmentService.ForTicket);
	// nil: no assessment is asked.
	Assess func(ctx context.Context, t kiosk.Ticket) (*kiosk.AssessmentRequest, error)
}

var _ kiosk.RatingService = (*RatingService)(nil)

var (
	errRated = kiosk.Errorf(kiosk.ECONFLICT, "Số thứ tự này đã được đánh giá rồi. Xin cảm ơn quý vị.",
		"this ticket has been rated already").WithReason(kiosk.ReasonRated)
	errNotServed = kiosk.Errorf(kiosk.ECONFLICT, "Số thứ tự này chưa được phục vụ xong nên chưa đánh giá được.",
		"this ticket has not been served yet").WithReason(kiosk.ReasonNotServed)
)

func (s *RatingService) config(ctx context.Context) (kiosk.QueueConfig, error) {
	if s.Queue == nil {
		return kiosk.DefaultQueueConfig(), nil
	}
	return s.Queue.QueueConfig(ctx)
}

// Form returns the scale in force with its levels and reasons.
func (s *RatingService) Form(ctx context.Context) (kiosk.RatingForm, error) {
	cfg, err := s.config(ctx)
	if err != nil {
		return kiosk.RatingForm{}, err
	}
	return kiosk.FormOf(cfg.RatingScale), nil
}

func (s *RatingService) counter(ctx context.Context, id int) (kiosk.Counter, kiosk.QueueConfig, error) {
	cfg, err := s.config(ctx)
	if err != nil {
		return kiosk.Counter{}, cfg, err
	}
	c, ok := cfg.CounterByID(id)
	if !ok {
		return c, cfg, kiosk.Errorf(kiosk.ENOTFOUND, fmt.Sprintf("Không có quầy số %d", id), fmt.Sprintf("no counter %d", id))
	}
	return c, cfg, nil
}

// Pending returns the ticket the counter finished last, if it may be rated on its pad now.
func (s *RatingService) Pending(ctx context.Context, counterID int) (kiosk.RatingRequest, error) {
	c, _, err := s.counter(ctx, counterID)
	if err != nil {
		return kiosk.RatingRequest{}, err
	}
	none := kiosk.Errorf(kiosk.ENOTFOUND, "Chưa có lượt nào cần đánh giá", "nothing to rate at this counter now")
	r := s.DB.Reader()
	// A counter that has called someone else has moved on: its pad must not ask the next
	// villager about the last one.
	var busy bool
	if err := r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM counters c JOIN tickets t ON t.id = c.current_ticket
		WHERE c.id = ? AND t.status IN ('called', 'serving'))`, counterID).Scan(&busy); err != nil {
		return kiosk.RatingRequest{}, err
	}
	if busy {
		return kiosk.RatingRequest{}, none
	}
	now := s.DB.Now()
	ts, err := queryTickets(ctx, r, `counter_id = ? AND status = 'done' AND finished_at >= ? ORDER BY finished_at DESC, id DESC LIMIT 1`,
		counterID, formatTime(now.Add(-kiosk.RatingPadWindow)))
	if err != nil {
		return kiosk.RatingRequest{}, err
	}
	if len(ts) == 0 {
		return kiosk.RatingRequest{}, none
	}
	if rated, err := isRated(ctx, r, ts[0].ID); err != nil || rated {
		return kiosk.RatingRequest{}, orErr(err, none)
	}
	return s.withAssessment(ctx, requestOf(ts[0], c.Name), ts[0])
}

// withAssessment adds to req the dossier to assess after its faces, if any.
func (s *RatingService) withAssessment(ctx context.Context, req kiosk.RatingRequest, t kiosk.Ticket) (kiosk.RatingRequest, error) {
	if s.Assess == nil {
		return req, nil
	}
	var err error
	if req.Assessment, err = s.Assess(ctx, t); err != nil {
		return kiosk.RatingRequest{}, fmt.Errorf("assessment of ticket %d: %w", t.ID, err)
	}
	return req, nil
}

// orErr returns err, or other when err is nil: a failed check, else the refusal.
func orErr(err error, other error) error {
	if err != nil {
		return err
	}
	return other
}

func requestOf(t kiosk.Ticket, counterName string) kiosk.RatingRequest {
	return kiosk.RatingRequest{TicketID: t.ID, Code: t.Code, CounterID: t.CounterID, CounterName: counterName,
		ServiceID: t.ServiceID, FinishedAt: t.FinishedAt}
}

func isRated(ctx context.Context, q querier, ticketID int64) (bool, error) {
	var rated bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ratings WHERE ticket_id = ?)`, ticketID).Scan(&rated)
	return rated, err
}

// rateable says whether t may be rated at now through a channel whose window is window.
func rateable(t kiosk.Ticket, now time.Time, window time.Duration, late *kiosk.Error) error {
	if t.Status != kiosk.TicketDone || t.FinishedAt.IsZero() {
		return errNotServed
	}
	if now.Sub(t.FinishedAt) > window {
		return late
	}
	return nil
}

var errPadLate = kiosk.Errorf(kiosk.ECONFLICT, "Đã hết thời gian đánh giá tại quầy. Quý vị có thể quét mã QR trên phiếu tại kiosk để đánh giá.",
	"too late to rate on the counter's pad; scan the ticket's QR code at the kiosk")

var errQRLate = kiosk.Errorf(kiosk.ECONFLICT, fmt.Sprintf("Phiếu này đã quá %d ngày nên không còn đánh giá được.", int(kiosk.RatingQRWindow.Hours()/24)),
	"this ticket is too old to be rated").WithReason(kiosk.ReasonLate)

// RateAtCounter records the answer given on the counter's pad.
func (s *RatingService) RateAtCounter(ctx context.Context, counterID int, ticketID int64, a kiosk.RatingAnswer) (kiosk.Rating, error) {
	_, cfg, err := s.counter(ctx, counterID)
	if err != nil {
		return kiosk.Rating{}, err
	}
	if ticketID <= 0 {
		return kiosk.Rating{}, kiosk.Invalid("ticket_id", "Thiếu số thứ tự cần đánh giá", "ticket_id is missing")
	}
	return s.rate(ctx, cfg, kiosk.RatingViaPad, ticketID, a, func(tx *Tx) (kiosk.Ticket, error) {
		t, err := getTicket(ctx, tx, ticketID)
		if err != nil {
			return t, err
		}
		if rated, err := isRated(ctx, tx, t.ID); err != nil || rated {
			return t, orErr(err, errRated)
		}
		if t.CounterID != counterID {
			return t, kiosk.Errorf(kiosk.ECONFLICT, "Số thứ tự này không được phục vụ tại quầy này.", "this ticket was not served at this counter")
		}
		return t, rateable(t, tx.Now(), kiosk.RatingPadWindow, errPadLate)
	})
}

// Lookup returns the ticket a scanned code names, if it may be rated.
func (s *RatingService) Lookup(ctx context.Context, code string) (kiosk.RatingRequest, error) {
	r := s.DB.Reader()
	t, err := s.byCode(ctx, r, code)
	if err != nil {
		return kiosk.RatingRequest{}, err
	}
	if rated, err := isRated(ctx, r, t.ID); err != nil || rated {
		return kiosk.RatingRequest{}, orErr(err, errRated)
	}
	if err := rateable(t, s.DB.Now(), kiosk.RatingQRWindow, errQRLate); err != nil {
		return kiosk.RatingRequest{}, err
	}
	cfg, err := s.config(ctx)
	if err != nil {
		return kiosk.RatingRequest{}, err
	}
	c, _ := cfg.CounterByID(t.CounterID)
	return s.withAssessment(ctx, requestOf(t, c.Name), t)
}

// byCode finds the ticket a lookup code names (of this kiosk, that day, that number), or
// a typed number names (today's).
func (s *RatingService) byCode(ctx context.Context, q querier, code string) (kiosk.Ticket, error) {
	return ticketByCode(ctx, q, s.DB, code, kiosk.Invalid("code", "Phiếu này do kiosk của nơi khác cấp, không đánh giá được tại đây.",
		"this ticket was issued by another kiosk").WithReason(kiosk.ReasonOtherKiosk))
}

// RateByCode records the answer for the ticket a scanned code names.
func (s *RatingService) RateByCode(ctx context.Context, code string, a kiosk.RatingAnswer) (kiosk.Rating, error) {
	cfg, err := s.config(ctx)
	if err != nil {
		return kiosk.Rating{}, err
	}
	t, err := s.byCode(ctx, s.DB.Reader(), code)
	if err != nil {
		return kiosk.Rating{}, err
	}
	return s.rate(ctx, cfg, kiosk.RatingViaQR, t.ID, a, func(tx *Tx) (kiosk.Ticket, error) {
		t, err := getTicket(ctx, tx, t.ID)
		if err != nil {
			return t, err
		}
		if rated, err := isRated(ctx, tx, t.ID); err != nil || rated {
			return t, orErr(err, errRated)
		}
		return t, rateable(t, tx.Now(), kiosk.RatingQRWindow, errQRLate)
	})
}

// rate stores one rating of ticketID: check runs inside the write transaction and returns
// the ticket as it stands or why it may not be rated.
func (s *RatingService) rate(ctx context.Context, cfg kiosk.QueueConfig, via string, ticketID int64, a kiosk.RatingAnswer,
	check func(tx *Tx) (kiosk.Ticket, error)) (kiosk.Rating, error) {
	scale := kiosk.FormOf(cfg.RatingScale).Scale
	a, err := a.Clean(scale)
	if err != nil {
		return kiosk.Rating{}, err
	}
	dossier := ""
	if s.DossierOf != nil {
		if dossier, err = s.DossierOf(ctx, ticketID); err != nil {
			return kiosk.Rating{}, fmt.Errorf("dossier of ticket %d: %w", ticketID, err)
		}
	}
	var out kiosk.Rating
	err = s.DB.Write(ctx, func(tx *Tx) error {
		t, err := check(tx)
		if err != nil {
			return err
		}
		out = kiosk.Rating{TicketID: t.ID, Day: t.Day, Code: t.Code, CounterID: t.CounterID, StaffID: t.StaffID,
			ServiceID: t.ServiceID, DossierCode: dossier, Score: a.Score, Scale: scale, Reasons: a.Reasons, Via: via, At: tx.Now().UTC()}
		reasons, err := json.Marshal(out.Reasons)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO ratings(ticket_id, day, counter_id, staff_id, service_id, dossier_code, score, scale, reasons, via, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticket_id) DO NOTHING`,
			out.TicketID, out.Day, out.CounterID, out.StaffID, out.ServiceID, sql.NullString{String: dossier, Valid: dossier != ""},
			out.Score, out.Scale, string(reasons), via, formatTime(out.At))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return orErr(err, errRated)
		}
		_, err = tx.Emit("rating.given", out)
		return err
	})
	if err != nil {
		return kiosk.Rating{}, err
	}
	return out, nil
}

// Ratings lists the ratings of the days from..to, oldest first.
func (s *RatingService) Ratings(ctx context.Context, from, to string) ([]kiosk.Rating, error) {
	for _, d := range []struct{ field, day string }{{"from", from}, {"to", to}} {
		if _, err := time.Parse(time.DateOnly, d.day); err != nil {
			return nil, kiosk.Invalid(d.field, "Ngày phải có dạng YYYY-MM-DD", d.field+" must be a day, YYYY-MM-DD")
		}
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT r.ticket_id, r.day, t.code, r.counter_id, r.staff_id, r.service_id,
		coalesce(r.dossier_code, ''), r.score, r.scale, r.reasons, r.via, r.at
		FROM ratings r JOIN tickets t ON t.id = r.ticket_id WHERE r.day BETWEEN ? AND ? ORDER BY r.at, r.ticket_id`, from, to)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.Rating{}
	for rows.Next() {
		var r kiosk.Rating
		var reasons, at string
		if err := rows.Scan(&r.TicketID, &r.Day, &r.Code, &r.CounterID, &r.StaffID, &r.ServiceID, &r.DossierCode,
			&r.Score, &r.Scale, &reasons, &r.Via, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
			return nil, fmt.Errorf("rating of ticket %d: reasons %q: %w", r.TicketID, reasons, err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
