package hardware

import "time"

// Ticket is what a queue ticket shows. The caller maps the queue's own types onto it and
// gives times already in the kiosk's zone (hardware knows nothing of kiosk).
type Ticket struct {
	Commune   string        // e.g. "UBND xã Hòa An"
	Service   string        // the line (lĩnh vực / dịch vụ)
	Number    string        // e.g. "A023": ASCII, printed in the printer's magnified font
	Priority  string        // empty, or the priority group ("Người cao tuổi")
	IssuedAt  time.Time     // local time
	Ahead     int           // people waiting before this ticket
	Wait      time.Duration // estimated wait; 0 hides the line
	LookupURL string        // encoded in the QR code; empty hides it
	Footer    string
}

// TicketLayout is the default queue ticket. Copy and edit it (or load JSON with
// ParseLayout) to change the wording or the order.
var TicketLayout = mustLayout(Layout{Name: "ticket", Blocks: []Block{
	{Text: "{{upper .Commune}}", Align: "center", Bold: true, Size: 24},
	{Text: "{{.Service}}", Align: "center", Size: 22},
	{Kind: "feed", Size: 6},
	{Kind: "number", Text: "{{.Number}}", Align: "center", Size: 4},
	{Text: "{{if .Priority}}ƯU TIÊN · {{.Priority}}{{end}}", Align: "center", Bold: true, Size: 22},
	{Kind: "feed", Size: 6},
	{Text: "{{datetime .IssuedAt}}", Align: "center"},
	{Text: "{{if .Ahead}}Phía trước còn {{.Ahead}} người{{else}}Quý vị sẽ được gọi ngay{{end}}", Align: "center", Size: 22},
	{Text: "{{if .Wait}}Chờ khoảng {{minutes .Wait}} phút{{end}}", Align: "center", Size: 22},
	{Kind: "qr", Text: "{{.LookupURL}}", Align: "center", Size: 5},
	{Text: "{{.Footer}}", Align: "center", Size: 18},
	{Kind: "cut", Size: 0},
}})

// EncodeTicket renders t with layout (TicketLayout when nil) for paper dots wide.
func EncodeTicket(layout *Layout, t Ticket, dots int) ([]byte, error) {
	if layout == nil {
		layout = TicketLayout
	}
	return layout.Render(t, dots)
}
