package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// Checklist is the "what to bring" slip of a procedure, as plain lines for a receipt
// printer's layout: a title, the documents with their counts (grouped by case), each
// followed by its condition ("Không áp dụng khi…"), the fee and the processing time. The
// printer area lays it out (hardware.ChecklistLayout); this says what it holds.
type Checklist struct {
	Title string   `json:"title"`
	Code  string   `json:"code"`
	Lines []string `json:"lines"`
}

// ChecklistOf builds the slip in lang ("vi", or "en" for the headings; the documents stay
// as the catalog writes them). ticked, when given, are the indexes in p.Documents of the
// documents the villager ticked on screen: only those are printed (none: all of them).
// Count-less rows (notes) are left to the screen. Indexes out of range are ignored; the
// caller validates them (CheckTicked).
func ChecklistOf(p *kiosk.Procedure, lang string, ticked ...int) Checklist {
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
	only := map[int]bool{}
	for _, i := range ticked {
		only[i] = true
	}
	lastCase := ""
	for i, d := range p.Documents {
		if d.Original == 0 && d.Copy == 0 || len(only) > 0 && !only[i] {
			continue
		}
		if d.Case != lastCase && d.Case != "" {
			c.Lines = append(c.Lines, d.Case+":")
		}
		lastCase = d.Case
		c.Lines = append(c.Lines, fmt.Sprintf("[ ] %s (%s %d, %s %d)", d.Name,
			word("bản chính", "originals"), d.Original, word("bản sao", "copies"), d.Copy))
		if n := strings.TrimSpace(d.Note); n != "" {
			c.Lines = append(c.Lines, "→ "+n) // the condition: when it applies, when not
		}
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

// CheckTicked refuses indexes that are not documents of p, in words for the villager.
func CheckTicked(p *kiosk.Procedure, ticked []int) error {
	for _, i := range ticked {
		if i < 0 || i >= len(p.Documents) {
			return kiosk.Invalid("documents", "Giấy tờ đã chọn không có trong thủ tục này. Xin quý vị chọn lại.",
				fmt.Sprintf("document %d is not one of the procedure's %d", i, len(p.Documents)))
		}
	}
	return nil
}
