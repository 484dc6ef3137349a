package hub

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
)

// Dossiers lists the dossiers q selects, newest received first, each with the state set
// here it waits on (IT's pool).
func (s *Postgres) Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error) {
	query, args := q.sql(func(n int) string { return "$" + strconv.Itoa(n) }, func(col string, n int, list []string) (string, any) {
		return col + " = ANY($" + strconv.Itoa(n) + ")", list
	})
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
		if err := rows.Scan(&d.Kiosk, &d.Code, &d.Commune, &d.Day, &d.ReceivedAt, &appt, &d.Status, &fin, &cmd, &arg, &state, &detail); err != nil {
			return nil, err
		}
		d.ReceivedAt, d.Appointment, d.FinishedAt = d.ReceivedAt.UTC(), utc(appt), utc(fin)
		d.Requested = request(cmd, arg, state, detail)
		out = append(out, d)
	}
	return out, rows.Err()
}
