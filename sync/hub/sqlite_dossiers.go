package hub

import (
	"context"
	"database/sql"
	"encoding/json"
)

// Dossiers lists the dossiers q selects, newest received first, each with the state set
// here it waits on.
func (s *SQLite) Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error) {
	query, args := q.sql(func(int) string { return "?" }, func(col string, _ int, list []string) (string, any) {
		b, _ := json.Marshal(list)
		return col + " IN (SELECT value FROM json_each(?))", string(b)
	})
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DossierRow
	for rows.Next() {
		var d DossierRow
		var recv string
		var appt, fin sql.NullString
		var cmd int64
		var arg, state, detail string
		if err := rows.Scan(&d.Kiosk, &d.Code, &d.Commune, &d.Day, &recv, &appt, &d.Status, &fin, &cmd, &arg, &state, &detail); err != nil {
			return nil, err
		}
		d.ReceivedAt, d.Appointment, d.FinishedAt = pt(sql.NullString{String: recv, Valid: true}), pt(appt), pt(fin)
		d.Requested = request(cmd, arg, state, detail)
		out = append(out, d)
	}
	return out, rows.Err()
}
