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

type samples struct {
	g             kiosk.GroupStats
	wait, service kiosk.Durations
}

func (s *samples) add(t kiosk.Ticket) {
	s.g.Issued++
	if !t.CalledAt.IsZero() {
		s.wait = append(s.wait, t.CalledAt.Sub(t.IssuedAt))
	}
	switch t.Status {
	case kiosk.TicketDone:
		s.g.Served++
		if !t.StartedAt.IsZero() && !t.FinishedAt.IsZero() {
			s.service = append(s.service, t.FinishedAt.Sub(t.StartedAt))
		}
	case kiosk.TicketNoShow:
		s.g.NoShows++
	}
}

func (s *samples) stats() kiosk.GroupStats {
	g := s.g
	g.WaitMean, g.WaitP90 = s.wait.Mean(), s.wait.P90()
	g.ServiceMean, g.ServiceP90 = s.service.Mean(), s.service.P90()
	return g
}

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
	var total samples
	services, counters, staff := map[string]*samples{}, map[int]*samples{}, map[string]*samples{}
	get := func(m map[string]*samples, k string) *samples {
		if m[k] == nil {
			m[k] = &samples{}
		}
		return m[k]
	}
	for _, t := range tickets {
		total.add(t)
		get(services, t.ServiceID).add(t)
		if t.CounterID != 0 {
			if counters[t.CounterID] == nil {
				counters[t.CounterID] = &samples{}
			}
			counters[t.CounterID].add(t)
		}
		if t.StaffID != "" {
			get(staff, t.StaffID).add(t)
		}
	}
	out := kiosk.DayStats{Day: day, Total: total.stats(), Services: map[string]kiosk.GroupStats{}, Counters: map[int]kiosk.CounterStats{}, Staff: map[string]kiosk.GroupStats{}}
	for k, v := range services {
		out.Services[k] = v.stats()
	}
	for k, v := range staff {
		out.Staff[k] = v.stats()
	}
	for k, v := range counters {
		out.Counters[k] = kiosk.CounterStats{GroupStats: v.stats()}
	}
	if err := s.workingTime(ctx, start, out.Counters); err != nil {
		return out, err
	}
	return out, nil
}

// workingTime adds up each counter's open, paused and closed time within the day from its
// log: each state lasts until the next change, the end of the day, or now. Every day
// starts with the counters closed (the daily reset, see QueueService.resetCounter), so
// nothing carries over from the day before.
func (s *StatsService) workingTime(ctx context.Context, start time.Time, counters map[int]kiosk.CounterStats) error {
	end := start.AddDate(0, 0, 1)
	if now := s.DB.Clock(); now.Before(end) {
		end = now
	}
	type entry struct {
		id            int
		status, staff string
		at            time.Time
	}
	var entries []entry
	scan := func(q string, args ...any) error {
		rows, err := s.DB.Reader().QueryContext(ctx, q, args...)
		if err != nil {
			return storageError(s.DB.Path, err)
		}
		defer rows.Close()
		for rows.Next() {
			var e entry
			var at string
			if err := rows.Scan(&e.id, &e.status, &e.staff, &at); err != nil {
				return err
			}
			if e.at, err = parseTime(at); err != nil {
				return err
			}
			entries = append(entries, e)
		}
		return rows.Err()
	}
	if err := scan(`SELECT counter_id, status, staff_id, at FROM counter_log WHERE at >= ? AND at < ? ORDER BY counter_id, id`,
		formatTime(start), formatTime(start.AddDate(0, 0, 1))); err != nil {
		return err
	}
	opened := map[int]bool{} // closed time counts only after the counter's first opening
	credit := func(e entry, until time.Time) {
		if !until.After(e.at) {
			return
		}
		if kiosk.CounterStatus(e.status) == kiosk.CounterClosed && !opened[e.id] {
			return
		}
		opened[e.id] = true
		c := counters[e.id]
		d := until.Sub(e.at).Seconds()
		switch kiosk.CounterStatus(e.status) {
		case kiosk.CounterOpen:
			c.OpenSeconds += d
		case kiosk.CounterPaused:
			c.PausedSeconds += d
		case kiosk.CounterClosed:
			c.ClosedSeconds += d
		}
		c.Periods = append(c.Periods, kiosk.CounterPeriod{Status: kiosk.CounterStatus(e.status), StaffID: e.staff, From: e.at, To: until})
		counters[e.id] = c
	}
	for i, e := range entries {
		if e.at.After(end) {
			continue
		}
		until := end
		if i+1 < len(entries) && entries[i+1].id == e.id && entries[i+1].at.Before(end) {
			until = entries[i+1].at
		}
		credit(e, until)
	}
	return nil
}
