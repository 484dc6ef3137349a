package sqlite

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// syntheticMonth is November 2026 at a commune desk, made from a fixed seed: every weekday
// (21 of them) 60 tickets over the four default lines, three counters, four clerks —
// canbo1 at counter 1, canbo2 at counter 2, canbo3 at counter 3 in the mornings and canbo4
// there in the afternoons. Each counter opens at 07:30, pauses at 11:30, opens again at
// 13:30 and closes at 17:00. plan is what was written, for the test to count by hand.
type plannedTicket struct {
	day, line, staff string
	counter          int
	noShow           bool
	wait, service    time.Duration
	issued           time.Time
}

func syntheticMonth(t testing.TB) (*ReportService, []plannedTicket) {
	t.Helper()
	q, _ := newQueue(t)
	db := q.DB
	db.Clock = func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, kiosk.Zone) }
	auth := q.Staff
	if err := auth.PutStaff(context.Background(), kiosk.Staff{ID: "canbo4", Name: "Lò Thị Mai", Role: kiosk.RoleClerk, Counter: 3}, "4444"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	cfg := kiosk.DefaultQueueConfig()
	servedBy := map[string][]int{}
	for _, c := range cfg.Counters {
		for _, s := range c.Services {
			servedBy[s] = append(servedBy[s], c.ID)
		}
	}
	at := func(d time.Time, h, m int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, kiosk.Zone)
	}
	var plan []plannedTicket
	err := db.Write(context.Background(), func(tx *Tx) error {
		for d := time.Date(2026, 11, 1, 0, 0, 0, 0, kiosk.Zone); d.Month() == time.November; d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				continue
			}
			day := kiosk.LocalDay(d)
			for c := 1; c <= 3; c++ {
				morning, afternoon := fmt.Sprintf("canbo%d", c), fmt.Sprintf("canbo%d", c)
				if c == 3 {
					afternoon = "canbo4"
				}
				for _, e := range []struct {
					status, staff string
					at            time.Time
				}{{"open", morning, at(d, 7, 30)}, {"paused", morning, at(d, 11, 30)}, {"open", afternoon, at(d, 13, 30)}, {"closed", afternoon, at(d, 17, 0)}} {
					if _, err := tx.ExecContext(tx.ctx, `INSERT INTO counter_log(counter_id, status, staff_id, at) VALUES (?, ?, ?, ?)`, c, e.status, e.staff, formatTime(e.at)); err != nil {
						return err
					}
				}
			}
			numbers := map[string]int{}
			for i := 0; i < 60; i++ {
				line := cfg.Services[rng.IntN(len(cfg.Services))]
				counters := servedBy[line.ID]
				p := plannedTicket{day: day, line: line.ID, counter: counters[rng.IntN(len(counters))], noShow: rng.IntN(10) == 0,
					wait: time.Duration(2+rng.IntN(29)) * time.Minute, service: time.Duration(180+rng.IntN(721)) * time.Second}
				// Issued in the morning (07:30–10:59) or the afternoon (13:30–15:59) session.
				if rng.IntN(2) == 0 {
					p.issued = at(d, 7, 30).Add(time.Duration(rng.IntN(210)) * time.Minute)
				} else {
					p.issued = at(d, 13, 30).Add(time.Duration(rng.IntN(150)) * time.Minute)
				}
				called := p.issued.Add(p.wait)
				p.staff = fmt.Sprintf("canbo%d", p.counter)
				if p.counter == 3 && called.Hour() >= 12 {
					p.staff = "canbo4"
				}
				numbers[line.ID]++
				n := numbers[line.ID]
				status, started, finished := "done", formatTime(called), formatTime(called.Add(p.service))
				if p.noShow {
					status, started, finished = "no_show", "", ""
				}
				if _, err := tx.ExecContext(tx.ctx, `INSERT INTO tickets(day, service_id, issued_service, number, code, status, issued_at, queued_at,
					counter_id, staff_id, called_at, started_at, finished_at, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
					day, line.ID, line.ID, n, kiosk.TicketCode(line.Prefix, n), status, formatTime(p.issued), formatTime(p.issued),
					p.counter, p.staff, formatTime(called), started, finished); err != nil {
					return err
				}
				plan = append(plan, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &ReportService{DB: db, Queue: q, Staff: auth}, plan
}

// handFigures counts the plan the simplest way: sums, a mean, and the 90th percentile by
// nearest rank (the ⌈0.9·n⌉-th smallest), each time to a tenth of a second.
func handFigures(plan []plannedTicket, keep func(plannedTicket) bool) kiosk.ReportFigures {
	var f kiosk.ReportFigures
	var waits, services []float64
	for _, p := range plan {
		if !keep(p) {
			continue
		}
		f.Issued++
		waits = append(waits, p.wait.Seconds())
		if p.noShow {
			f.NoShows++
		} else {
			f.Served++
			services = append(services, p.service.Seconds())
		}
	}
	mean := func(xs []float64) float64 {
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		return math.Round(sum/float64(len(xs))*10) / 10
	}
	p90 := func(xs []float64) float64 {
		s := append([]float64(nil), xs...)
		sort.Float64s(s)
		return s[int(math.Ceil(0.9*float64(len(s))))-1]
	}
	f.WaitMean, f.WaitP90, f.ServiceMean, f.ServiceP90 = mean(waits), p90(waits), mean(services), p90(services)
	return f
}

func sameTicketFigures(t *testing.T, what string, got, want kiosk.ReportFigures) {
	t.Helper()
	if got.Issued != want.Issued || got.Served != want.Served || got.NoShows != want.NoShows ||
		got.WaitMean != want.WaitMean || got.WaitP90 != want.WaitP90 || got.ServiceMean != want.ServiceMean || got.ServiceP90 != want.ServiceP90 {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// The month's reports per line, counter and clerk, by day, week and month, match the
// figures counted by hand from what was written.
func TestReportSyntheticMonth(t *testing.T) {
	s, plan := syntheticMonth(t)
	ctx := context.Background()
	month := kiosk.ReportQuery{From: "2026-11-01", To: "2026-11-30", Period: kiosk.PeriodMonth, By: kiosk.ByCounter}

	r, err := s.Report(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	// 21 weekdays × 60 tickets.
	if r.Total.Issued != 1260 || len(plan) != 1260 {
		t.Fatalf("issued %d (plan %d), want 1260", r.Total.Issued, len(plan))
	}
	sameTicketFigures(t, "month total", r.Total, handFigures(plan, func(plannedTicket) bool { return true }))
	// Each counter each weekday: open 07:30–11:30 and 13:30–17:00 (7.5 h), paused 11:30–13:30
	// (2 h), closed 17:00–24:00 (7 h); 21 days: 157.5 h, 42 h and 147 h.
	for _, row := range r.Totals {
		if row.OpenSeconds != 157.5*3600 || row.PausedSeconds != 42*3600 || row.ClosedSeconds != 147*3600 {
			t.Errorf("counter %s: open %.1f h, paused %.1f h, closed %.1f h", row.Group, row.OpenSeconds/3600, row.PausedSeconds/3600, row.ClosedSeconds/3600)
		}
		c := 0
		fmt.Sscan(row.Group, &c)
		sameTicketFigures(t, "counter "+row.Group, row.ReportFigures, handFigures(plan, func(p plannedTicket) bool { return p.counter == c }))
	}
	if names := []string{r.Groups[0].Name, r.Groups[1].Name, r.Groups[2].Name}; fmt.Sprint(names) != "[Quầy 1 Quầy 2 Quầy 3]" || len(r.Groups) != 3 {
		t.Errorf("groups %+v", r.Groups)
	}
	if r.Total.OpenSeconds != 3*157.5*3600 {
		t.Errorf("total open %.1f h", r.Total.OpenSeconds/3600)
	}
	if r.Ratings || r.Dossiers || r.Total.Satisfaction != nil || r.Total.Dossiers != nil {
		t.Errorf("figures claimed without a rating pad or dossier register: %+v", r.Total)
	}

	// Per clerk by week: canbo3 holds counter 3 mornings (4 h open, 2 h paused a day),
	// canbo4 afternoons (3.5 h open, then 7 h closed after 17:00).
	week := month
	week.Period, week.By = kiosk.PeriodWeek, kiosk.ByClerk
	r, err = s.Report(ctx, week)
	if err != nil {
		t.Fatal(err)
	}
	wantBuckets := "[2026-11-01…2026-11-01 2026-11-02…2026-11-08 2026-11-09…2026-11-15 2026-11-16…2026-11-22 2026-11-23…2026-11-29 2026-11-30…2026-11-30]"
	var buckets []string
	for _, b := range r.Buckets {
		buckets = append(buckets, b.From+"…"+b.To)
	}
	if fmt.Sprint(buckets) != wantBuckets {
		t.Errorf("weeks %v", buckets)
	}
	for _, row := range r.Rows {
		days := 5
		if row.Bucket == "2026-11-30" {
			days = 1
		}
		in := func(p plannedTicket) bool {
			d, _ := time.ParseInLocation(time.DateOnly, p.day, kiosk.Zone)
			return p.staff == row.Group && kiosk.PeriodWeek.BucketOf(d).Format(time.DateOnly) == row.Bucket
		}
		sameTicketFigures(t, "clerk "+row.Group+" week "+row.Bucket, row.ReportFigures, handFigures(plan, in))
		open, paused, closed := map[string][3]float64{"canbo3": {4, 2, 0}, "canbo4": {3.5, 0, 7}}[row.Group], 0.0, 0.0
		if row.Group == "canbo1" || row.Group == "canbo2" {
			open = [3]float64{7.5, 2, 7}
		}
		paused, closed = open[1], open[2]
		if row.OpenSeconds != open[0]*3600*float64(days) || row.PausedSeconds != paused*3600*float64(days) || row.ClosedSeconds != closed*3600*float64(days) {
			t.Errorf("clerk %s week %s: open %.1f h paused %.1f h closed %.1f h", row.Group, row.Bucket, row.OpenSeconds/3600, row.PausedSeconds/3600, row.ClosedSeconds/3600)
		}
	}
	for _, g := range r.Groups {
		if g.Key == "canbo4" && g.Name != "Lò Thị Mai" {
			t.Errorf("clerk named %q", g.Name)
		}
	}

	// Per line by day: one row per line and weekday, named by the line's name.
	day := month
	day.Period, day.By = kiosk.PeriodDay, kiosk.ByLine
	r, err = s.Report(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Buckets) != 30 || len(r.Rows) != 21*4 || r.Groups[0].Name != "Hộ tịch – Chứng thực" {
		t.Fatalf("%d buckets, %d rows, first group %+v", len(r.Buckets), len(r.Rows), r.Groups[0])
	}
	for _, row := range r.Rows {
		sameTicketFigures(t, "line "+row.Group+" "+row.Bucket, row.ReportFigures,
			handFigures(plan, func(p plannedTicket) bool { return p.line == row.Group && p.day == row.Bucket }))
		if row.OpenSeconds != 0 {
			t.Errorf("counter time on a line's row: %+v", row)
		}
	}
}

// Reports over the synthetic month must answer in at most 200 ms on the kiosk PC.
func BenchmarkReportMonth(b *testing.B) {
	s, _ := syntheticMonth(b)
	ctx := context.Background()
	for _, q := range []kiosk.ReportQuery{
		{From: "2026-11-01", To: "2026-11-30", Period: kiosk.PeriodDay, By: kiosk.ByLine},
		{From: "2026-11-01", To: "2026-11-30", Period: kiosk.PeriodWeek, By: kiosk.ByCounter},
		{From: "2026-11-01", To: "2026-11-30", Period: kiosk.PeriodMonth, By: kiosk.ByClerk},
	} {
		b.Run(string(q.Period)+"-"+string(q.By), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Report(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
