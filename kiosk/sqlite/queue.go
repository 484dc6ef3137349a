package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// QueueService is the queue over the kiosk database. Every action is one immediate
// transaction that also writes its outbox event; live notices go out after the commit.
type QueueService struct {
	DB        *DB
	Config    kiosk.QueueConfig // as configured at start; see SetConfig
	Publisher kiosk.Publisher
	Staff     *AuthService // for the staff badge on the display; may be nil
	// Printer prints each ticket as a step of issuing it: its job is stored in the
	// ticket's transaction. Nil: no printer, and the villager is told so.
	Printer kiosk.TicketPrinter

	mu       sync.RWMutex
	override *kiosk.QueueConfig // set by SetConfig or a stored override
}

const queueConfigKey = "queue.config"

// cfg returns the configuration in force: the admin's stored override, else Config.
func (s *QueueService) cfg() *kiosk.QueueConfig {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.override != nil {
		return s.override
	}
	return &s.Config
}

// LoadStoredConfig applies the configuration an admin saved through the API, if any, over
// the one from the config file. Call it once at start-up.
func (s *QueueService) LoadStoredConfig(ctx context.Context) error {
	raw, err := s.DB.Setting(ctx, queueConfigKey, "")
	if err != nil || raw == "" {
		return err
	}
	var c kiosk.QueueConfig
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return fmt.Errorf("stored queue configuration: %w", err)
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("stored queue configuration: %w", err)
	}
	s.mu.Lock()
	s.override = &c
	s.mu.Unlock()
	return nil
}

// QueueConfig returns the configuration in force.
func (s *QueueService) QueueConfig(ctx context.Context) (kiosk.QueueConfig, error) {
	return *s.cfg(), nil
}

