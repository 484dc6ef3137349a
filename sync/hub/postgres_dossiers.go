package hub

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
)

// Dossiers lists the dossiers q selects, newest received first, each with the state set
// here it waits on (IT's pool).
func (s *Postgres) Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error) {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := q.sql(pgPlaceholder, pgOneOf)
	rows, err := s.admin.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DossierRow
	for rows.Next() {
		var d DossierRow
		var appt, fin pgtype.Timestamptz
		var cmd int64
		var arg, state, detail string
		if err := rows.Scan(&d.Kiosk, &d.Code, &d.Commune, &d.Day, &d.ReceivedAt, &appt, &d.Status, &fin, &d.ApplicantMasked, &cmd, &arg, &state, &detail); err != nil {
			return nil, err
		}
		d.ReceivedAt, d.Appointment, d.FinishedAt = d.ReceivedAt.UTC(), utc(appt), utc(fin)
		d.Requested = request(cmd, arg, state, detail)
		out = append(out, d)
	}
	return out, rows.Err()
}

// DossierHistories calls each with every dossier q selects (its limit aside), oldest
// received first, with its events; pgx reads the rows as each is sent, never all at once.
func (s *Postgres) DossierHistories(ctx context.Context, q DossierQuery, each func(DossierHistory) error) error {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := q.historySQL(pgPlaceholder, pgOneOf, "events e", "(e.body->>'code') = d.code")
	rows, err := s.admin.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	f := historyFolder{key: s.key, each: each}
	for rows.Next() {
		var d DossierRow
		var appt, fin pgtype.Timestamptz
		var kind string
		var personal, body []byte
		if err := rows.Scan(&d.Kiosk, &d.Code, &d.Commune, &d.Day, &d.ReceivedAt, &appt, &d.Status, &fin, &d.ApplicantMasked, &personal, &kind, &body); err != nil {
			return err
		}
		d.ReceivedAt, d.Appointment, d.FinishedAt = d.ReceivedAt.UTC(), utc(appt), utc(fin)
		if err := f.add(d, personal, kind, body); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return f.flush()
}

func pgPlaceholder(n int) string { return "$" + strconv.Itoa(n) }

// pgOneOf is DossierQuery's list condition in PostgreSQL: the list as an array parameter.
func pgOneOf(col string, n int, list []string) (string, any) {
	return col + " = ANY($" + strconv.Itoa(n) + ")", list
}
