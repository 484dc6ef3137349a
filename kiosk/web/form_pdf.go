package web

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/motcua/motcua/kiosk"
)

// DefaultFontDir is where Debian's fonts-noto-core puts Noto Sans, the PDF forms' font: the
// full font, since the forms need every Vietnamese letter.
const DefaultFontDir = "/usr/share/fonts/truetype/noto"

// A4 page and the margins of an administrative paper (Decree 30/2020: top and bottom
// 20 mm, left 30 mm, right 15 mm); the print stylesheet of the HTML form says the same.
const (
	pdfLeft, pdfTop, pdfRight, pdfBottom = 30.0, 20.0, 15.0, 20.0
	pdfWidth                             = 210.0 - pdfLeft - pdfRight
)

// pdfFonts are Noto Sans regular and bold, read from dir.
type pdfFonts struct{ regular, bold []byte }

// loadPDFFonts reads the fonts, or says in Vietnamese which package to install.
func loadPDFFonts(dir string) (pdfFonts, error) {
	if dir == "" {
		dir = DefaultFontDir
	}
	var f pdfFonts
	for _, v := range []struct {
		name string
		dst  *[]byte
	}{{"NotoSans-Regular.ttf", &f.regular}, {"NotoSans-Bold.ttf", &f.bold}} {
		b, err := os.ReadFile(filepath.Join(dir, v.name))
		if err != nil {
			return pdfFonts{}, kiosk.Errorf(kiosk.EUNAVAILABLE,
				"Không tạo được tệp PDF: máy thiếu phông chữ Noto Sans ("+v.name+"). Xin cài gói fonts-noto-core, hoặc in bản A4 từ trình duyệt.",
				"cannot make the PDF: the Noto Sans font ("+v.name+") is missing; install the fonts-noto-core package")
		}
		*v.dst = b
	}
	return f, nil
}

// formPDF renders f on A4 as a PDF: the same content, order and headings as the HTML form
// (formHTML), with qr (a PNG, nil for none) beside the code. at stamps the file, so the
// same form at the same time is the same bytes.
func formPDF(f kiosk.DossierForm, qr []byte, fonts pdfFonts, at time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pdfLeft, pdfTop, pdfRight)
	pdf.SetAutoPageBreak(true, pdfBottom)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetTitle(pdfText(f.Title+" "+f.Code), true)
	pdf.SetCreator("Một Cửa Kiosk", true)
	pdf.AddUTF8FontFromBytes("Noto", "", fonts.regular)
	pdf.AddUTF8FontFromBytes("Noto", "B", fonts.bold)
	pdf.AddPage()
	p := pdfPage{pdf}

	// The heading: the unit and its desk on the left, the national name and motto on the right.
	top := pdf.GetY()
	p.font(true, 10)
	pdf.MultiCell(pdfWidth*0.42, 5, pdfText(strings.ToUpper(f.Unit)+"\n"+strings.ToUpper(f.Desk)), "", "C", false)
	left := pdf.GetY()
	pdf.SetXY(pdfLeft+pdfWidth*0.42, top)
	pdf.MultiCell(pdfWidth*0.58, 5, pdfText(kiosk.NationalName), "", "C", false)
	p.font(true, 11)
	pdf.SetX(pdfLeft + pdfWidth*0.42)
	pdf.MultiCell(pdfWidth*0.58, 5.5, pdfText(kiosk.NationalMotto), "", "C", false)
	mid, half := pdfLeft+pdfWidth*0.71, pdf.GetStringWidth(pdfText(kiosk.NationalMotto))/2
	pdf.Line(mid-half, pdf.GetY()+0.3, mid+half, pdf.GetY()+0.3) // the motto is underlined
	pdf.SetY(math.Max(left, pdf.GetY()) + 3)
	p.font(false, 11)
	pdf.CellFormat(0, 6, pdfText(f.Dated), "", 1, "R", false, 0, "")

	pdf.Ln(4)
	p.font(true, 14)
	pdf.MultiCell(0, 7, pdfText(strings.ToUpper(f.Title)), "", "C", false)
	pdf.Ln(3)

	// The code, and the lookup QR at its right.
	codeTop := pdf.GetY()
	qrSize := 0.0
	if len(qr) > 0 {
		qrSize = 28
		pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
		pdf.ImageOptions("qr", pdfLeft+pdfWidth-qrSize, codeTop, qrSize, qrSize, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	p.font(false, 12)
	pdf.Write(6.5, pdfText(f.CodeLabel+": "))
	p.font(true, 12)
	pdf.Write(6.5, pdfText(f.Code))
	pdf.Ln(7)
	if qrSize > 0 {
		p.font(false, 9)
		pdf.MultiCell(pdfWidth-qrSize-4, 4.5, pdfText(f.LookupHint), "", "L", false)
		pdf.SetY(math.Max(pdf.GetY(), codeTop+qrSize) + 2)
	}

	p.fields(f.Fields)
	// The signatures never stand alone on a page (as in the HTML form, signInTable):
	// they take over the table's last row when the table ends the text, or go over with the
	// lines below the table and the closing paragraphs.
	if len(f.Table.Head) > 0 {
		keep := 0.0
		if len(f.After) == 0 && len(f.Closing) == 0 {
			keep = signaturesHeight(f.Signatures)
		}
		p.table(f.Table, keep)
	}
	if len(f.After) > 0 || len(f.Closing) > 0 {
		p.keepTogether(p.fieldsHeight(f.After) + p.closingHeight(f.Closing) + signaturesHeight(f.Signatures))
	}
	p.fields(f.After)
	p.font(false, 12)
	for _, c := range f.Closing {
		pdf.Ln(1)
		pdf.MultiCell(0, 6.5, pdfText(c), "", "J", false)
	}
	p.signatures(f.Signatures)

	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("form %s of %s as PDF: %w", f.Kind, f.Code, err)
	}
	return out.Bytes(), nil
}

