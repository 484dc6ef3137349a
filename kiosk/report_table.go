package kiosk

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ReportNote says what a report measures and what it is not, on every export.
const ReportNote = "Số liệu do kiosk tự ghi nhận tại Bộ phận Một cửa (số thứ tự, thời gian chờ và phục vụ, đánh giá trên bảng đánh giá, hồ sơ, giờ mở quầy). " +
	"Đây không phải điểm Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg."

// ReasonNames are the words for the reasons a villager taps after "Không hài lòng", by the
// rating pad's reason ids.
var ReasonNames = map[string]string{
	"attitude":             "Thái độ của cán bộ",
	"waiting_time":         "Thời gian chờ lâu",
	"too_many_visits":      "Phải đi lại nhiều lần",
	"unclear_requirements": "Yêu cầu, giấy tờ không rõ ràng",
	"other":                "Lý do khác",
}

// Title is the report's heading in words: "Báo cáo theo quầy, từng tuần, từ 01/11/2026 đến 30/11/2026".
func (r Report) Title() string {
	by := map[ReportBy]string{ByLine: "dịch vụ", ByCounter: "quầy", ByClerk: "cán bộ"}[r.By]
	per := map[ReportPeriod]string{PeriodDay: "từng ngày", PeriodWeek: "từng tuần", PeriodMonth: "từng tháng"}[r.Period]
	return fmt.Sprintf("Báo cáo theo %s, %s, từ %s đến %s", by, per, dmy(r.From), dmy(r.To))
}

func dmy(day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return d.Format("02/01/2006")
}

// BucketLabel names a period as people write it: "02/12/2026", "Tuần 30/11–06/12/2026",
// "Tháng 12/2026".
func (r Report) BucketLabel(b ReportBucket) string {
	switch r.Period {
	case PeriodWeek:
		return "Tuần " + dmy(b.From)[:5] + "–" + dmy(b.To)
	case PeriodMonth:
		return "Tháng " + dmy(b.From)[3:]
	}
	return dmy(b.From)
}

// Table is the report as rows of text under a header row, in Vietnamese: every period's
// rows, then each group over the whole range ("Cả kỳ"), then the total. Times are minutes
// and hours with one decimal, rates percentages. CSV and spreadsheet exports write it.
func (r Report) Table() (header []string, rows [][]string) {
	group := map[ReportBy]string{ByLine: "Dịch vụ", ByCounter: "Quầy", ByClerk: "Cán bộ"}[r.By]
	header = []string{"Kỳ", group, "Đã cấp số", "Đã phục vụ", "Vắng mặt", "Chờ TB (phút)", "Chờ P90 (phút)", "Phục vụ TB (phút)", "Phục vụ P90 (phút)"}
	if r.By != ByLine {
		header = append(header, "Mở quầy (giờ)", "Tạm dừng (giờ)", "Đóng quầy (giờ)")
	}
	if r.Ratings {
		header = append(header, "Lượt đánh giá", "Hài lòng (%)", "Lý do không hài lòng")
	}
	if r.Dossiers {
		header = append(header, "Hồ sơ tiếp nhận", "Đúng hạn", "Trễ hạn")
	}
	names := map[string]string{}
	for _, g := range r.Groups {
		names[g.Key] = g.Name
	}
	labels := map[string]string{}
	for _, b := range r.Buckets {
		labels[b.Key] = r.BucketLabel(b)
	}
	for _, row := range r.Rows {
		rows = append(rows, r.line(labels[row.Bucket], names[row.Group], row.ReportFigures))
	}
	for _, row := range r.Totals {
		rows = append(rows, r.line("Cả kỳ", names[row.Group], row.ReportFigures))
	}
	rows = append(rows, r.line("Cả kỳ", "Tổng cộng", r.Total))
	return header, rows
}

func (r Report) line(period, group string, f ReportFigures) []string {
	minutes := func(s float64) string { return strconv.FormatFloat(s/60, 'f', 1, 64) }
	hours := func(s float64) string { return strconv.FormatFloat(s/3600, 'f', 1, 64) }
	out := []string{period, group, strconv.Itoa(f.Issued), strconv.Itoa(f.Served), strconv.Itoa(f.NoShows),
		minutes(f.WaitMean), minutes(f.WaitP90), minutes(f.ServiceMean), minutes(f.ServiceP90)}
	if r.By != ByLine {
		out = append(out, hours(f.OpenSeconds), hours(f.PausedSeconds), hours(f.ClosedSeconds))
	}
	if r.Ratings {
		s := f.Satisfaction
		if s == nil {
			s = &Satisfaction{}
		}
		rate := ""
		if s.Count > 0 {
			rate = strconv.FormatFloat(100*s.Rate, 'f', 1, 64)
		}
		out = append(out, strconv.Itoa(s.Count), rate, reasonsText(s.Reasons))
	}
	if r.Dossiers {
		d := f.Dossiers
		if d == nil {
			d = &DossierFigures{}
		}
		out = append(out, strconv.Itoa(d.Received), strconv.Itoa(d.OnTime), strconv.Itoa(d.Late))
	}
	return out
}

// reasonsText: "Thời gian chờ: 3; Thái độ cán bộ: 1", most frequent first.
func reasonsText(m map[string]int) string {
	type kv struct {
		k string
		n int
	}
	var list []kv
	for k, n := range m {
		if name := ReasonNames[k]; name != "" {
			k = name
		}
		list = append(list, kv{k, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].k < list[j].k
	})
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = fmt.Sprintf("%s: %d", x.k, x.n)
	}
	return strings.Join(parts, "; ")
}

// ReportSection is a titled table the exports add to a report's own: below it in the CSV,
// on a sheet of its own (Sheet) in the .xlsx. Lines go between the title and the header.
type ReportSection struct {
	Sheet  string
	Title  string
	Lines  [][]string
	Header []string
	Rows   [][]string
}

// AssessmentSection is the nine indicators' averages as the exports show them, the same
// figures as the report page's: nil while the province has the assessment off.
func (r Report) AssessmentSection() *ReportSection {
	a := r.Assessment
	if a == nil {
		return nil
	}
	return &ReportSection{Sheet: AssessmentSheet, Title: "Đánh giá 9 chỉ số theo hồ sơ",
		Lines:  [][]string{{AssessmentNote}, {"Số hồ sơ được đánh giá", strconv.Itoa(a.Count)}},
		Header: AssessmentColumns, Rows: a.IndicatorRows()}
}

// AssessmentSheet names the .xlsx sheet of the nine indicators, on the kiosk's report and
// the province's.
const AssessmentSheet = "Đánh giá 9 chỉ số"

// AssessmentColumns head the rows IndicatorRows gives.
var AssessmentColumns = []string{"Chỉ số", "Cách chấm", "Thang điểm", "Điểm trung bình", "Số lượt có điểm"}

// IndicatorRows are the nine, one row each in a's order: the name, who scores it, the
// scale, the average (two decimals) and how many scored it. An indicator no assessment
// scored has no average (empty, not zero). The province's report writes the same rows per
// commune.
func (a AssessmentFigures) IndicatorRows() [][]string {
	var rows [][]string
	for _, ind := range a.Indicators {
		how := "Người dân chọn"
		if ind.Computed {
			how = "Kiosk tự tính"
		}
		avg := ""
		if a.Scored[ind.ID] > 0 {
			avg = strconv.FormatFloat(a.Averages[ind.ID], 'f', 2, 64)
		}
		rows = append(rows, []string{ind.Name, how, fmt.Sprintf("%d–%d", ind.Min, ind.Max), avg, strconv.Itoa(a.Scored[ind.ID])})
	}
	return rows
}
