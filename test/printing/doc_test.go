// Package printing_test proves printing end to end, as the app wires it: tickets issued
// through the queue on a real SQLite file, their jobs stored in the ticket's transaction,
// the spool, and fake printers on a real TCP socket and a pseudo-terminal that drop, stall,
// run out of paper or are absent. It lives here, not in hardware/spool, because it needs
// the kiosk's store, which hardware/ never imports (docs/architecture.md).
package printing_test
