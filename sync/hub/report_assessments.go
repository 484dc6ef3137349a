package hub

import (
	"fmt"
	"strconv"

	"github.com/motcua/motcua/kiosk"
	"github.com/xuri/excelize/v2"
)

// The report's nine-indicator section: per commune over the report's days, each
// indicator's average and how many scored it, in the kiosk report's words and rows
// (kiosk.AssessmentFigures.IndicatorRows) with the commune and its number of assessed
// dossiers in front. Shown only when some commune in view has an assessment in the span.

// assessmentSection makes the section from the communes' summaries; nil for none.
func assessmentSection(q ReportQuery, list []AssessmentSummary) *kiosk.ReportSection {
	if len(list) == 0 {
		return nil
	}
	sec := &kiosk.ReportSection{Sheet: kiosk.AssessmentSheet,
		Title:  fmt.Sprintf("Đánh giá 9 chỉ số theo hồ sơ, theo xã/phường, từ %s đến %s", q.From, q.To),
		Lines:  [][]string{{kiosk.AssessmentNote}},
		Header: append([]string{"Xã/phường", "Số hồ sơ được đánh giá"}, kiosk.AssessmentColumns...)}
	for _, a := range list {
		figs := kiosk.AssessmentFigures{Count: a.Assessments, Averages: a.Averages, Scored: a.Scored, Indicators: kiosk.AssessmentIndicators}
		for _, row := range figs.IndicatorRows() {
			sec.Rows = append(sec.Rows, append([]string{a.Commune, strconv.Itoa(a.Assessments)}, row...))
		}
	}
	return sec
}

// assessmentFigureColumns: in the section's rows, the columns from here on are the average
// and the count, numbers in the .xlsx; the count of dossiers (column 1) is one too.
const assessmentFigureColumns = 5

// writeAssessmentSheet lays the section out on a sheet of its own: the title in bold, the
// note, an empty row, the header in bold and the rows, figures as numbers.
func writeAssessmentSheet(f *excelize.File, sec *kiosk.ReportSection) error {
	if _, err := f.NewSheet(sec.Sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	put := func(row int, cells []string, number func(col int) bool) error {
		values := make([]any, len(cells))
		for i, v := range cells {
			values[i] = v
			if n, err := strconv.ParseFloat(v, 64); err == nil && number(i) {
				values[i] = n
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(sec.Sheet, cell, &values)
	}
	text := func(int) bool { return false }
	if err := put(1, []string{sec.Title}, text); err != nil {
		return err
	}
	_ = f.SetCellStyle(sec.Sheet, "A1", "A1", bold)
	row := 2
	for _, line := range sec.Lines {
		if err := put(row, line, text); err != nil {
			return err
		}
		row++
	}
	row++
	if err := put(row, sec.Header, text); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(sec.Header), row)
	_ = f.SetCellStyle(sec.Sheet, fmt.Sprintf("A%d", row), last, bold)
	figure := func(col int) bool { return col == 1 || col >= assessmentFigureColumns }
	for _, r := range sec.Rows {
		row++
		if err := put(row, r, figure); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sec.Sheet, "A", "A", 28)
	_ = f.SetColWidth(sec.Sheet, "C", "C", 56)
	_ = f.SetColWidth(sec.Sheet, "D", "G", 16)
	return nil
}

// AssessmentNoteEN is the section's note in English, for the page.
func (ReportView) AssessmentNoteEN() string { return kiosk.AssessmentNoteEN }