// SetConfig validates c, stores it (so it survives restarts, over the config file) with an
// outbox event and an audit entry saying what changed, and puts it in force at once.
// Tickets already issued keep their numbers. Removing a line while people wait in it
// today is ECONFLICT: they would wait for a call that never comes.
func (s *QueueService) SetConfig(ctx context.Context, c kiosk.QueueConfig) error {
	if err := c.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	old := *s.cfg()
	err = s.DB.Write(ctx, func(tx *Tx) error {
		if err := stillWaiting(ctx, tx, old, c); err != nil {
			return err
		}
		if err := tx.SetSetting(queueConfigKey, string(b)); err != nil {
			return err
		}
		vi, en := kiosk.DescribeQueueChange(old, c)
		return tx.Change("queue.config_changed", c, vi, en)
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.override = &c
	s.mu.Unlock()
	s.publish("queue.config", c)
	return nil
}

// stillWaiting refuses a configuration that drops a line in which tickets wait today.
func stillWaiting(ctx context.Context, tx *Tx, old, c kiosk.QueueConfig) error {
	for _, o := range old.Services {
		if _, kept := c.ServiceByID(o.ID); kept {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE day = ? AND service_id = ? AND status = 'waiting'`,
			kiosk.LocalDay(tx.Now()), o.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kiosk.Errorf(kiosk.ECONFLICT,
				fmt.Sprintf("Dịch vụ «%s» còn %d người đang chờ hôm nay: chưa bỏ được. Xin gọi hết hoặc chuyển họ sang dịch vụ khác trước.", o.Name, n),
				fmt.Sprintf("line %s still has %d people waiting today; call or transfer them first", o.Name, n))
		}
	}
	return nil
}

var _ kiosk.QueueService = (*QueueService)(nil)

func (s *QueueService) publish(kind string, data any) {
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: kind, Data: data})
	}
}

const ticketColumns = `id, day, service_id, issued_service, number, code, priority, status, issued_at, queued_at, to_counter,
	counter_id, staff_id, called_at, started_at, finished_at, calls`

type rowScanner interface{ Scan(...any) error }

func scanTicket(r rowScanner) (kiosk.Ticket, error) {
	var t kiosk.Ticket
	var prio, status, issued, queued, called, started, finished string
	err := r.Scan(&t.ID, &t.Day, &t.ServiceID, &t.IssuedService, &t.Number, &t.Code, &prio, &status, &issued, &queued, &t.ToCounter,
		&t.CounterID, &t.StaffID, &called, &started, &finished, &t.Calls)
	if err != nil {
		return t, err
	}
	t.Priority, t.Status = kiosk.Priority(prio), kiosk.TicketStatus(status)
	for _, f := range []struct {
		s   string
		dst *time.Time
	}{{issued, &t.IssuedAt}, {queued, &t.QueuedAt}, {called, &t.CalledAt}, {started, &t.StartedAt}, {finished, &t.FinishedAt}} {
		if f.s == "" {
			continue
		}
		if *f.dst, err = parseTime(f.s); err != nil {
			return t, err
		}
	}
	return t, nil
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func queryTickets(ctx context.Context, q querier, where string, args ...any) ([]kiosk.Ticket, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func getTicket(ctx context.Context, q querier, id int64) (kiosk.Ticket, error) {
	t, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, kiosk.Errorf(kiosk.ENOTFOUND, "Không tìm thấy số thứ tự này", "no such ticket")
	}
	return t, err
}

// Issue gives the next number of the service for today, committed durably with its outbox
// event before it returns.
func (s *QueueService) Issue(ctx context.Context, serviceID string, p kiosk.Priority) (kiosk.Issued, error) {
	svc, ok := s.cfg().ServiceByID(serviceID)
	if !ok {
		return kiosk.Issued{}, kiosk.Invalid("service_id", "Không có dịch vụ này", "no such service: "+serviceID)
	}
	if p != "" && !s.knownPriority(p) {
		return kiosk.Issued{}, kiosk.Invalid("priority", "Đối tượng ưu tiên không hợp lệ", "unknown priority group: "+string(p))
	}
	var out kiosk.Issued
	var printing bool
	err := s.DB.Write(ctx, func(tx *Tx) error {
		now := tx.Now()
		if hours := s.cfg().HoursAt(now); !hours.Open {
			return hours.Refusal()
		}
		day := kiosk.LocalDay(now)
		var n int
		if err := tx.QueryRowContext(ctx, `INSERT INTO queue_numbers(day, service_id, last) VALUES (?, ?, 1)
			ON CONFLICT(day, service_id) DO UPDATE SET last = last + 1 RETURNING last`, day, serviceID).Scan(&n); err != nil {
			return err
		}
		t := kiosk.Ticket{Day: day, ServiceID: serviceID, IssuedService: serviceID, Number: n, Code: kiosk.TicketCode(svc.Prefix, n),
			Priority: p, Status: kiosk.TicketWaiting, IssuedAt: now, QueuedAt: now}
		res, err := tx.ExecContext(ctx, `INSERT INTO tickets(day, service_id, issued_service, number, code, priority, status, issued_at, queued_at)
			VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)`, day, serviceID, serviceID, n, t.Code, string(p), formatTime(now), formatTime(now))
		if err != nil {
			return err
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.Emit("ticket.issued", t); err != nil {
			return err
		}
		ahead, wait, err := s.estimate(ctx, tx, t)
		if err != nil {
			return err
		}
		open, err := s.openCounters(ctx, tx, serviceID)
		if err != nil {
			return err
		}
		out = kiosk.Issued{Ticket: t, Service: svc.Name, Ahead: ahead, WaitMinutes: wait, CounterOpen: open > 0}
		printing, err = s.addTicketJob(tx, out)
		return err
	})
	if err != nil {
		return kiosk.Issued{}, err
	}
	out.Print = kiosk.NoPrinter
	if printing {
		s.Printer.Queued()
		out.Print = s.Printer.Status()
	}
	s.publish("ticket.issued", out)
	return out, nil
}

// addTicketJob stores the ticket's printout in the issuing transaction and says whether
// there is one. A printout that cannot be rendered does not stop the number (the villager
// is told to note it); one that cannot be stored fails the transaction like any write.
func (s *QueueService) addTicketJob(tx *Tx, is kiosk.Issued) (bool, error) {
	if s.Printer == nil {
		return false, nil
	}
	tp := kiosk.TicketPrint{Issued: is}
	for _, c := range s.cfg().Priorities {
		if c.ID == is.Ticket.Priority {
			tp.PriorityName = c.Name
		}
	}
	job, err := s.Printer.TicketJob(tp)
	if err != nil || len(job.Data) == 0 {
		return false, nil
	}
	_, err = tx.AddPrintJob(job)
	return err == nil, err
}

func (s *QueueService) knownPriority(p kiosk.Priority) bool {
	for _, c := range s.cfg().Priorities {
		if c.ID == p {
			return true
		}
	}
	return false
}

// estimate counts the people ahead of t in its line (priority tickets ahead of ordinary
// ones under the strict policy) and the minutes they take: the mean service time of the
// line's last 20 finished tickets today (or the configured guess), shared among the
// counters open for that line.
func (s *QueueService) estimate(ctx context.Context, q querier, t kiosk.Ticket) (ahead, minutes int, err error) {
	cond := `day = ?1 AND service_id = ?2 AND status = 'waiting' AND id <> ?3 AND (queued_at < ?4 OR (queued_at = ?4 AND id < ?3)`
	if s.cfg().Policy == kiosk.PolicyStrict && t.Priority == "" {
		cond += ` OR priority <> ''`
	}
	cond += `)`
	if s.cfg().Policy == kiosk.PolicyStrict && t.Priority != "" {
		// Under the strict policy a priority villager passes every ordinary ticket.
		cond += ` AND priority <> ''`
	}
	if err = q.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE `+cond, t.Day, t.ServiceID, t.ID, formatTime(t.QueuedAt)).Scan(&ahead); err != nil {
		return
	}
	minutes, err = s.lineMinutes(ctx, q, t.Day, t.ServiceID, ahead)
	return
}

func (s *QueueService) lineMinutes(ctx context.Context, q querier, day, serviceID string, ahead int) (int, error) {
	per := float64(s.cfg().ServiceMinutes)
	rows, err := q.QueryContext(ctx, `SELECT started_at, finished_at FROM tickets
		WHERE day = ? AND service_id = ? AND status = 'done' AND started_at <> '' AND finished_at <> ''
		ORDER BY finished_at DESC LIMIT 20`, day, serviceID)
	if err != nil {
		return 0, err
	}
	var sum time.Duration
	var n int
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return 0, err
		}
		ta, _ := parseTime(a)
		tb, _ := parseTime(b)
		if d := tb.Sub(ta); d > 0 {
			sum += d
			n++
		}
	}
	rows.Close()
	if n >= 3 {
		per = sum.Minutes() / float64(n)
	}
	open, err := s.openCounters(ctx, q, serviceID)
	if err != nil {
		return 0, err
	}
	if open == 0 {
		open = 1
	}
	return int(math.Ceil(float64(ahead) * per / float64(open))), nil
}

