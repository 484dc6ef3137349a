package hardware

import "time"

// Checklist is the "what to bring" slip printed from a procedure's page: the caller fills
// Lines (kiosk/catalog.ChecklistOf: the documents ticked on screen, each followed by its
// condition, then the fee and the processing time) and gives At in the kiosk's zone.
type Checklist struct {
	Commune string
	Title   string
	Code    string
	Lines   []string
	At      time.Time
}

// ChecklistLayout is the default "what to bring" slip.
var ChecklistLayout = mustLayout(Layout{Name: "checklist", Blocks: []Block{
	{Text: "{{upper .Commune}}", Align: "center", Bold: true, Size: 22},
	{Kind: "rule"},
	{Text: "{{.Title}}", Bold: true, Size: 24},
	{Text: "Mã thủ tục: {{.Code}}", Size: 20},
	{Kind: "feed", Size: 6},
	{Text: "{{range .Lines}}{{.}}\n{{end}}", Size: 22},
	{Kind: "feed", Size: 6},
	{Text: "In lúc {{datetime .At}}", Align: "center", Size: 18},
	{Kind: "cut"},
}})
