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

// workingTime adds up each counter's open and paused time within the day from its log:
// each state lasts until the next change, the end of the day, or now.
func (s *StatsService) workingTime(ctx context.Context, start time.Time, counters map[int]kiosk.CounterStats) error {
	end := start.AddDate(0, 0, 1)
	if now := s.DB.Clock(); now.Before(end) {
		end = now
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT counter_id, status, at FROM counter_log WHERE at >= ? AND at < ? ORDER BY counter_id, id`,
		formatTime(start), formatTime(start.AddDate(0, 0, 1)))
	if err != nil {
		return storageError(s.DB.Path, err)
	}
	defer rows.Close()
	type state struct {
		status string
		since  time.Time
	}
	last := map[int]state{}
	credit := func(id int, st state, until time.Time) {
		c := counters[id]
		switch kiosk.CounterStatus(st.status) {
		case kiosk.CounterOpen:
			c.OpenSeconds += until.Sub(st.since).Seconds()
		case kiosk.CounterPaused:
			c.PausedSeconds += until.Sub(st.since).Seconds()
		}
		counters[id] = c
	}
	for rows.Next() {
		var id int
		var status, at string
		if err := rows.Scan(&id, &status, &at); err != nil {
			return err
		}
		t, err := parseTime(at)
		if err != nil {
			return err
		}
		if prev, ok := last[id]; ok {
			credit(id, prev, t)
		}
		last[id] = state{status, t}
	}
	for id, st := range last {
		if st.since.Before(end) {
			credit(id, st, end)
		}
	}
	return rows.Err()
}
