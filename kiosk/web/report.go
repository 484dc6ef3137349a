package web

import (
	"bytes"
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

// writeReportCSV writes the report's table as CSV for a spreadsheet (kiosk.SpreadsheetCSV:
// the byte-order mark Excel needs to read Vietnamese letters, no cell read as a formula).
func writeReportCSV(w http.ResponseWriter, r kiosk.Report) error {
	header, rows := r.Table()
	recs := append([][]string{header}, rows...)
	if sec := r.AssessmentSection(); sec != nil {
		// Below the table after an empty line, every line as wide as the table's, so a
		// reader that wants the same number of fields on every line reads it too.
		recs = append(recs, []string{}, []string{sec.Title})
		recs = append(recs, sec.Lines...)
		recs = append(recs, sec.Header)
		recs = append(recs, sec.Rows...)
	}
	var b bytes.Buffer
	cw := kiosk.NewSpreadsheetCSV(&b)
	for _, rec := range recs {
		for len(rec) < len(header) {
			rec = append(rec, "")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(r)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// writeReportXLSX writes the report's sheet: the title, what the figures measure (and that
// they are not the Decision 766 score), then the table with numbers as numbers; and, while
// the province has the assessment on, a sheet of the nine indicators' averages.
func writeReportXLSX(w http.ResponseWriter, r kiosk.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, rows := r.Table()
	if err := writeSheet(f, sheet, kiosk.ReportSection{Title: r.Title(), Lines: [][]string{{kiosk.ReportNote}}, Header: header, Rows: rows}, 2); err != nil {
		return err
	}
	_ = f.SetColWidth(sheet, "A", "B", 28)
	if sec := r.AssessmentSection(); sec != nil {
		if _, err := f.NewSheet(sec.Sheet); err != nil {
			return err
		}
		if err := writeSheet(f, sec.Sheet, *sec, 3); err != nil {
			return err
		}
		_ = f.SetColWidth(sec.Sheet, "A", "A", 56)
		_ = f.SetColWidth(sec.Sheet, "B", "E", 16)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(r)+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// writeSheet lays sec out on sheet: the title in bold, its lines, an empty row, the header
// in bold and the rows. Cells that are plain decimals become numbers a spreadsheet can sum:
// in the rows from column figures on, in the lines after their first cell. Text stays text:
// excelize writes a Go string as a string, never as a formula (see kiosk.SpreadsheetCSV).
func writeSheet(f *excelize.File, sheet string, sec kiosk.ReportSection, figures int) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	row := 1
	put := func(cells []string, from int) error {
		values := make([]any, len(cells))
		for j, v := range cells {
			values[j] = v
			if n, err := strconv.ParseFloat(v, 64); j >= from && err == nil && isNumber(v) {
				values[j] = n
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		row++
		return f.SetSheetRow(sheet, cell, &values)
	}
	text := 1 << 30 // no numbers
	if err := put([]string{sec.Title}, text); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	for _, l := range sec.Lines {
		if err := put(l, 1); err != nil {
			return err
		}
	}
	row++
	first, _ := excelize.CoordinatesToCellName(1, row)
	last, _ := excelize.CoordinatesToCellName(len(sec.Header), row)
	if err := put(sec.Header, text); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, first, last, bold); err != nil {
		return err
	}
	for _, r := range sec.Rows {
		if err := put(r, figures); err != nil {
			return err
		}
	}
	return nil
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
