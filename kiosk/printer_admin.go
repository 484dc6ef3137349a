package kiosk

import "context"

// PrinterSettings is the ticket printer as the admin page shows it: the setting in use and
// what it may be changed to (the same choices as the first-run setup).
type PrinterSettings struct {
	Printer string          `json:"printer"` // the printer URI in use, e.g. "tcp://192.168.1.50:9100?paper=58"
	Choices []PrinterChoice `json:"choices"`
	// LockedBy is where the printer was set when an environment variable or a flag set it
	// ("env MOTCUA_PRINTER"): the admin page cannot change it then, since the next start
	// would put it back.
	LockedBy string `json:"locked_by,omitempty"`
}

// PrinterAdmin changes the ticket printer of a running kiosk. Admins only (the LAN server
// checks); each change is in the outbox and the audit list.
type PrinterAdmin interface {
	// PrinterSettings returns the printer in use and the choices found on this PC.
	PrinterSettings(ctx context.Context) (PrinterSettings, error)
	// SetPrinter switches the kiosk to printer (a URI) at once and keeps it for the next
	// start. EINVALID naming the part at fault (printer.device: not a port found on this
	// PC; printer.address: not host:port; printer.paper: not 58 or 80; printer: anything
	// else), or when the setting is locked; EUNAVAILABLE when the device cannot be opened.
	// Any refusal leaves the printer as it was.
	SetPrinter(ctx context.Context, printer string) (PrinterSettings, error)
	// TestPrint prints the test page on printer (the one in use when empty), as the
	// first-run setup's TestPrint does.
	TestPrint(ctx context.Context, printer string) (report string, err error)
}
