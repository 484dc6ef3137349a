package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
	"github.com/xuri/excelize/v2"
)

// routeReports answers the reports (clerks and admins): JSON for the admin page's charts
// and tables, CSV and .xlsx to download. Each takes ?from=&to= (local days) &period=
// (day, week, month) &by= (line, counter, clerk).
func (s *Server) routeReports(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/admin/reports", s.reportHandler(func(w http.ResponseWriter, r kiosk.Report) error {
		writeJSON(w, http.StatusOK, r)
		return nil
	}))
	mux.HandleFunc("GET /api/v1/admin/reports.csv", s.reportHandler(writeReportCSV))
	mux.HandleFunc("GET /api/v1/admin/reports.xlsx", s.reportHandler(writeReportXLSX))
}

func (s *Server) reportHandler(write func(http.ResponseWriter, kiosk.Report) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.Authorize(r, string(kiosk.RoleClerk)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.Reports == nil {
			s.writeError(w, r, errNoService)
			return
		}
		p := r.URL.Query()
		q := kiosk.ReportQuery{From: p.Get("from"), To: p.Get("to"), Period: kiosk.ReportPeriod(p.Get("period")), By: kiosk.ReportBy(p.Get("by"))}
		rep, err := s.Reports.Report(r.Context(), q)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := write(w, rep); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// reportFileName: "bao-cao-quay-tuan-2026-11-01-2026-11-30".
func reportFileName(r kiosk.Report) string {
	by := map[kiosk.ReportBy]string{kiosk.ByLine: "dich-vu", kiosk.ByCounter: "quay", kiosk.ByClerk: "can-bo"}[r.By]
	per := map[kiosk.ReportPeriod]string{kiosk.PeriodDay: "ngay", kiosk.PeriodWeek: "tuan", kiosk.PeriodMonth: "thang"}[r.Period]
	return fmt.Sprintf("bao-cao-%s-%s-%s-%s", by, per, r.From, r.To)
}

// writeReportCSV writes the report's table as UTF-8 CSV with a byte-order mark, which
// Excel needs to read Vietnamese letters correctly.
func writeReportCSV(w http.ResponseWriter, r kiosk.Report) error {
	header, rows := r.Table()
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	_ = cw.Write(header)
	_ = cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(r)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// writeReportXLSX writes one sheet: the title, what the figures measure (and that they are
// not the Decision 766 score), then the table with numbers as numbers.
func writeReportXLSX(w http.ResponseWriter, r kiosk.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, rows := r.Table()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	set := func(row int, values []any) error {
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		return f.SetSheetRow(sheet, cell, &values)
	}
	if err := set(1, []any{r.Title()}); err != nil {
		return err
	}
	if err := set(2, []any{kiosk.ReportNote}); err != nil {
		return err
	}
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	if err := set(4, hdr); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 4)
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A4", last, bold); err != nil {
		return err
	}
	for i, row := range rows {
		values := make([]any, len(row))
		for j, v := range row {
			values[j] = v
			if j >= 2 { // figures: numbers a spreadsheet can sum, text only for the reasons
				if n, err := strconv.ParseFloat(v, 64); err == nil && isNumber(v) {
					values[j] = n
				}
			}
		}
		if err := set(5+i, values); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sheet, "A", "B", 28)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(r)+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b.Bytes())
	return err
}

// isNumber says whether a table cell is a plain decimal number ("12", "7.5").
func isNumber(v string) bool {
	dot := false
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return v != ""
}
