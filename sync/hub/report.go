package hub

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/xuri/excelize/v2"
)

// The province report: per commune over a span of local days, the tickets issued and
// called and how long villagers waited for the call, the ratings and how many were
// satisfied, the dossiers received and whether they were finished on time or late. On the
// page, and as CSV and .xlsx for the province's own spreadsheets.

// CommuneReport is one commune's row of the report.
type CommuneReport struct {
	Commune       string  `json:"commune"`
	Tickets       int     `json:"tickets"`
	Called        int     `json:"called"`
	NoShow        int     `json:"no_show"`
	AvgWaitMin    float64 `json:"avg_wait_min"` // issue to first call, of called tickets
	MaxWaitMin    float64 `json:"max_wait_min"`
	Ratings       int     `json:"ratings"`
	Satisfied     int     `json:"satisfied"`
	Dossiers      int     `json:"dossiers"`       // received in the span
	Finished      int     `json:"finished"`       // result ready or returned
	OnTime        int     `json:"on_time"`        // finished by the appointment
	Late          int     `json:"late"`           // finished after it
	Overdue       int     `json:"overdue"`        // not finished, the appointment passed
	Cancelled     int     `json:"cancelled"`      // refused, withdrawn or stopped
	SatisfiedRate float64 `json:"satisfied_rate"` // Satisfied/Ratings
}

// ReportQuery is the span of local days, inclusive ("2006-01-02").
type ReportQuery struct{ From, To string }

