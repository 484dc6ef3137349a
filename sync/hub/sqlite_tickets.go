package hub

import (
	"context"
	"database/sql"
)

// keepTicket applies a ticket event to its row, inside the ingest transaction that stores
// the event; commune is looked up once per batch (*commune "" until then). A call,
// finish or no-show of a ticket the hub never saw issued changes nothing.
func keepTicket(ctx context.Context, tx *sql.Tx, kiosk string, f ticketFact, commune *string) error {
	var err error
	switch f.Kind {
	case TicketIssuedKind:
		if err := batchCommune(ctx, tx, kiosk, commune); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO tickets(kiosk, ticket_id, commune, day, service_id, issued_at) VALUES (?,?,?,?,?,?)
			ON CONFLICT(kiosk, ticket_id) DO UPDATE SET commune = excluded.commune, day = excluded.day, service_id = excluded.service_id,
			issued_at = excluded.issued_at, called_at = NULL, finished_at = NULL, no_show = 0`,
			kiosk, f.TicketID, *commune, f.Day, f.ServiceID, ft(f.At))
	case TicketCalledKind:
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET called_at = ? WHERE kiosk = ? AND ticket_id = ? AND called_at IS NULL`, ft(f.At), kiosk, f.TicketID)
	case TicketFinishedKind:
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET finished_at = ? WHERE kiosk = ? AND ticket_id = ?`, ft(f.At), kiosk, f.TicketID)
	case TicketNoShowKind:
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET no_show = 1 WHERE kiosk = ? AND ticket_id = ?`, kiosk, f.TicketID)
	}
	return err
}

// KioskDays counts each kiosk's tickets and ratings of a local day.
func (s *SQLite) KioskDays(ctx context.Context, day string) (map[string]KioskDay, error) {
	out := map[string]KioskDay{}
	rows, err := s.r.QueryContext(ctx, `SELECT kiosk, count(*), count(called_at) FROM tickets WHERE day = ? GROUP BY kiosk`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var d KioskDay
		if err := rows.Scan(&k, &d.Tickets, &d.Called); err != nil {
			return nil, err
		}
		out[k] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.r.QueryContext(ctx, `SELECT kiosk, count(*), coalesce(sum(class = 'satisfied'), 0) FROM ratings WHERE day = ? GROUP BY kiosk`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n, sat int
		if err := rows.Scan(&k, &n, &sat); err != nil {
			return nil, err
		}
		d := out[k]
		d.Ratings, d.Satisfied = n, sat
		out[k] = d
	}
	return out, rows.Err()
}

// keepDossier applies a dossier event to its row, inside the ingest transaction; a change
// of a dossier the hub never saw received changes nothing.
func keepDossier(ctx context.Context, tx *sql.Tx, kiosk string, f dossierFact, commune *string, recv string) error {
	appt := sql.NullString{String: ft(f.Appointment), Valid: !f.Appointment.IsZero()}
	fin := sql.NullString{String: ft(f.At), Valid: f.Finished()}
	final := sql.NullString{String: recv, Valid: f.Final()} // the purge counts from the hub's receipt
	if f.Kind == DossierReceivedKind {
		if err := batchCommune(ctx, tx, kiosk, commune); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO dossiers(kiosk, code, commune, day, received_at, appointment, status, finished_at, cancelled, final_at)
			VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(kiosk, code) DO NOTHING`,
			kiosk, f.Code, *commune, f.Day, ft(f.At), appt, f.Status, fin, f.Cancelled(), final)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, appointment = coalesce(?, appointment),
		finished_at = coalesce(finished_at, ?), cancelled = ?, requested = CASE WHEN requested = ? THEN NULL ELSE requested END,
		final_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(final_at, ?) END
		WHERE kiosk = ? AND code = ?`,
		f.Status, appt, fin, f.Cancelled(), f.Command, final, final, kiosk, f.Code)
	return err
}
