package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// Position says where the ticket code names stands (kiosk.QueueService.Position): the
// count ahead comes from the queue's own call order (kiosk.LineAhead), over one read.
func (s *QueueService) Position(ctx context.Context, code string) (kiosk.TicketPosition, error) {
	r := s.DB.Reader()
	t, err := ticketByCode(ctx, r, s.DB, code, kiosk.Invalid("code", "Phiếu này do kiosk của nơi khác cấp, không xem được tại đây.",
		"this ticket was issued by another kiosk").WithReason(kiosk.ReasonOtherKiosk))
	if err != nil {
		return kiosk.TicketPosition{}, err
	}
	if t.Day != kiosk.LocalDay(s.DB.Now()) {
		return kiosk.TicketPosition{}, kiosk.OtherDay(t.Day)
	}
	cfg := s.cfg()
	svc, _ := cfg.ServiceByID(t.ServiceID)
	p := kiosk.TicketPosition{Code: t.Code, Day: t.Day, Service: svc.Name, Priority: t.Priority != "", State: kiosk.StateOf(t)}
	if p.Service == "" {
		p.Service = t.ServiceID // a line since removed from the configuration
	}
	switch p.State {
	case kiosk.StateCalled, kiosk.StateServing:
		c, _ := cfg.CounterByID(t.CounterID)
		p.CounterID, p.Counter = t.CounterID, c.Name
		if p.Counter == "" {
			p.Counter = "Quầy " + strconv.Itoa(t.CounterID)
		}
	case kiosk.StateWaiting:
		waiting, err := queryTickets(ctx, r, `day = ? AND service_id = ? AND status = 'waiting' ORDER BY queued_at, id`, t.Day, t.ServiceID)
		if err != nil {
			return kiosk.TicketPosition{}, err
		}
		since, err := s.lineOrdinarySince(ctx, r, t.ServiceID)
		if err != nil {
			return kiosk.TicketPosition{}, err
		}
		p.Ahead = kiosk.LineAhead(waiting, t, cfg.Policy, cfg.PriorityEvery, since)
		if p.OpenCounters, err = s.openCounters(ctx, r, t.ServiceID); err != nil {
			return kiosk.TicketPosition{}, err
		}
	}
	p.Describe()
	return p, nil
}

// lineOrdinarySince is, among the counters serving serviceID, the most ordinary calls any
// made since its last priority one (the interleave policy): the counter that has gone
// longest without a priority call is the one to make the next, so the place told follows it.
func (s *QueueService) lineOrdinarySince(ctx context.Context, q querier, serviceID string) (int, error) {
	most := 0
	for _, c := range s.cfg().Counters {
		if !slices.Contains(c.Services, serviceID) {
			continue
		}
		var n int
		err := q.QueryRowContext(ctx, `SELECT ordinary_since_priority FROM counters WHERE id = ?`, c.ID).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, err
		}
		most = max(most, n)
	}
	return most, nil
}
