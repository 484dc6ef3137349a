package sqlite

import (
	"context"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// StatsService computes a day's statistics from the tickets and the counters' log.
type StatsService struct {
	DB *DB
}

var _ kiosk.StatsService = (*StatsService)(nil)

// Day returns the statistics of a local day ("2006-01-02").
func (s *StatsService) Day(ctx context.Context, day string) (kiosk.DayStats, error) {
	start, err := time.ParseInLocation(time.DateOnly, day, kiosk.Zone)
	if err != nil {
		return kiosk.DayStats{}, kiosk.Invalid("day", "Ngày phải có dạng YYYY-MM-DD", "day must be YYYY-MM-DD")
	}
	tickets, err := queryTickets(ctx, s.DB.Reader(), `day = ?`, day)
	if err != nil {
		return kiosk.DayStats{}, storageError(s.DB.Path, err)
	}
	var total kiosk.TicketStats
	services, counters, staff := map[string]*kiosk.TicketStats{}, map[int]*kiosk.TicketStats{}, map[string]*kiosk.TicketStats{}
	get := func(m map[string]*kiosk.TicketStats, k string) *kiosk.TicketStats {
		if m[k] == nil {
			m[k] = &kiosk.TicketStats{}
		}
		return m[k]
	}
	for _, t := range tickets {
		total.Add(t)
		get(services, t.ServiceID).Add(t)
		if t.CounterID != 0 {
			if counters[t.CounterID] == nil {
				counters[t.CounterID] = &kiosk.TicketStats{}
			}
			counters[t.CounterID].Add(t)
		}
		if t.StaffID != "" {
			get(staff, t.StaffID).Add(t)
		}
	}
	out := kiosk.DayStats{Day: day, Total: total.Stats(), Services: map[string]kiosk.GroupStats{}, Counters: map[int]kiosk.CounterStats{}, Staff: map[string]kiosk.GroupStats{}}
	for k, v := range services {
		out.Services[k] = v.Stats()
	}
	for k, v := range staff {
		out.Staff[k] = v.Stats()
	}
	for k, v := range counters {
		out.Counters[k] = kiosk.CounterStats{GroupStats: v.Stats()}
	}
	if err := s.workingTime(ctx, start, out.Counters); err != nil {
		return out, err
	}
	return out, nil
}

// workingTime adds up each counter's open, paused and closed time within the day.
func (s *StatsService) workingTime(ctx context.Context, start time.Time, counters map[int]kiosk.CounterStats) error {
	spans, err := counterSpans(ctx, s.DB, start, start.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	for _, sp := range spans {
		c := counters[sp.CounterID]
		d := sp.To.Sub(sp.From).Seconds()
		switch sp.Status {
		case kiosk.CounterOpen:
			c.OpenSeconds += d
		case kiosk.CounterPaused:
			c.PausedSeconds += d
		case kiosk.CounterClosed:
			c.ClosedSeconds += d
		}
		c.Periods = append(c.Periods, sp.CounterPeriod)
		counters[sp.CounterID] = c
	}
	return nil
}

// counterSpans reads the counters' log for the local days in [from, to) and returns the
// stretches each counter spent in each state, day by day: each state lasts until the next
// change, the end of its day, or now. Every day starts with the counters closed (the daily
// reset, see QueueService.resetCounter), so nothing carries over from the day before, and
// closed time counts only from a counter's first opening that day.
func counterSpans(ctx context.Context, db *DB, from, to time.Time) ([]kiosk.CounterSpan, error) {
	now := db.Clock()
	rows, err := db.Reader().QueryContext(ctx, `SELECT counter_id, status, staff_id, at FROM counter_log WHERE at >= ? AND at < ? ORDER BY counter_id, id`,
		formatTime(from), formatTime(to))
	if err != nil {
		return nil, storageError(db.Path, err)
	}
	defer rows.Close()
	type entry struct {
		id            int
		status, staff string
		at            time.Time
		day           string
	}
	var entries []entry
	for rows.Next() {
		var e entry
		var at string
		if err := rows.Scan(&e.id, &e.status, &e.staff, &at); err != nil {
			return nil, err
		}
		if e.at, err = parseTime(at); err != nil {
			return nil, err
		}
		e.day = kiosk.LocalDay(e.at)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type counterDay struct {
		id  int
		day string
	}
	opened := map[counterDay]bool{}
	var out []kiosk.CounterSpan
	for i, e := range entries {
		end := startOfDay(e.at).AddDate(0, 0, 1)
		if now.Before(end) {
			end = now
		}
		if e.at.After(end) {
			continue
		}
		until := end
		if n := i + 1; n < len(entries) && entries[n].id == e.id && entries[n].day == e.day && entries[n].at.Before(end) {
			until = entries[n].at
		}
		k := counterDay{e.id, e.day}
		if !until.After(e.at) || (kiosk.CounterStatus(e.status) == kiosk.CounterClosed && !opened[k]) {
			continue
		}
		opened[k] = true
		out = append(out, kiosk.CounterSpan{CounterID: e.id,
			CounterPeriod: kiosk.CounterPeriod{Status: kiosk.CounterStatus(e.status), StaffID: e.staff, From: e.at, To: until}})
	}
	return out, nil
}