// reportQueryOf reads the span from a query, by default the month so far.
func reportQueryOf(r *http.Request, now time.Time) (ReportQuery, error) {
	today := now.In(zoneICT)
	q := ReportQuery{From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	if q.From == "" {
		q.From = today.Format("2006-01") + "-01"
	}
	if q.To == "" {
		q.To = today.Format(time.DateOnly)
	}
	f, err1 := time.Parse(time.DateOnly, q.From)
	t, err2 := time.Parse(time.DateOnly, q.To)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > 366*24*time.Hour {
		return q, fmt.Errorf("from and to are days YYYY-MM-DD, from ≤ to, at most a year apart")
	}
	return q, nil
}

// ReportView is the report page.
type ReportView struct {
	Query ReportQuery
	Rows  []CommuneReport
	Total CommuneReport
	// Assessment is the nine indicators per commune (assessmentSection), nil when no
	// commune in view has an assessment in the span.
	Assessment *kiosk.ReportSection
	Error      string
}

// totalOf sums the rows (the average wait weighted by called tickets).
func totalOf(rows []CommuneReport) CommuneReport {
	t := CommuneReport{Commune: "Tổng"}
	var wait float64
	for _, r := range rows {
		t.Tickets += r.Tickets
		t.Called += r.Called
		t.NoShow += r.NoShow
		wait += r.AvgWaitMin * float64(r.Called)
		t.MaxWaitMin = max(t.MaxWaitMin, r.MaxWaitMin)
		t.Ratings += r.Ratings
		t.Satisfied += r.Satisfied
		t.Dossiers += r.Dossiers
		t.Finished += r.Finished
		t.OnTime += r.OnTime
		t.Late += r.Late
		t.Overdue += r.Overdue
		t.Cancelled += r.Cancelled
	}
	if t.Called > 0 {
		t.AvgWaitMin = round1(wait / float64(t.Called))
	}
	if t.Ratings > 0 {
		t.SatisfiedRate = float64(t.Satisfied) / float64(t.Ratings)
	}
	return t
}

func (s *Server) loadReport(r *http.Request) (ReportView, int) {
	q, err := reportQueryOf(r, s.now())
	v := ReportView{Query: q}
	if err != nil {
		v.Error = "Khoảng ngày không hợp lệ: " + err.Error()
		return v, http.StatusBadRequest
	}
	rows, err := s.Store.CommuneReports(r.Context(), q, s.now())
	if err != nil {
		v.Error = err.Error()
		return v, http.StatusInternalServerError
	}
	communes, err := s.communesOf(r.Context(), userOf(r))
	if err != nil {
		v.Error = err.Error()
		return v, http.StatusInternalServerError
	}
	for _, row := range rows {
		if communes == nil || communes[row.Commune] {
			if row.Ratings > 0 {
				row.SatisfiedRate = float64(row.Satisfied) / float64(row.Ratings)
			}
			v.Rows = append(v.Rows, row)
		}
	}
	slices.SortFunc(v.Rows, func(a, b CommuneReport) int { return cmpString(a.Commune, b.Commune) })
	v.Total = totalOf(v.Rows)
	assessed, err := s.Store.AssessmentSummaries(r.Context(), AssessmentQuery{From: q.From, To: q.To})
	if err != nil {
		v.Error = err.Error()
		return v, http.StatusInternalServerError
	}
	if communes != nil {
		assessed = slices.DeleteFunc(assessed, func(a AssessmentSummary) bool { return !communes[a.Commune] })
	}
	v.Assessment = assessmentSection(q, assessed)
	return v, http.StatusOK
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	v, status := s.loadReport(r)
	if status == http.StatusInternalServerError {
		s.internal(w, r, fmt.Errorf("report: %s", v.Error))
		return
	}
	s.render(w, r, status, "reports", "Báo cáo", v)
}

// reportColumns are the export's header, Vietnamese, in the order of reportCells.
var reportColumns = []string{"Xã/phường", "Vé đã cấp", "Vé đã gọi", "Vắng mặt", "Chờ trung bình (phút)", "Chờ lâu nhất (phút)",
	"Lượt đánh giá", "Hài lòng", "Tỉ lệ hài lòng", "Hồ sơ tiếp nhận", "Đã giải quyết", "Đúng hẹn", "Trễ hẹn", "Quá hạn chưa xong", "Không tiếp nhận/rút/dừng"}

func reportCells(r CommuneReport) []any {
	return []any{r.Commune, r.Tickets, r.Called, r.NoShow, r.AvgWaitMin, r.MaxWaitMin, r.Ratings, r.Satisfied,
		round1(100*r.SatisfiedRate) / 100, r.Dossiers, r.Finished, r.OnTime, r.Late, r.Overdue, r.Cancelled}
}

// reportExport sends the report as CSV (UTF-8 with a byte-order mark, so a spreadsheet
// reads the Vietnamese right) or .xlsx.
func (s *Server) reportExport(w http.ResponseWriter, r *http.Request) {
	v, status := s.loadReport(r)
	if status != http.StatusOK {
		s.renderError(w, r, status, v.Error, v.Error)
		return
	}
	name := fmt.Sprintf("bao-cao-%s-%s", v.Query.From, v.Query.To)
	s.audit(r, userOf(r), "report.export", r.URL.Query().Get("format"), v.Query.From+" "+v.Query.To)
	rows := append(slices.Clone(v.Rows), v.Total)
	switch r.URL.Query().Get("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		c := kiosk.NewSpreadsheetCSV(w)
		_ = c.Write(slices.Clone(reportColumns))
		for _, row := range rows {
			cells := reportCells(row)
			rec := make([]string, len(cells))
			for i, x := range cells {
				switch x := x.(type) {
				case float64:
					rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
				default:
					rec[i] = fmt.Sprint(x)
				}
			}
			_ = c.Write(rec)
		}
		if sec := v.Assessment; sec != nil {
			// Below the table after an empty line, every line as wide as the table's (as
			// the kiosk's report), so a reader wanting equal lines reads it too.
			recs := append([][]string{{}, {sec.Title}}, sec.Lines...)
			recs = append(recs, sec.Header)
			for _, rec := range append(recs, sec.Rows...) {
				_ = c.Write(append(slices.Clone(rec), make([]string, max(0, len(reportColumns)-len(rec)))...))
			}
		}
		_ = c.Flush()
	case "xlsx":
		f, err := reportWorkbook(v, rows)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		_ = f.Write(w)
	default:
		s.renderError(w, r, http.StatusBadRequest, "Định dạng là csv hoặc xlsx.", "format is csv or xlsx")
	}
}

// reportWorkbook lays the report out on one sheet: a title row, the header, a row per
// commune and the total; and the nine indicators on a sheet of their own when assessed.
func reportWorkbook(v ReportView, rows []CommuneReport) (*excelize.File, error) {
	f := excelize.NewFile()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Báo cáo một cửa theo xã/phường, từ %s đến %s", v.Query.From, v.Query.To)
	if err := f.SetCellValue(sheet, "A1", title); err != nil {
		return nil, err
	}
	header := make([]any, len(reportColumns))
	for i, c := range reportColumns {
		header[i] = c
	}
	if err := f.SetSheetRow(sheet, "A3", &header); err != nil {
		return nil, err
	}
	for i, row := range rows {
		cells := reportCells(row)
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", 4+i), &cells); err != nil {
			return nil, err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(reportColumns), 3)
	_ = f.SetCellStyle(sheet, "A3", last, bold)
	totalRow := 3 + len(rows)
	lastTotal, _ := excelize.CoordinatesToCellName(len(reportColumns), totalRow)
	_ = f.SetCellStyle(sheet, fmt.Sprintf("A%d", totalRow), lastTotal, bold)
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return nil, err
	}
	_ = f.SetCellStyle(sheet, "I4", fmt.Sprintf("I%d", totalRow), pct)
	_ = f.SetColWidth(sheet, "A", "A", 28)
	_ = f.SetColWidth(sheet, "B", "O", 14)
	if v.Assessment != nil {
		if err := writeAssessmentSheet(f, v.Assessment); err != nil {
			return nil, err
		}
	}
	return f, nil
}
