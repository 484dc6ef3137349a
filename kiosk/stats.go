package kiosk

import (
	"context"
	"math"
	"sort"
	"time"
)

// DayStats is one day of the hall, for the admin page and the province: how many were
// issued, served and missed, how long people waited and were served, and how each
// counter's working time was used (open, paused, closed).
type DayStats struct {
	Day      string                `json:"day"`
	Total    GroupStats            `json:"total"`
	Services map[string]GroupStats `json:"services"`
	Counters map[int]CounterStats  `json:"counters"`
	Staff    map[string]GroupStats `json:"staff"`
}

// GroupStats counts tickets and times for one service, counter or clerk. Times are seconds.
type GroupStats struct {
	Issued      int     `json:"issued"`
	Served      int     `json:"served"`
	NoShows     int     `json:"no_shows"`
	WaitMean    float64 `json:"wait_mean_s"`
	WaitP90     float64 `json:"wait_p90_s"`
	ServiceMean float64 `json:"service_mean_s"`
	ServiceP90  float64 `json:"service_p90_s"`
}

// CounterStats adds how long the counter spent in each state that day, and when. Closed
// time counts from the counter's first opening that day (a counter never opened has
// none). Every day starts with the counters closed (the daily reset): a counter left open
// overnight is open until midnight and closed after it.
type CounterStats struct {
	GroupStats
	OpenSeconds   float64         `json:"open_s"`
	PausedSeconds float64         `json:"paused_s"`
	ClosedSeconds float64         `json:"closed_s"`
	Periods       []CounterPeriod `json:"periods"`
}

// CounterPeriod is a stretch of time a counter spent in one state; To is the end of the
// day or now for the last one.
type CounterPeriod struct {
	Status  CounterStatus `json:"status"`
	StaffID string        `json:"staff_id,omitempty"`
	From    time.Time     `json:"from"`
	To      time.Time     `json:"to"`
}

// TicketStats sums tickets into GroupStats (the same counting as the reports).
type TicketStats struct{ t tally }

// Add counts one ticket.
func (s *TicketStats) Add(t Ticket) { s.t.ticket(t) }

// Stats returns the figures so far.
func (s *TicketStats) Stats() GroupStats { return s.t.group() }

// StatsService reports statistics; admins and clerks may read them.
type StatsService interface {
	Day(ctx context.Context, day string) (DayStats, error)
}

// Durations collects samples and summarises them.
type Durations []time.Duration

// Mean returns the mean in seconds (0 for none).
func (d Durations) Mean() float64 {
	if len(d) == 0 {
		return 0
	}
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return math.Round(sum.Seconds()/float64(len(d))*10) / 10
}

// P90 returns the 90th percentile in seconds by the nearest-rank method (0 for none).
func (d Durations) P90() float64 {
	if len(d) == 0 {
		return 0
	}
	s := append(Durations(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(math.Ceil(0.9*float64(len(s)))) - 1
	return math.Round(s[rank].Seconds()*10) / 10
}
