package kiosk

import (
	"encoding/csv"
	"io"
	"strings"
)

// SpreadsheetCSV is CSV for people who open it in a spreadsheet: UTF-8 with a byte-order
// mark (Excel in Vietnamese reads the diacritics right only with it), RFC 4180 (CRLF line
// ends, quotes where needed), and no cell a spreadsheet would run as a formula. Every CSV
// the kiosk and the hub write goes through it: a clerk's name or a reason typed as
// "=HYPERLINK(…)" reaches the province's spreadsheet as text.
//
// The .xlsx exports need no such guard: excelize's SetCellValue and SetSheetRow write a Go
// string as a shared string (t="s") or an inline one, never as a formula (only
// SetCellFormula writes <f>), so "=1+1" is the text "=1+1" there.
type SpreadsheetCSV struct {
	c   *csv.Writer
	w   io.Writer
	bom bool // written
}

// NewSpreadsheetCSV writes to w.
func NewSpreadsheetCSV(w io.Writer) *SpreadsheetCSV {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &SpreadsheetCSV{c: c, w: w}
}

// Write writes one record, the byte-order mark before the first. It may change rec's
// cells (InertCell).
func (s *SpreadsheetCSV) Write(rec []string) error {
	if !s.bom {
		s.bom = true
		if _, err := io.WriteString(s.w, "\uFEFF"); err != nil {
			return err
		}
	}
	for i, cell := range rec {
		rec[i] = InertCell(cell)
	}
	return s.c.Write(rec)
}

// Flush writes what is buffered and reports the first error of any write.
func (s *SpreadsheetCSV) Flush() error {
	s.c.Flush()
	return s.c.Error()
}

// InertCell keeps a spreadsheet from reading a cell as a formula (CSV injection): a cell
// starting with = + - @ (or a tab or carriage return, which some strip first) gets a
// leading apostrophe (OWASP's advice), so it reads as text. A negative number would too:
// the exports' figures are counts, times and rates, never below zero.
func InertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