// openCounters counts the counters open now that serve serviceID.
func (s *QueueService) openCounters(ctx context.Context, q querier, serviceID string) (int, error) {
	open := 0
	for _, c := range s.cfg().Counters {
		if !slices.Contains(c.Services, serviceID) {
			continue
		}
		var st string
		err := q.QueryRowContext(ctx, `SELECT status FROM counters WHERE id = ?`, c.ID).Scan(&st)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a counter nobody has opened yet has no row
		}
		if err != nil {
			return 0, err
		}
		if st == string(kiosk.CounterOpen) {
			open++
		}
	}
	return open, nil
}

// Ticket returns one ticket.
func (s *QueueService) Ticket(ctx context.Context, id int64) (kiosk.Ticket, error) {
	return getTicket(ctx, s.DB.Reader(), id)
}

// counterRow is a counter's stored state.
type counterRow struct {
	status        kiosk.CounterStatus
	current       sql.NullInt64
	staffID       string
	ordinarySince int
}

// loadCounter returns the counter's state, creating its row on first use.
func (s *QueueService) loadCounter(ctx context.Context, tx *Tx, id int) (kiosk.Counter, counterRow, error) {
	c, ok := s.cfg().CounterByID(id)
	if !ok {
		return c, counterRow{}, kiosk.Errorf(kiosk.ENOTFOUND, fmt.Sprintf("Không có quầy số %d", id), fmt.Sprintf("no counter %d", id))
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO counters(id, updated_at) VALUES (?, ?)`, id, formatTime(tx.Now())); err != nil {
		return c, counterRow{}, err
	}
	var r counterRow
	var st, updated string
	err := tx.QueryRowContext(ctx, `SELECT status, current_ticket, staff_id, ordinary_since_priority, updated_at FROM counters WHERE id = ?`, id).
		Scan(&st, &r.current, &r.staffID, &r.ordinarySince, &updated)
	r.status = kiosk.CounterStatus(st)
	if err != nil {
		return c, r, err
	}
	midnight := formatTime(startOfDay(tx.Now()))
	if updated < midnight && (r.status != kiosk.CounterClosed || r.current.Valid || r.ordinarySince != 0) {
		return c, counterRow{status: kiosk.CounterClosed}, s.resetCounter(ctx, tx, id, r, midnight)
	}
	return c, r, nil
}

// startOfDay is local midnight of t's day.
func startOfDay(t time.Time) time.Time {
	t = t.In(kiosk.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, kiosk.Zone)
}

// resetCounter is the daily reset of a counter last changed before today: whatever state
// it was left in, the new day starts with it closed, calling nobody, its interleave count
// at zero, and the log closed at midnight. A ticket left called or served overnight keeps
// its status (the statistics count it issued, not served); it no longer shows on the
// display. It runs lazily, in the first write that touches the counter that day;
// Snapshot shows the same picture before then.
func (s *QueueService) resetCounter(ctx context.Context, tx *Tx, id int, r counterRow, midnight string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET status = 'closed', current_ticket = NULL, staff_id = '', ordinary_since_priority = 0, updated_at = ? WHERE id = ?`,
		midnight, id); err != nil {
		return err
	}
	if r.status != kiosk.CounterClosed {
		if _, err := tx.ExecContext(ctx, `INSERT INTO counter_log(counter_id, status, staff_id, at) VALUES (?, 'closed', ?, ?)`, id, r.staffID, midnight); err != nil {
			return err
		}
	}
	body := map[string]any{"counter_id": id, "from": r.status, "at": midnight}
	if r.current.Valid {
		body["ticket_id"] = r.current.Int64
	}
	_, err := tx.Emit("counter.reset", body)
	return err
}

