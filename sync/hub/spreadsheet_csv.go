package hub

import (
	"encoding/csv"
	"io"
	"strings"
)

// spreadsheetCSV is CSV for people who open it in a spreadsheet: UTF-8 with a byte-order
// mark (Excel in Vietnamese reads the diacritics right only with it), RFC 4180 (CRLF line
// ends, quotes where needed), and no cell a spreadsheet would run as a formula.
type spreadsheetCSV struct {
	c   *csv.Writer
	w   io.Writer
	bom bool // written
}

func newSpreadsheetCSV(w io.Writer) *spreadsheetCSV {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &spreadsheetCSV{c: c, w: w}
}

// Write writes one record, the byte-order mark before the first.
func (s *spreadsheetCSV) Write(rec []string) error {
	if !s.bom {
		s.bom = true
		if _, err := io.WriteString(s.w, "\uFEFF"); err != nil {
			return err
		}
	}
	for i, cell := range rec {
		rec[i] = inertCell(cell)
	}
	return s.c.Write(rec)
}

// Flush writes what is buffered and reports the first error of any write.
func (s *spreadsheetCSV) Flush() error {
	s.c.Flush()
	return s.c.Error()
}

// inertCell keeps a spreadsheet from reading a cell as a formula (CSV injection): a cell
// starting with = + - @ (or a tab or carriage return, which some strip first) gets a
// leading apostrophe (OWASP's advice), so it reads as text.
func inertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
