package kiosk

import "time"

// PrintJob is a printout in the print spool: the exact bytes for the printer, and the same
// page marked as a reprint ("IN LẠI"), sent instead when an earlier attempt may already
// have put part of it on paper.
type PrintJob struct {
	ID      int64  // set by the store
	Kind    string // "ticket", "checklist", "receipt"
	Ref     string // which thing it prints: the ticket's id, the procedure's code
	Data    []byte
	Reprint []byte // nil: a resend is Data again
	// Set by the store when it hands the job out: QueuedAt, and Resend when an earlier
	// attempt may have put part of it on paper (Data is then already the reprint).
	QueuedAt time.Time
	Resend   bool
}

// Print job kinds that are dropped, not printed, once they have waited longer than the
// spool's limit: a ticket or a slip printed a quarter of an hour late goes to the next
// villager, not to the one who asked for it.
const (
	PrintTicket    = "ticket"
	PrintChecklist = "checklist"
)

// PrintStatus is what the villager is told about a ticket's printout.
type PrintStatus struct {
	// Printing is true only when the printer last answered healthy; otherwise the kiosk
	// shows the number large enough to photograph, with Message.
	Printing  bool   `json:"printing"`
	Message   string `json:"message,omitempty"` // Vietnamese
	MessageEN string `json:"message_en,omitempty"`
}

// NoPrinter is what the villager is told when the ticket could not be queued at all.
var NoPrinter = PrintStatus{
	Message:   "Không in được phiếu. Xin quý vị ghi nhớ hoặc chụp lại số thứ tự trên màn hình.",
	MessageEN: "The ticket cannot be printed. Please remember or photograph the number on the screen.",
}

// TicketPrint is what a ticket's printout says: the issued ticket and the names the queue
// knows it by.
type TicketPrint struct {
	Issued
	PriorityName string // the priority group's name, "" for none
}

// TicketPrinter is how the queue prints a ticket as a step of issuing it: QueueService.Issue
// stores the job in the ticket's own transaction, so a ticket never exists without its
// printout or the other way round. hardware/spool.Tickets implements it.
type TicketPrinter interface {
	// TicketJob renders t's printout. It is called inside the issuing transaction and must
	// not wait for the printer. An error leaves the ticket issued without a printout (the
	// villager is told NoPrinter).
	TicketJob(t TicketPrint) (PrintJob, error)
	// Queued is called once the job's transaction has committed: the spool may print it.
	Queued()
	// Status says what the villager is told now, from the printer's last answer, without
	// waiting for the printer.
	Status() PrintStatus
}