func (s *QueueService) setCounter(ctx context.Context, tx *Tx, id int, status kiosk.CounterStatus, current *int64, staffID string, ordinarySince int, prev kiosk.CounterStatus) error {
	var cur any
	if current != nil {
		cur = *current
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET status = ?, current_ticket = ?, staff_id = ?, ordinary_since_priority = ?, updated_at = ? WHERE id = ?`,
		string(status), cur, staffID, ordinarySince, formatTime(tx.Now()), id); err != nil {
		return err
	}
	if status != prev {
		if _, err := tx.ExecContext(ctx, `INSERT INTO counter_log(counter_id, status, staff_id, at) VALUES (?, ?, ?, ?)`,
			id, string(status), staffID, formatTime(tx.Now())); err != nil {
			return err
		}
		if _, err := tx.Emit("counter."+string(status), map[string]any{"counter_id": id, "staff_id": staffID, "from": prev}); err != nil {
			return err
		}
	}
	return nil
}

// callResult is what a call-like action returns and announces.
type callResult struct {
	ticket kiosk.Ticket
	call   kiosk.Call
}

var errPaused = kiosk.Errorf(kiosk.ECONFLICT, "Quầy đang tạm dừng. Bấm «Tiếp tục» trước khi gọi số.", "the counter is paused; resume it first")

// callingCounter loads a counter that is about to call a ticket: a paused one may not.
func (s *QueueService) callingCounter(ctx context.Context, tx *Tx, id int) (kiosk.Counter, counterRow, error) {
	c, row, err := s.loadCounter(ctx, tx, id)
	if err == nil && row.status == kiosk.CounterPaused {
		err = errPaused
	}
	return c, row, err
}

// CallNext finishes the counter's current ticket, if any, and calls the next one by the
// priority policy. ENOTFOUND when nobody waits; ECONFLICT on a paused counter.
func (s *QueueService) CallNext(ctx context.Context, counterID int, staffID string) (kiosk.Ticket, error) {
	var res callResult
	err := s.DB.Write(ctx, func(tx *Tx) error {
		c, row, err := s.callingCounter(ctx, tx, counterID)
		if err != nil {
			return err
		}
		waiting, err := candidates(ctx, tx, c, kiosk.LocalDay(tx.Now()))
		if err != nil {
			return err
		}
		next, ok := kiosk.PickNext(waiting, c, s.cfg().Policy, s.cfg().PriorityEvery, row.ordinarySince)
		if !ok {
			return kiosk.Errorf(kiosk.ENOTFOUND, "Không còn ai đang chờ ở quầy này", "nobody is waiting for this counter")
		}
		if err := s.finishCurrent(ctx, tx, row); err != nil {
			return err
		}
		since := row.ordinarySince + 1
		if next.Priority != "" {
			since = 0
		}
		res, err = s.call(ctx, tx, c, next, staffID, since, row.status, false)
		return err
	})
	if err != nil {
		return kiosk.Ticket{}, err
	}
	s.publishCall(res)
	return res.ticket, nil
}

// candidates returns the only tickets kiosk.PickNext can choose for counter c: the first
// priority and the first ordinary ticket among those eligible, in PickNext's order (issue
// time, then the counter's service order, then id). Selecting them in SQL keeps a call
// fast however many people wait; TestCandidatesAgreeWithPickNext pins the equivalence.
func candidates(ctx context.Context, q querier, c kiosk.Counter, day string) ([]kiosk.Ticket, error) {
	in := strings.TrimSuffix(strings.Repeat("?, ", len(c.Services)), ", ")
	if in == "" {
		in = "NULL"
	}
	rank := "CASE service_id"
	args := []any{day, c.ID}
	var rankArgs []any
	for i, sv := range c.Services {
		rank += " WHEN ? THEN " + strconv.Itoa(i)
		args = append(args, sv)
		rankArgs = append(rankArgs, sv)
	}
	rank += " ELSE " + strconv.Itoa(len(c.Services)) + " END, "
	if len(c.Services) == 0 {
		rank = ""
	}
	args = append(args, rankArgs...)
	var out []kiosk.Ticket
	for _, class := range []string{"priority <> ''", "priority = ''"} {
		ts, err := queryTickets(ctx, q, `day = ? AND status = 'waiting' AND (to_counter = ? OR (to_counter = 0 AND service_id IN (`+in+`)))
			AND `+class+` ORDER BY queued_at, `+rank+`id LIMIT 1`, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

// call marks t called at counter c and records the call.
func (s *QueueService) call(ctx context.Context, tx *Tx, c kiosk.Counter, t kiosk.Ticket, staffID string, ordinarySince int, prev kiosk.CounterStatus, callBack bool) (callResult, error) {
	now := tx.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'called', counter_id = ?, staff_id = ?, called_at = ?, calls = calls + 1, to_counter = 0 WHERE id = ?`,
		c.ID, staffID, formatTime(now), t.ID); err != nil {
		return callResult{}, err
	}
	if err := s.setCounter(ctx, tx, c.ID, kiosk.CounterOpen, &t.ID, staffID, ordinarySince, prev); err != nil {
		return callResult{}, err
	}
	call, err := s.recordCall(ctx, tx, c, t, false)
	if err != nil {
		return callResult{}, err
	}
	kind := "ticket.called"
	if callBack {
		kind = "ticket.called_back"
	}
	if _, err := tx.Emit(kind, map[string]any{"ticket_id": t.ID, "code": t.Code, "counter_id": c.ID, "staff_id": staffID, "priority": t.Priority}); err != nil {
		return callResult{}, err
	}
	t, err = getTicket(ctx, tx, t.ID)
	return callResult{ticket: t, call: call}, err
}

