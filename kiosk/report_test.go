package kiosk

import (
	"strings"
	"testing"
	"time"
)

func TestReportQueryRange(t *testing.T) {
	ok := ReportQuery{From: "2026-11-01", To: "2026-11-30", Period: PeriodWeek, By: ByCounter}
	from, to, err := ok.Range()
	if err != nil || !from.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, Zone)) || !to.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, Zone)) {
		t.Fatalf("%v %v %v", from, to, err)
	}
	for field, q := range map[string]ReportQuery{
		"from":   {From: "1/11/2026", To: "2026-11-30", Period: PeriodDay, By: ByLine},
		"to":     {From: "2026-11-30", To: "2026-11-01", Period: PeriodDay, By: ByLine},
		"period": {From: "2026-11-01", To: "2026-11-30", Period: "year", By: ByLine},
		"by":     {From: "2026-11-01", To: "2026-11-30", Period: PeriodDay, By: "commune"},
	} {
		if _, _, err := q.Range(); ErrorOf(err).Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if _, _, err := (ReportQuery{From: "2025-01-01", To: "2026-01-02", Period: PeriodDay, By: ByLine}).Range(); ErrorOf(err).Field != "to" {
		t.Errorf("367 days: %v", err)
	}
}

func TestBucketOf(t *testing.T) {
	wed := time.Date(2026, 12, 2, 15, 0, 0, 0, Zone)
	for p, want := range map[ReportPeriod]string{PeriodDay: "2026-12-02", PeriodWeek: "2026-11-30", PeriodMonth: "2026-12-01"} {
		if got := p.BucketOf(wed).Format(time.DateOnly); got != want {
			t.Errorf("%s: %s, want %s", p, got, want)
		}
	}
	if got := PeriodWeek.BucketOf(time.Date(2026, 12, 6, 0, 0, 0, 0, Zone)).Format(time.DateOnly); got != "2026-11-30" {
		t.Errorf("a Sunday belongs to the week of the Monday before: %s", got)
	}
}

// Satisfaction and dossiers, counted by hand: three ratings on the three-level scale at
// counter 1 (two satisfied), one on the five-level scale at counter 2 (Bình thường: not
// satisfied); dossiers finished on time, late, and one still open past its date.
func TestReportRatingsAndDossiers(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, Zone)
	due := time.Date(2026, 12, 5, 17, 0, 0, 0, Zone)
	in := ReportInput{
		HasRatings: true, HasDossiers: true, Now: now,
		Names: map[string]string{"1": "Quầy 1", "2": "Quầy 2"}, Order: []string{"1", "2"},
		Ratings: []RatingFact{
			{Day: "2026-12-01", CounterID: 1, Score: 3, Scale: 3},
			{Day: "2026-12-01", CounterID: 1, Score: 2, Scale: 3},
			{Day: "2026-12-02", CounterID: 1, Score: 1, Scale: 3, Reasons: []string{"waiting_time", "attitude"}},
			{Day: "2026-12-02", CounterID: 2, Score: 3, Scale: 5, Reasons: []string{"waiting_time"}},
		},
		Dossiers: []DossierFact{
			{Day: "2026-12-01", CounterID: 1, Due: due, Finished: due.Add(-time.Hour)},
			{Day: "2026-12-01", CounterID: 1, Due: due, Finished: due.Add(time.Hour)},
			{Day: "2026-12-02", CounterID: 2, Due: due},
			{Day: "2026-12-02", CounterID: 2, Due: now.Add(time.Hour)},
		},
	}
	r := BuildReport(ReportQuery{From: "2026-12-01", To: "2026-12-02", Period: PeriodMonth, By: ByCounter}, in)
	s := r.Total.Satisfaction
	if s == nil || s.Count != 4 || s.Satisfied != 2 || s.Rate != 0.5 || s.Reasons["waiting_time"] != 2 || s.Reasons["attitude"] != 1 {
		t.Fatalf("total satisfaction %+v", s)
	}
	c1 := r.Totals[0]
	if c1.Group != "1" || c1.Satisfaction.Count != 3 || c1.Satisfaction.Satisfied != 2 || c1.Dossiers.Received != 2 || c1.Dossiers.OnTime != 1 || c1.Dossiers.Late != 1 {
		t.Errorf("counter 1 %+v %+v", c1.Satisfaction, c1.Dossiers)
	}
	c2 := r.Totals[1]
	if c2.Satisfaction.Rate != 0 || c2.Dossiers.Received != 2 || c2.Dossiers.OnTime != 0 || c2.Dossiers.Late != 1 {
		t.Errorf("counter 2 %+v %+v", c2.Satisfaction, c2.Dossiers)
	}
	header, rows := r.Table()
	if !strings.Contains(strings.Join(header, "|"), "Hài lòng (%)|Lý do không hài lòng|Hồ sơ tiếp nhận|Đúng hạn|Trễ hạn") {
		t.Errorf("header %q", header)
	}
	last := rows[len(rows)-1]
	if last[1] != "Tổng cộng" || !strings.Contains(strings.Join(last, "|"), "|4|50.0|Thời gian chờ lâu: 2; Thái độ của cán bộ: 1|4|1|2") {
		t.Errorf("total row %q", last)
	}
	if got := r.BucketLabel(r.Buckets[0]); got != "Tháng 12/2026" {
		t.Errorf("label %q", got)
	}
	if w := (Report{ReportQuery: ReportQuery{Period: PeriodWeek}}).BucketLabel(ReportBucket{From: "2026-11-30", To: "2026-12-06"}); w != "Tuần 30/11–06/12/2026" {
		t.Errorf("week label %q", w)
	}
}
