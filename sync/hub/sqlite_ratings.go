package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
)

// keepRating adds the table row of a rating event, inside the ingest transaction that
// stores the event; commune is looked up once per batch (*commune "" until then).
func keepRating(ctx context.Context, tx *sql.Tx, kiosk, epoch string, seq int64, r ratingEvent, commune *string) error {
	if *commune == "" {
		if err := tx.QueryRowContext(ctx, `SELECT commune FROM kiosks WHERE id = ?`, kiosk).Scan(commune); err != nil {
			return err
		}
	}
	reasons, err := json.Marshal(r.Reasons)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ratings(kiosk, epoch, seq, commune, ticket_id, day, counter_id, staff_id, service_id,
		dossier_code, score, scale, class, reasons, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
		kiosk, epoch, seq, *commune, r.TicketID, r.Day, r.CounterID, r.StaffID, r.ServiceID,
		sql.NullString{String: r.DossierCode, Valid: r.DossierCode != ""}, r.Score, r.Scale, r.Class, string(reasons), ft(r.At))
	return err
}

// RatingGroups counts ratings per commune, counter or clerk; see Store.
func (s *SQLite) RatingGroups(ctx context.Context, q RatingQuery) ([]RatingGroup, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	counter, staff := "0", "''"
	switch q.By {
	case ByCounter:
		counter = "r.counter_id"
	case ByStaff:
		staff = "r.staff_id"
	}
	var where []string
	var args []any
	for _, f := range []struct{ cond, v string }{{"r.commune = ?", q.Commune}, {"r.day >= ?", q.From}, {"r.day <= ?", q.To}} {
		if f.v != "" {
			where = append(where, f.cond)
			args = append(args, f.v)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	keys := `r.commune, ` + counter + `, ` + staff
	var counts []ratingCount
	for _, query := range []string{
		`SELECT ` + keys + `, r.class, '', count(*) FROM ratings r` + cond + ` GROUP BY 1, 2, 3, 4`,
		`SELECT ` + keys + `, '', j.value, count(*) FROM ratings r, json_each(r.reasons) j` + cond + ` GROUP BY 1, 2, 3, 5`,
	} {
		rows, err := s.r.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c ratingCount
			if err := rows.Scan(&c.Commune, &c.CounterID, &c.StaffID, &c.Class, &c.Reason, &c.N); err != nil {
				rows.Close()
				return nil, err
			}
			counts = append(counts, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return foldRatingCounts(counts), nil
}