// publishCall announces a call (for the display and the voice) and, since a call also
// changes the counter's current ticket and opens it, the counter for the counter pages.
func (s *QueueService) publishCall(res callResult) {
	s.publish("ticket.called", res.call)
	if !res.call.Recall {
		s.publish("counter.updated", map[string]any{"counter_id": res.call.CounterID, "status": kiosk.CounterOpen})
	}
}

func (s *QueueService) recordCall(ctx context.Context, tx *Tx, c kiosk.Counter, t kiosk.Ticket, recall bool) (kiosk.Call, error) {
	now := tx.Now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO calls(ticket_id, counter_id, recall, at) VALUES (?, ?, ?, ?)`, t.ID, c.ID, recall, formatTime(now)); err != nil {
		return kiosk.Call{}, err
	}
	return kiosk.Call{TicketID: t.ID, Code: t.Code, CounterID: c.ID, Counter: c.Name, Recall: recall, At: now}, nil
}

// finishCurrent closes the counter's current ticket as served: calling the next number
// means the previous villager has been dealt with (a no-show is marked with Skip).
func (s *QueueService) finishCurrent(ctx context.Context, tx *Tx, row counterRow) error {
	if !row.current.Valid {
		return nil
	}
	t, err := getTicket(ctx, tx, row.current.Int64)
	if err != nil {
		return err
	}
	if t.Status != kiosk.TicketCalled && t.Status != kiosk.TicketServing {
		return nil
	}
	return s.finishTicket(ctx, tx, t)
}

func (s *QueueService) finishTicket(ctx context.Context, tx *Tx, t kiosk.Ticket) error {
	now := formatTime(tx.Now())
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'done', finished_at = ?,
		started_at = CASE WHEN started_at = '' THEN called_at ELSE started_at END WHERE id = ?`, now, t.ID); err != nil {
		return err
	}
	_, err := tx.Emit("ticket.finished", map[string]any{"ticket_id": t.ID, "code": t.Code, "counter_id": t.CounterID})
	return err
}

// current returns the counter and the ticket it is serving, or ECONFLICT when none.
func (s *QueueService) current(ctx context.Context, tx *Tx, counterID int) (kiosk.Counter, counterRow, kiosk.Ticket, error) {
	c, row, err := s.loadCounter(ctx, tx, counterID)
	if err != nil {
		return c, row, kiosk.Ticket{}, err
	}
	if !row.current.Valid {
		return c, row, kiosk.Ticket{}, kiosk.Errorf(kiosk.ECONFLICT, "Quầy chưa gọi số nào", "the counter is not serving anyone")
	}
	t, err := getTicket(ctx, tx, row.current.Int64)
	if err == nil && t.Status != kiosk.TicketCalled && t.Status != kiosk.TicketServing {
		err = kiosk.Errorf(kiosk.ECONFLICT, "Quầy chưa gọi số nào", "the counter is not serving anyone")
	}
	return c, row, t, err
}