type pdfPage struct{ *fpdf.Fpdf }

func (p pdfPage) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	p.SetFont("Noto", style, size)
}

// fields writes "Label: value" lines, wrapping at the margin; a Strong value is bold and a
// list is indented under its label.
func (p pdfPage) fields(list []kiosk.FormField) {
	for _, fl := range list {
		p.font(false, 12)
		p.Write(6.5, pdfText(fl.Label+":"))
		if fl.Value != "" {
			p.font(fl.Strong, 12)
			p.Write(6.5, pdfText(" "+fl.Value))
		}
		p.Ln(6.5)
		p.font(fl.Strong, 12)
		for _, item := range fl.Items {
			p.SetX(pdfLeft + 6)
			p.MultiCell(pdfWidth-6, 6.5, pdfText("– "+item), "", "L", false)
		}
	}
	p.Ln(1)
}

// fieldsHeight is how tall fields(list) writes, give or take a line's rounding.
func (p pdfPage) fieldsHeight(list []kiosk.FormField) float64 {
	h := 1.0
	for _, fl := range list {
		p.font(fl.Strong, 12) // bold is the wider: never less than what prints
		h += 6.5 * float64(len(p.SplitText(pdfText(fl.Label+": "+fl.Value), pdfWidth)))
		for _, item := range fl.Items {
			h += 6.5 * float64(len(p.SplitText(pdfText("– "+item), pdfWidth-6)))
		}
	}
	return h
}

// closingHeight is how tall the closing paragraphs print.
func (p pdfPage) closingHeight(list []string) float64 {
	p.font(false, 12)
	h := 0.0
	for _, c := range list {
		h += 1 + 6.5*float64(len(p.SplitText(pdfText(c), pdfWidth)))
	}
	return h
}

// keepTogether starts a new page when what is to come (h tall) does not fit on this one
// but would on a page of its own.
func (p pdfPage) keepTogether(h float64) {
	_, pageH := p.GetPageSize()
	if p.GetY()+h > pageH-pdfBottom && h <= pageH-pdfTop-pdfBottom {
		p.AddPage()
	}
}

