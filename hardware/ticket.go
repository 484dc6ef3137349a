package hardware

import (
	"time"
)

// Ticket is what a queue ticket shows. The caller maps the queue's own types onto it and
// gives times already in the kiosk's zone (hardware knows nothing of kiosk).
type Ticket struct {
	Commune  string // e.g. "UBND xã Hòa An"
	Service  string // the line (lĩnh vực / dịch vụ)
	Number   string // e.g. "A023": ASCII, printed in the printer's magnified font
	Priority string // empty, or the priority group ("Người cao tuổi")
	IssuedAt time.Time
	Ahead    int           // people waiting before this ticket
	Wait     time.Duration // estimated wait; 0 hides the line
	// CounterOpen says a counter serving this line is open: only then does a ticket with
	// nobody ahead promise "Quý vị sẽ được gọi ngay".
	CounterOpen bool
	LookupURL   string // encoded in the QR code; empty hides it
	Footer      string // empty prints TicketFooter
	// Reprint marks a ticket printed again because an earlier attempt may already have put
	// part of it on paper: "IN LẠI", so nobody takes it for a new number.
	Reprint bool
}

// TicketFooter is the line at the bottom of a ticket unless Ticket.Footer says otherwise.
const TicketFooter = "Xin cảm ơn quý vị. Vui lòng chú ý nghe gọi số."

// TicketLayout is the default queue ticket. Copy and edit it (or load JSON with
// ParseLayout) to change the wording or the order.
var TicketLayout = mustLayout(Layout{Name: "ticket", Blocks: []Block{
	{Text: "{{upper .Commune}}", Align: "center", Bold: true, Size: 24},
	{Text: "{{.Service}}", Align: "center", Size: 22},
	{Kind: "feed", Size: 6},
	{Text: "{{if .Reprint}}IN LẠI{{end}}", Align: "center", Bold: true, Size: 40},
	{Text: "Số thứ tự", Align: "center", Size: 22},
	{Kind: "number", Text: "{{.Number}}", Align: "center", Size: 4},
	{Text: "{{if .Priority}}ƯU TIÊN · {{.Priority}}{{end}}", Align: "center", Bold: true, Size: 22},
	{Kind: "feed", Size: 6},
	{Text: "{{datetime .IssuedAt}}", Align: "center"},
	{Text: "{{if .Ahead}}Phía trước còn {{.Ahead}} người{{else if .CounterOpen}}Quý vị sẽ được gọi ngay{{else}}Phía trước không còn ai chờ{{end}}", Align: "center", Size: 22},
	{Text: "{{if .Wait}}Chờ khoảng {{minutes .Wait}} phút{{end}}", Align: "center", Size: 22},
	{Kind: "qr", Text: "{{.LookupURL}}", Align: "center", Size: 5},
	{Text: "{{or .Footer \"" + TicketFooter + "\"}}", Align: "center", Size: 18},
	{Kind: "cut", Size: 0},
}})

// EncodeTicket renders t with layout (TicketLayout when nil) for paper dots wide.
func EncodeTicket(layout *Layout, t Ticket, dots int) ([]byte, error) {
	if layout == nil {
		layout = TicketLayout
	}
	return layout.Render(t, dots)
}

// TicketJob renders t with layout (TicketLayout when nil) for the printer out describes,
// twice: as it is, and marked as a reprint, for the spool to send instead when an earlier
// attempt may have put part of the first on paper.
func TicketJob(layout *Layout, t Ticket, out Output) (data, reprint []byte, err error) {
	if layout == nil {
		layout = TicketLayout
	}
	t.Reprint = false
	if data, err = layout.RenderFor(t, out); err != nil {
		return nil, nil, err
	}
	t.Reprint = true
	if reprint, err = layout.RenderFor(t, out); err != nil {
		return nil, nil, err
	}
	return data, reprint, nil
}
