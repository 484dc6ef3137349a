package hub

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// queueTicket adds a ticket event's change of its row to the ingest's batch (the same
// transaction as the event), as keepTicket does for SQLite.
func queueTicket(batch *pgx.Batch, kiosk string, f ticketFact) {
	switch f.Kind {
	case TicketIssuedKind:
		batch.Queue(`INSERT INTO tickets(kiosk, ticket_id, commune, day, service_id, issued_at)
			SELECT $1, $2, k.commune, $3, $4, $5 FROM kiosks k WHERE k.id = $1
			ON CONFLICT (kiosk, ticket_id) DO UPDATE SET commune = excluded.commune, day = excluded.day, service_id = excluded.service_id,
			issued_at = excluded.issued_at, called_at = NULL, finished_at = NULL, no_show = false`,
			kiosk, f.TicketID, f.Day, f.ServiceID, f.At)
	case TicketCalledKind:
		batch.Queue(`UPDATE tickets SET called_at = $1 WHERE kiosk = $2 AND ticket_id = $3 AND called_at IS NULL`, f.At, kiosk, f.TicketID)
	case TicketFinishedKind:
		batch.Queue(`UPDATE tickets SET finished_at = $1 WHERE kiosk = $2 AND ticket_id = $3`, f.At, kiosk, f.TicketID)
	case TicketNoShowKind:
		batch.Queue(`UPDATE tickets SET no_show = true WHERE kiosk = $1 AND ticket_id = $2`, kiosk, f.TicketID)
	}
}

// KioskDays counts each kiosk's tickets and ratings of a local day (IT's pool).
func (s *Postgres) KioskDays(ctx context.Context, day string) (map[string]KioskDay, error) {
	out := map[string]KioskDay{}
	var batch pgx.Batch
	batch.Queue(`SELECT kiosk, count(*), count(called_at) FROM tickets WHERE day = $1 GROUP BY kiosk`, day).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k string
			var d KioskDay
			if err := rows.Scan(&k, &d.Tickets, &d.Called); err != nil {
				return err
			}
			out[k] = d
		}
		return rows.Err()
	})
	batch.Queue(`SELECT kiosk, count(*), count(*) FILTER (WHERE class = 'satisfied') FROM ratings WHERE day = $1 GROUP BY kiosk`, day).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k string
			var n, sat int
			if err := rows.Scan(&k, &n, &sat); err != nil {
				return err
			}
			d := out[k]
			d.Ratings, d.Satisfied = n, sat
			out[k] = d
		}
		return rows.Err()
	})
	return out, s.admin.SendBatch(ctx, &batch).Close()
}

// queueDossier adds a dossier event's change of its row to the ingest's batch, as
// keepDossier does for SQLite.
func queueDossier(batch *pgx.Batch, kiosk string, f dossierFact, recv time.Time) {
	appt := pgtype.Timestamptz{Time: f.Appointment, Valid: !f.Appointment.IsZero()}
	fin := pgtype.Timestamptz{Time: f.At, Valid: f.Finished()}
	final := pgtype.Timestamptz{Time: recv, Valid: f.Final()} // the purge counts from the hub's receipt
	if f.Kind == DossierReceivedKind {
		batch.Queue(`INSERT INTO dossiers(kiosk, code, commune, day, received_at, appointment, status, finished_at, cancelled, final_at)
			SELECT $1, $2, k.commune, $3, $4, $5, $6, $7, $8, $9 FROM kiosks k WHERE k.id = $1 ON CONFLICT (kiosk, code) DO NOTHING`,
			kiosk, f.Code, f.Day, f.At, appt, f.Status, fin, f.Cancelled(), final)
		return
	}
	batch.Queue(`UPDATE dossiers SET status = $1, appointment = coalesce($2, appointment), finished_at = coalesce(finished_at, $3),
		cancelled = $4, requested = CASE WHEN requested = $7 THEN NULL ELSE requested END,
		final_at = CASE WHEN $8::timestamptz IS NULL THEN NULL ELSE coalesce(final_at, $8) END WHERE kiosk = $5 AND code = $6`,
		f.Status, appt, fin, f.Cancelled(), kiosk, f.Code, f.Command, final)
}

// queueApplicant adds the sealing of a dossier's applicant onto its row, as keepApplicant
// does for SQLite.
func queueApplicant(batch *pgx.Batch, kiosk, code string, sa sealedApplicant) {
	batch.Queue(`UPDATE dossiers SET personal = $1, name_masked = $2, id_index = $3, purged_at = NULL WHERE kiosk = $4 AND code = $5`,
		sa.Blob, sa.Masked, sa.IDIndex, kiosk, code)
}
