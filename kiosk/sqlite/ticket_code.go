package sqlite

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

// ticketByCode finds the ticket a scanned lookup code names (of this kiosk, that day, that
// number), or a typed number names (today's); otherKiosk is the refusal of a ticket another
// kiosk issued, in the words of the screen that asks.
func ticketByCode(ctx context.Context, q querier, db *DB, code string, otherKiosk error) (kiosk.Ticket, error) {
	l, err := kiosk.ParseTicketLookup(code)
	if err != nil {
		// Typed on the kiosk's keyboard rather than scanned: today's number here.
		typed, ok := kiosk.TypedTicket(code, db.KioskID(), kiosk.LocalDay(db.Now()))
		if !ok {
			return kiosk.Ticket{}, err
		}
		l = typed
	}
	if l.KioskID != db.KioskID() {
		return kiosk.Ticket{}, otherKiosk
	}
	// A number is unique among its issuing line's tickets of the day, and prefixes are
	// unique among lines; should a changed configuration ever give two, the served one wins.
	ts, err := queryTickets(ctx, q, `day = ? AND code = ? ORDER BY status = 'done' DESC, id DESC LIMIT 1`, l.Day, l.Code)
	if err != nil {
		return kiosk.Ticket{}, err
	}
	if len(ts) == 0 {
		return kiosk.Ticket{}, kiosk.Errorf(kiosk.ENOTFOUND, "Không tìm thấy số thứ tự "+l.Code+" ngày "+l.Day, "no such ticket")
	}
	return ts[0], nil
}