// Recall announces the current ticket again.
func (s *QueueService) Recall(ctx context.Context, counterID int) (kiosk.Ticket, error) {
	var res callResult
	err := s.DB.Write(ctx, func(tx *Tx) error {
		c, _, t, err := s.current(ctx, tx, counterID)
		if err != nil {
			return err
		}
		if t.Status != kiosk.TicketCalled {
			return kiosk.Errorf(kiosk.ECONFLICT, "Công dân đã đến quầy, không cần gọi lại", "the ticket is already being served")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET calls = calls + 1 WHERE id = ?`, t.ID); err != nil {
			return err
		}
		if res.call, err = s.recordCall(ctx, tx, c, t, true); err != nil {
			return err
		}
		if _, err := tx.Emit("ticket.recalled", map[string]any{"ticket_id": t.ID, "code": t.Code, "counter_id": c.ID}); err != nil {
			return err
		}
		res.ticket, err = getTicket(ctx, tx, t.ID)
		return err
	})
	if err != nil {
		return kiosk.Ticket{}, err
	}
	s.publishCall(res)
	return res.ticket, nil
}

// update runs a change of the counter's current ticket and announces the result.
func (s *QueueService) update(ctx context.Context, counterID int, fn func(tx *Tx, c kiosk.Counter, row counterRow, t kiosk.Ticket) error) (kiosk.Ticket, error) {
	var out kiosk.Ticket
	err := s.DB.Write(ctx, func(tx *Tx) error {
		c, row, t, err := s.current(ctx, tx, counterID)
		if err != nil {
			return err
		}
		if err := fn(tx, c, row, t); err != nil {
			return err
		}
		out, err = getTicket(ctx, tx, t.ID)
		return err
	})
	if err != nil {
		return kiosk.Ticket{}, err
	}
	s.publish("ticket.updated", out)
	s.publish("counter.updated", map[string]int{"counter_id": counterID})
	return out, nil
}

// Skip marks the called villager who did not come as a no-show; they may be called back today.
func (s *QueueService) Skip(ctx context.Context, counterID int) (kiosk.Ticket, error) {
	return s.update(ctx, counterID, func(tx *Tx, c kiosk.Counter, row counterRow, t kiosk.Ticket) error {
		if t.Status != kiosk.TicketCalled {
			return kiosk.Errorf(kiosk.ECONFLICT, "Công dân đang được phục vụ, không thể đánh dấu vắng mặt", "the ticket is being served; it cannot be a no-show")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'no_show' WHERE id = ?`, t.ID); err != nil {
			return err
		}
		if err := s.setCounter(ctx, tx, c.ID, row.status, nil, row.staffID, row.ordinarySince, row.status); err != nil {
			return err
		}
		_, err := tx.Emit("ticket.no_show", map[string]any{"ticket_id": t.ID, "code": t.Code, "counter_id": c.ID})
		return err
	})
}

// Start records that the villager has come to the counter.
func (s *QueueService) Start(ctx context.Context, counterID int) (kiosk.Ticket, error) {
	return s.update(ctx, counterID, func(tx *Tx, c kiosk.Counter, row counterRow, t kiosk.Ticket) error {
		if t.Status != kiosk.TicketCalled {
			return kiosk.Errorf(kiosk.ECONFLICT, "Đang phục vụ số này rồi", "the ticket is already being served")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?`, formatTime(tx.Now()), t.ID); err != nil {
			return err
		}
		_, err := tx.Emit("ticket.started", map[string]any{"ticket_id": t.ID, "code": t.Code, "counter_id": c.ID})
		return err
	})
}

// Finish closes the current ticket as served, then tells the counter's rating pad to ask
// the villager (kiosk.RatingService.Pending answers the same after a missed notice).
func (s *QueueService) Finish(ctx context.Context, counterID int) (kiosk.Ticket, error) {
	t, err := s.update(ctx, counterID, func(tx *Tx, c kiosk.Counter, row counterRow, t kiosk.Ticket) error {
		if err := s.finishTicket(ctx, tx, t); err != nil {
			return err
		}
		return s.setCounter(ctx, tx, c.ID, row.status, nil, row.staffID, row.ordinarySince, row.status)
	})
	if err == nil {
		c, _ := s.cfg().CounterByID(counterID)
		s.publish("rating.requested", requestOf(t, c.Name))
	}
	return t, err
}

// Transfer sends the current ticket to another service and/or counter. It waits again
// with its original place (QueuedAt) and keeps its number and code, so the villager's
// printed ticket stays right; the number stays its issuing line's (IssuedService), so
// the new line goes on issuing its own.
func (s *QueueService) Transfer(ctx context.Context, counterID int, toService string, toCounter int) (kiosk.Ticket, error) {
	if toService == "" && toCounter == 0 {
		return kiosk.Ticket{}, kiosk.Invalid("to", "Chọn dịch vụ hoặc quầy cần chuyển đến", "choose a service or counter to transfer to")
	}
	if toService != "" {
		if _, ok := s.cfg().ServiceByID(toService); !ok {
			return kiosk.Ticket{}, kiosk.Invalid("to_service", "Không có dịch vụ này", "no such service: "+toService)
		}
	}
	if toCounter != 0 {
		if toCounter == counterID {
			return kiosk.Ticket{}, kiosk.Invalid("to_counter", "Không thể chuyển sang chính quầy này", "cannot transfer to the same counter")
		}
		if _, ok := s.cfg().CounterByID(toCounter); !ok {
			return kiosk.Ticket{}, kiosk.Invalid("to_counter", fmt.Sprintf("Không có quầy số %d", toCounter), fmt.Sprintf("no counter %d", toCounter))
		}
	}
	return s.update(ctx, counterID, func(tx *Tx, c kiosk.Counter, row counterRow, t kiosk.Ticket) error {
		svc := t.ServiceID
		if toService != "" {
			svc = toService
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'waiting', service_id = ?, to_counter = ?, counter_id = 0 WHERE id = ?`, svc, toCounter, t.ID); err != nil {
			return err
		}
		if err := s.setCounter(ctx, tx, c.ID, row.status, nil, row.staffID, row.ordinarySince, row.status); err != nil {
			return err
		}
		_, err := tx.Emit("ticket.transferred", map[string]any{"ticket_id": t.ID, "code": t.Code, "from_counter": c.ID, "from_service": t.ServiceID, "to_service": svc, "to_counter": toCounter})
		return err
	})
}