// table draws t with ruled cells, each row as tall as its tallest cell; a row that does
// not fit starts a new page under the head again, and so does the last row when it leaves
// less than keep below it (what must go on its page).
func (p pdfPage) table(t kiosk.FormTable, keep float64) {
	if t.Caption != "" {
		p.font(true, 12)
		p.CellFormat(0, 7, pdfText(t.Caption+":"), "", 1, "L", false, 0, "")
	}
	widths := p.columnWidths(t)
	const lh = 5.0
	var row func(cells []string, bold bool, keep float64)
	row = func(cells []string, bold bool, keep float64) {
		p.font(bold, 10)
		lines := make([][]string, len(widths))
		n := 1
		for i := range widths {
			cell := ""
			if i < len(cells) {
				cell = pdfText(cells[i])
			}
			lines[i] = p.SplitText(cell, widths[i])
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lh + 2
		_, pageH := p.GetPageSize()
		if p.GetY()+h+keep > pageH-pdfBottom && !bold {
			p.AddPage()
			row(t.Head, true, 0)
		}
		x, y := pdfLeft, p.GetY()
		for i, w := range widths {
			p.Rect(x, y, w, h, "D")
			p.SetXY(x, y+1)
			align := "L"
			if i == 0 || bold || i < len(cells) && isNumber(cells[i]) {
				align = "C"
			}
			p.MultiCell(w, lh, strings.Join(lines[i], "\n"), "", align, false)
			x += w
		}
		p.SetXY(pdfLeft, y+h)
	}
	if _, pageH := p.GetPageSize(); p.GetY()+25 > pageH-pdfBottom { // not a head alone at the foot
		p.AddPage()
	}
	row(t.Head, true, 0)
	for i, r := range t.Rows {
		tail := 0.0
		if i == len(t.Rows)-1 && keep > 0 {
			tail = 3 + keep
		}
		row(r, false, tail)
	}
	p.Ln(3)
}

// columnWidths shares the line between the columns: each gets at least its widest word
// (so no word breaks), and the room left goes to the columns whose text is longest.
func (p pdfPage) columnWidths(t kiosk.FormTable) []float64 {
	const pad = 2.5 // fpdf's cell margins and the rule
	least := make([]float64, len(t.Head))
	want := make([]float64, len(t.Head))
	measure := func(i int, s string, bold bool) {
		p.font(bold, 10)
		for _, w := range strings.Fields(pdfText(s)) {
			least[i] = math.Max(least[i], p.GetStringWidth(w)+pad)
		}
		want[i] = math.Max(want[i], p.GetStringWidth(pdfText(s))+pad)
	}
	for i, h := range t.Head {
		measure(i, h, true)
		for _, r := range t.Rows {
			if i < len(r) {
				measure(i, r[i], false)
			}
		}
	}
	widths := append([]float64(nil), least...)
	room, extra := pdfWidth, 0.0
	for i := range widths {
		room -= least[i]
		extra += want[i] - least[i]
	}
	for i := range widths {
		switch {
		case room <= 0: // more words than line: shrink all alike
			widths[i] = least[i] * pdfWidth / (pdfWidth - room)
		case extra > 0:
			widths[i] += room * (want[i] - least[i]) / extra
		default:
			widths[i] += room / float64(len(widths))
		}
	}
	return widths
}

// signRoom is the height of a signature block: who signs, the hint, room for the
// signature, the name.
const signRoom = 45.0

// signaturesHeight is how tall signatures(list) prints.
func signaturesHeight(list []kiosk.FormSignature) float64 {
	if len(list) == 0 {
		return 0
	}
	return 4 + signRoom
}

// signatures puts the signature blocks side by side: who signs, the hint, room for the
// signature, the name.
func (p pdfPage) signatures(list []kiosk.FormSignature) {
	if len(list) == 0 {
		return
	}
	const room = signRoom
	_, pageH := p.GetPageSize()
	if p.GetY()+room > pageH-pdfBottom {
		p.AddPage()
	}
	p.Ln(4)
	w := pdfWidth / float64(len(list))
	y := p.GetY()
	for i, s := range list {
		x := pdfLeft + float64(i)*w
		p.SetXY(x, y)
		p.font(true, 12)
		p.MultiCell(w, 6, pdfText(strings.ToUpper(s.Role)), "", "C", false)
		p.SetX(x)
		p.font(false, 10)
		p.MultiCell(w, 5, pdfText(kiosk.SignHint), "", "C", false)
		if s.Name != "" {
			p.SetXY(x, y+room-8)
			p.font(true, 12)
			p.MultiCell(w, 6, pdfText(s.Name), "", "C", false)
		}
	}
	p.SetXY(pdfLeft, y+room)
}

// pdfText keeps what fpdf's font tables index: runes beyond the Basic Multilingual Plane
// (an emoji typed in a reason) would be out of range, so they print as U+FFFD.
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}
