package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"

	"github.com/motcua/motcua/kiosk"
	"github.com/skip2/go-qrcode"
)

// formQR is the lookup QR of a form as a PNG, nil when the form has none. It carries
// kiosk.LookupURL: no personal data.
func formQR(f kiosk.DossierForm) ([]byte, error) {
	if f.LookupURL == "" {
		return nil, nil
	}
	png, err := qrcode.Encode(f.LookupURL, qrcode.Medium, 256)
	if err != nil {
		return nil, fmt.Errorf("QR of %s: %w", f.Code, err)
	}
	return png, nil
}

// formPage is what the A4 template reads: the form, and its QR as a data URI.
type formPage struct {
	kiosk.DossierForm
	QR       template.URL
	National string
	Motto    string
	SignHint string
	PDF      string // the same form as a PDF file
	// SignInTable puts the signatures in the table's last row, for a form whose table is
	// the last of its text (the tracking sheet).
	SignInTable bool
}

// The signatures never stand alone on a sheet (Decree 30/2020's practice: the signing page
// carries some of the text). Chromium keeps a block whole with "break-inside: avoid" but
// does not go back into a table to honour "break-before: avoid" after it: given both, it
// cuts the 45 mm signing space in two instead (measured with page.pdf). So the signatures
// travel with what comes just before them: the lines below the table and the closing
// paragraphs, in one unbreakable block; or, when the table ends the text, as the table's
// last row, which "break-before: avoid" ties to the row above, under the header repeated.
func signInTable(f kiosk.DossierForm) bool {
	return len(f.Table.Head) > 0 && len(f.Table.Rows) > 0 && len(f.After) == 0 && len(f.Closing) == 0 && len(f.Signatures) > 0
}

// formHTML renders f as an A4 page: what the counter page opens and the browser prints.
// The print stylesheet sets the paper and margins (those of formPDF); on screen the page
// looks like the sheet it prints.
func formHTML(f kiosk.DossierForm, qr []byte, pdfURL string) ([]byte, error) {
	page := formPage{DossierForm: f, National: kiosk.NationalName, Motto: kiosk.NationalMotto, SignHint: kiosk.SignHint, PDF: pdfURL,
		SignInTable: signInTable(f)}
	if len(qr) > 0 {
		// Safe by construction: our own PNG, base64 encoded.
		page.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(qr))
	}
	var b bytes.Buffer
	if err := formTemplate.Execute(&b, page); err != nil {
		return nil, fmt.Errorf("form %s of %s as HTML: %w", f.Kind, f.Code, err)
	}
	return b.Bytes(), nil
}

// formTemplate lays the form out; counts in the table are centred, as on the paper forms.
var formTemplate = template.Must(template.New("form").Funcs(template.FuncMap{"count": isNumber}).Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – {{.Code}}</title>
<style>
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans", "Times New Roman", serif; font-size: 12pt; line-height: 1.45; color: #000; }
.sheet { width: 165mm; margin: 0 auto; }
.heading { display: grid; grid-template-columns: 42% 58%; text-align: center; font-weight: 700; }
.heading .unit, .heading .desk { text-transform: uppercase; font-size: 10pt; }
.heading .nation { font-size: 10pt; }
.heading .motto { font-size: 11pt; display: inline-block; border-bottom: 1px solid #000; padding-bottom: 1pt; }
.dated { text-align: right; font-style: italic; margin: 10pt 0; }
h1 { text-align: center; text-transform: uppercase; font-size: 14pt; margin: 14pt 0 10pt; }
.code { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; }
.code img { width: 28mm; height: 28mm; image-rendering: pixelated; }
.code .lookup { font-size: 9pt; margin: 2pt 0 0; }
.field { margin: 2pt 0; }
.field ul { margin: 0; padding-left: 8mm; }
.strong { font-weight: 700; }
caption { text-align: left; font-weight: 700; padding: 4pt 0; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 10pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { text-align: center; }
td:first-child, td.count { text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.closing { text-align: justify; }
.ending { break-inside: avoid; }
tr.signing { break-before: avoid; }
td.signing { border: none; padding: 0; }
.signatures { display: flex; justify-content: space-around; margin-top: 14pt; break-inside: avoid; }
.signatures div { text-align: center; flex: 1; min-height: 45mm; display: flex; flex-direction: column; }
.signatures .role { font-weight: 700; text-transform: uppercase; }
.signatures .hint { font-style: italic; font-size: 10pt; }
.signatures .name { font-weight: 700; margin-top: auto; }
.screen { font-family: system-ui, sans-serif; font-size: 11pt; background: #fff8e1; border: 1px solid #e0c36c; padding: 8pt 10pt; margin-bottom: 12pt; }
@media screen {
  body { background: #e8eaed; padding: 1rem 0; }
  .sheet { width: 210mm; min-height: 297mm; padding: 20mm 15mm 20mm 30mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
}
@media print { .screen { display: none; } }
</style>
</head>
<body>
<main class="sheet">
<p class="screen">Bấm Ctrl+P để in trên giấy A4{{if .PDF}}, hoặc <a href="{{.PDF}}">tải tệp PDF</a>{{end}}. / Press Ctrl+P to print on A4{{if .PDF}}, or download the PDF{{end}}.</p>
<header class="heading">
<div><div class="unit">{{.Unit}}</div><div class="desk">{{.Desk}}</div></div>
<div><div class="nation">{{.National}}</div><div class="motto">{{.Motto}}</div></div>
</header>
<p class="dated">{{.Dated}}</p>
<h1>{{.Title}}</h1>
<div class="code">
<div><div>{{.CodeLabel}}: <strong>{{.Code}}</strong></div>{{if .QR}}<p class="lookup">{{.LookupHint}}</p>{{end}}</div>
{{if .QR}}<img src="{{.QR}}" alt="QR: {{.LookupURL}}">{{end}}
</div>
{{define "fields"}}{{range .}}<div class="field">{{.Label}}:{{if .Value}} <span{{if .Strong}} class="strong"{{end}}>{{.Value}}</span>{{end}}{{if .Items}}<ul{{if .Strong}} class="strong"{{end}}>{{range .Items}}<li>{{.}}</li>{{end}}</ul>{{end}}</div>
{{end}}{{end}}{{define "signatures"}}<section class="signatures">{{range .Signatures}}<div><span class="role">{{.Role}}</span><span class="hint">{{$.SignHint}}</span><span class="name">{{.Name}}</span></div>{{end}}</section>{{end}}{{template "fields" .Fields}}
{{if .Table.Head}}<table>
<caption>{{.Table.Caption}}</caption>
<thead><tr>{{range .Table.Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Table.Rows}}<tr>{{range .}}<td{{if count .}} class="count"{{end}}>{{.}}</td>{{end}}</tr>
{{end}}{{if .SignInTable}}<tr class="signing"><td class="signing" colspan="{{len .Table.Head}}">{{template "signatures" .}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{if not .SignInTable}}<div class="ending">
{{template "fields" .After}}
{{range .Closing}}<p class="closing">{{.}}</p>{{end}}
{{if .Signatures}}{{template "signatures" .}}{{end}}
</div>{{end}}
</main>
</body>
</html>
`))