// CallBack calls a no-show ticket of today again, at this counter.
func (s *QueueService) CallBack(ctx context.Context, counterID int, ticketID int64, staffID string) (kiosk.Ticket, error) {
	var res callResult
	err := s.DB.Write(ctx, func(tx *Tx) error {
		c, row, err := s.callingCounter(ctx, tx, counterID)
		if err != nil {
			return err
		}
		t, err := getTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.Status != kiosk.TicketNoShow || t.Day != kiosk.LocalDay(tx.Now()) {
			return kiosk.Errorf(kiosk.ECONFLICT, "Chỉ gọi lại được số vắng mặt trong ngày hôm nay", "only today's no-show tickets can be called back")
		}
		if err := s.finishCurrent(ctx, tx, row); err != nil {
			return err
		}
		res, err = s.call(ctx, tx, c, t, staffID, row.ordinarySince, row.status, true)
		return err
	})
	if err != nil {
		return kiosk.Ticket{}, err
	}
	s.publishCall(res)
	return res.ticket, nil
}

// setStatus moves a counter to status; pausing or closing needs no one at the counter.
func (s *QueueService) setStatus(ctx context.Context, counterID int, status kiosk.CounterStatus, staffID string) error {
	err := s.DB.Write(ctx, func(tx *Tx) error {
		_, row, err := s.loadCounter(ctx, tx, counterID)
		if err != nil {
			return err
		}
		if status != kiosk.CounterOpen && row.current.Valid {
			t, err := getTicket(ctx, tx, row.current.Int64)
			if err != nil {
				return err
			}
			if t.Status == kiosk.TicketCalled || t.Status == kiosk.TicketServing {
				return kiosk.Errorf(kiosk.ECONFLICT, "Hãy kết thúc lượt đang phục vụ ("+t.Code+") trước", "finish the current ticket first")
			}
		}
		if row.status == status {
			return kiosk.Errorf(kiosk.ECONFLICT, "Quầy đã ở trạng thái này rồi", "the counter is already "+string(status))
		}
		if staffID == "" {
			staffID = row.staffID
		}
		var cur *int64
		if row.current.Valid && status == kiosk.CounterOpen {
			cur = &row.current.Int64
		}
		return s.setCounter(ctx, tx, counterID, status, cur, staffID, row.ordinarySince, row.status)
	})
	if err == nil {
		s.publish("counter.updated", map[string]any{"counter_id": counterID, "status": status})
	}
	return err
}

// Pause stops a counter taking tickets (a break); Resume opens it again; Close ends its day.
func (s *QueueService) Pause(ctx context.Context, counterID int) error {
	return s.setStatus(ctx, counterID, kiosk.CounterPaused, "")
}

// Resume opens the counter for staffID.
func (s *QueueService) Resume(ctx context.Context, counterID int, staffID string) error {
	return s.setStatus(ctx, counterID, kiosk.CounterOpen, staffID)
}

// Close closes the counter for the day.
func (s *QueueService) Close(ctx context.Context, counterID int) error {
	return s.setStatus(ctx, counterID, kiosk.CounterClosed, "")
}

