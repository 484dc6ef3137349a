package hardware

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// FormPrint is a dossier's form on the thermal roll (the receipt and appointment slip, the
// request to complete, the refusal, the tracking sheet, the apology): the form as
// kiosk.DossierFormOf wrote it, and whether this copy is the IN LẠI reprint.
type FormPrint struct {
	kiosk.DossierForm
	Reprint bool
}

// FormLayout lays a dossier form out on the roll, in the form's own order: a block per
// line, so the lines the form marks Strong print bold. The blocks reach the form's text by
// index, never by copying it into a template, so nothing a clerk typed is read as one.
// The wording is the form's; only sizes and alignment are decided here.
func FormLayout(f kiosk.DossierForm) *Layout {
	blocks := []Block{
		{Text: "{{if .Reprint}}IN LẠI{{end}}", Align: "center", Bold: true, Size: 40},
		{Text: "{{upper .Unit}}", Align: "center", Bold: true, Size: 22},
		{Text: "{{upper .Title}}", Align: "center", Bold: true, Size: 24},
		{Text: "{{.CodeLabel}}:", Align: "center", Size: 20},
		{Text: "{{.Code}}", Align: "center", Bold: true},
		{Kind: "qr", Text: "{{.LookupURL}}", Align: "center", Size: 4},
		{Kind: "rule"},
	}
	fields := func(list string, n []kiosk.FormField) {
		for i, fl := range n {
			blocks = append(blocks, Block{Text: fmt.Sprintf("{{with index .%s %d}}{{.Label}}:{{if .Value}} {{.Value}}{{end}}"+
				"{{range .Items}}\n- {{.}}{{end}}{{end}}", list, i), Size: 20, Bold: fl.Strong})
		}
	}
	fields("Fields", f.Fields)
	if len(f.Table.Head) > 0 {
		blocks = append(blocks, Block{Kind: "rule"}, Block{Text: "{{.Table.Caption}}:", Size: 20, Bold: true},
			Block{Text: "{{range .Table.Rows}}{{row $.Table.Head .}}\n{{end}}", Size: 20}, Block{Kind: "rule"})
	}
	fields("After", f.After)
	blocks = append(blocks,
		Block{Text: "{{range .Closing}}{{.}}\n{{end}}", Size: 20},
		Block{Text: "{{range .Signatures}}{{if .Name}}{{.Role}}: {{.Name}}\n{{end}}{{end}}", Size: 20},
		Block{Text: "{{.Dated}}", Align: "right", Size: 18},
		Block{Text: "{{if .LookupURL}}{{.LookupHint}}{{end}}", Align: "center", Size: 18},
		Block{Kind: "cut"})
	return mustLayout(Layout{Name: "form-" + f.Kind, Blocks: blocks})
}

// tableRow prints a table row on one (wrapped) line: "1. Tờ khai — Bản chính: 1", its
// empty cells left out (kiosk.FormTable: column 0 numbers the row, column 1 names it).
func tableRow(head, cells []string) string {
	if len(cells) < 2 {
		return strings.Join(cells, " ")
	}
	var rest []string
	for i := 2; i < len(cells) && i < len(head); i++ {
		if cells[i] != "" {
			rest = append(rest, head[i]+": "+cells[i])
		}
	}
	line := cells[0] + ". " + cells[1]
	if len(rest) > 0 {
		line += " — " + strings.Join(rest, "; ")
	}
	return line
}

// FormJob renders f for the printer out describes, and its IN LẠI reprint: the spool sends
// the reprint when an earlier attempt may have put part of the form on paper.
func FormJob(f kiosk.DossierForm, out Output) (data, reprint []byte, err error) {
	l := FormLayout(f)
	if data, err = l.RenderFor(FormPrint{DossierForm: f}, out); err != nil {
		return nil, nil, err
	}
	if reprint, err = l.RenderFor(FormPrint{DossierForm: f, Reprint: true}, out); err != nil {
		return nil, nil, err
	}
	return data, reprint, nil
}
