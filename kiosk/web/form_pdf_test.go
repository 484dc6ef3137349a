package web

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/test/testenv"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/kiosk"
)

// pdfPages returns the text of each page of a PDF, by poppler's pdfinfo and pdftotext.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	info := exec.Command("pdfinfo", "-")
	info.Stdin = bytes.NewReader(pdf)
	out, err := info.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	pages := make([]string, n)
	for i := range pages {
		cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1), "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		text, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", i+1, err)
		}
		pages[i] = norm.NFC.String(string(text))
	}
	return pages
}

// The PDF form's signatures never stand alone on a page, wherever the text before them
// ends: a tracking sheet of 10 to 45 rows (the table ending anywhere on the page, the
// second page included) takes its last row over with the signature; a form of 5 to 45
// lines ending in a closing paragraph takes the paragraph over.
func TestFormPDFNeverSignsAlone(t *testing.T) {
	testenv.Program(t, "pdfinfo", "poppler-utils")
	testenv.Program(t, "pdftotext", "poppler-utils")
	fonts, err := loadPDFFonts("")
	testenv.Need(t, err == nil, "Noto Sans (fonts-noto-core)")
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, kiosk.Zone)
	base := kiosk.DossierForm{Kind: kiosk.FormTracking, Title: "Phiếu kiểm soát quá trình giải quyết hồ sơ", Unit: "UBND xã Hòa An",
		Desk: kiosk.DeskName, Code: "000.00.00.H55-261202-0001", CodeLabel: "Mã hồ sơ", Dated: "Hòa An, ngày 02 tháng 12 năm 2026",
		Signatures: []kiosk.FormSignature{{Role: "Người lập phiếu"}}}
	check := func(what string, f kiosk.DossierForm, last string) {
		t.Helper()
		pdf, err := formPDF(f, nil, fonts, at)
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfPages(t, pdf)
		end := pages[len(pages)-1]
		if !strings.Contains(end, "NGƯỜI LẬP PHIẾU") || !strings.Contains(end, last) {
			t.Errorf("%s: the last of %d pages has no %q beside the signature:\n%s", what, len(pages), last, end)
		}
	}
	for n := 10; n <= 45; n++ {
		f := base
		f.Table = kiosk.FormTable{Caption: "Quá trình giải quyết", Head: []string{"STT", "Thời gian", "Nội dung", "Người thực hiện", "Kết quả", "Ghi chú"}}
		for i := 1; i <= n; i++ {
			f.Table.Rows = append(f.Table.Rows, []string{strconv.Itoa(i), "09 giờ 00, ngày 02/12/2026", "Bàn giao", "Nguyễn Thị Lan", "Trước hạn",
				fmt.Sprintf("Chuyển đến: Tổ T%02d, tư pháp – hộ tịch, lượt %02d/kết", i, i)})
		}
		check(fmt.Sprintf("%d rows", n), f, fmt.Sprintf("lượt %02d/kết", n))
	}
	for n := 5; n <= 45; n++ {
		f := base
		for i := 1; i <= n; i++ {
			f.Fields = append(f.Fields, kiosk.FormField{Label: fmt.Sprintf("Dòng %02d", i), Value: "nội dung của dòng"})
		}
		f.Closing = []string{"Xin thông báo để ông/bà được biết và thực hiện, đoạn kết."}
		check(fmt.Sprintf("%d lines and a closing", n), f, "đoạn kết.")
	}
}
