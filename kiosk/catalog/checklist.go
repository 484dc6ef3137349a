package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// Checklist is the "what to bring" slip of a procedure, as plain lines for a receipt
// printer's layout: a title, the documents with their counts (grouped by case), the fee
// and the processing time. The printer area lays it out; this says what it holds.
type Checklist struct {
	Title string   `json:"title"`
	Code  string   `json:"code"`
	Lines []string `json:"lines"`
}

// ChecklistOf builds the slip in lang ("vi", or "en" for the headings; the documents stay
// as the catalog writes them). Count-less rows (notes) are left to the screen.
func ChecklistOf(p *kiosk.Procedure, lang string) Checklist {
	en := lang == "en"
	word := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	c := Checklist{Title: p.Name, Code: p.Code}
	if en && p.Translations["en"].Name != "" {
		c.Title = p.Translations["en"].Name
	}
	c.Lines = append(c.Lines, word("GIẤY TỜ CẦN MANG", "DOCUMENTS TO BRING"))
	lastCase := ""
	for _, d := range p.Documents {
		if d.Original == 0 && d.Copy == 0 {
			continue
		}
		if d.Case != lastCase && d.Case != "" {
			c.Lines = append(c.Lines, d.Case+":")
		}
		lastCase = d.Case
		c.Lines = append(c.Lines, fmt.Sprintf("[ ] %s (%s %d, %s %d)", d.Name,
			word("bản chính", "originals"), d.Original, word("bản sao", "copies"), d.Copy))
	}
	fee := word("Tùy trường hợp", "Depends on the case")
	if a := p.Fee.AmountVND; a != nil {
		if *a == 0 {
			fee = word("Miễn phí", "Free")
		} else {
			fee = kiosk.GroupThousands(*a) + word(" đồng", " VND")
		}
	} else if a := p.Fee.Amount; a != nil && p.Fee.Currency != "" {
		fee = strings.ReplaceAll(strconv.FormatFloat(*a, 'f', -1, 64), ".", word(",", ".")) + " " + p.Fee.Currency
	}
	c.Lines = append(c.Lines, word("Phí, lệ phí: ", "Fees: ")+fee)
	if t := strings.TrimSpace(p.Fee.Text); t != "" {
		c.Lines = append(c.Lines, t)
	}
	if d := p.ProcessingTime.WorkingDays; d != nil {
		c.Lines = append(c.Lines, word("Thời gian giải quyết: ", "Processing time: ")+
			strings.ReplaceAll(strconv.FormatFloat(*d, 'f', -1, 64), ".", word(",", "."))+word(" ngày làm việc", " working days"))
	} else if t := strings.TrimSpace(p.ProcessingTime.Text); t != "" {
		c.Lines = append(c.Lines, word("Thời gian giải quyết: ", "Processing time: ")+t)
	}
	return c
}