// Waiting returns today's waiting tickets a counter may call, in the order it would call
// them, followed by today's no-shows of its services (to call back).
func (s *QueueService) Waiting(ctx context.Context, counterID int) ([]kiosk.Ticket, error) {
	c, ok := s.cfg().CounterByID(counterID)
	if !ok {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, fmt.Sprintf("Không có quầy số %d", counterID), "no such counter")
	}
	day := kiosk.LocalDay(s.DB.Clock())
	all, err := queryTickets(ctx, s.DB.Reader(), `day = ? AND status IN ('waiting', 'no_show') ORDER BY queued_at, id`, day)
	if err != nil {
		return nil, err
	}
	var since int
	_ = s.DB.Reader().QueryRowContext(ctx, `SELECT ordinary_since_priority FROM counters WHERE id = ?`, counterID).Scan(&since)
	var pending, noShows []kiosk.Ticket
	for _, t := range all {
		if t.Status == kiosk.TicketNoShow {
			if serves(c, t.ServiceID) {
				noShows = append(noShows, t)
			}
			continue
		}
		pending = append(pending, t)
	}
	ordered := kiosk.CallOrder(pending, c, s.cfg().Policy, s.cfg().PriorityEvery, since, 0)
	return append(ordered, noShows...), nil
}

func serves(c kiosk.Counter, service string) bool {
	for _, s := range c.Services {
		if s == service {
			return true
		}
	}
	return false
}

// Snapshot returns the hall's public state. It holds no personal data: ticket codes,
// counters, and the name and title on each clerk's badge.
func (s *QueueService) Snapshot(ctx context.Context) (kiosk.QueueState, error) {
	r := s.DB.Reader()
	now := s.DB.Clock()
	day, midnight := kiosk.LocalDay(now), formatTime(startOfDay(now))
	st := kiosk.QueueState{Day: day, Policy: s.cfg().Policy, Priority: s.cfg().Priorities, Hours: s.cfg().HoursAt(now),
		Services: []kiosk.ServiceState{}, Counters: []kiosk.CounterState{}, Recent: []kiosk.Call{}}
	counts := map[string]int{}
	rows, err := r.QueryContext(ctx, `SELECT service_id, count(*) FROM tickets WHERE day = ? AND status = 'waiting' GROUP BY service_id`, day)
	if err != nil {
		return st, storageError(s.DB.Path, err)
	}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return st, err
		}
		counts[id] = n
	}
	rows.Close()
	for _, svc := range s.cfg().Services {
		wait, err := s.lineMinutes(ctx, r, day, svc.ID, counts[svc.ID])
		if err != nil {
			return st, err
		}
		st.Services = append(st.Services, kiosk.ServiceState{Service: svc, Waiting: counts[svc.ID], WaitMinutes: wait})
	}
	for _, c := range s.cfg().Counters {
		cs := kiosk.CounterState{Counter: c, Status: kiosk.CounterClosed}
		var status, staffID, updated string
		var cur sql.NullInt64
		err := r.QueryRowContext(ctx, `SELECT status, current_ticket, staff_id, updated_at FROM counters WHERE id = ?`, c.ID).Scan(&status, &cur, &staffID, &updated)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return st, err
		}
		// A counter not changed since before midnight is closed: see resetCounter.
		if err == nil && updated >= midnight {
			cs.Status = kiosk.CounterStatus(status)
			if cur.Valid {
				if t, err := getTicket(ctx, r, cur.Int64); err == nil && (t.Status == kiosk.TicketCalled || t.Status == kiosk.TicketServing) {
					p := t.Public()
					cs.Current = &p
				}
			}
			if staffID != "" && s.Staff != nil && cs.Status != kiosk.CounterClosed {
				if m, err := s.Staff.Get(ctx, staffID); err == nil {
					cs.Staff = m.Public()
				}
			}
		}
		st.Counters = append(st.Counters, cs)
	}
	calls, err := r.QueryContext(ctx, `SELECT c.ticket_id, t.code, c.counter_id, c.recall, c.at FROM calls c JOIN tickets t ON t.id = c.ticket_id
		WHERE t.day = ? ORDER BY c.id DESC LIMIT 10`, day)
	if err != nil {
		return st, err
	}
	defer calls.Close()
	for calls.Next() {
		var c kiosk.Call
		var at string
		if err := calls.Scan(&c.TicketID, &c.Code, &c.CounterID, &c.Recall, &at); err != nil {
			return st, err
		}
		c.At, _ = parseTime(at)
		if cc, ok := s.cfg().CounterByID(c.CounterID); ok {
			c.Counter = cc.Name
		}
		st.Recent = append(st.Recent, c)
	}
	sort.SliceStable(st.Recent, func(i, j int) bool { return st.Recent[i].At.After(st.Recent[j].At) })
	return st, calls.Err()
}
