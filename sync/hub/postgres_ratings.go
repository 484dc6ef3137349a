package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// queueRating adds a rating event's row to the ingest's batch (the same transaction as
// the event), with the sending kiosk's commune at that time, as keepRating does for SQLite.
func queueRating(batch *pgx.Batch, kiosk, epoch string, seq int64, r ratingEvent) {
	reasons, _ := json.Marshal(r.Reasons) // a []string always encodes
	batch.Queue(`INSERT INTO ratings(kiosk, epoch, seq, commune, ticket_id, day, counter_id, staff_id, service_id,
		dossier_code, score, scale, class, reasons, at)
		SELECT $1, $2, $3, k.commune, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14 FROM kiosks k WHERE k.id = $1
		ON CONFLICT DO NOTHING`,
		kiosk, epoch, seq, r.TicketID, r.Day, r.CounterID, r.StaffID, r.ServiceID,
		pgtype.Text{String: r.DossierCode, Valid: r.DossierCode != ""}, r.Score, r.Scale, r.Class, string(reasons), r.At)
}

// RatingGroups counts ratings per commune, counter or clerk; see Store.
func (s *Postgres) RatingGroups(ctx context.Context, q RatingQuery) ([]RatingGroup, error) {
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
	for _, f := range []struct{ cond, v string }{{"r.commune = $%d", q.Commune}, {"r.day >= $%d", q.From}, {"r.day <= $%d", q.To}} {
		if f.v != "" {
			args = append(args, f.v)
			where = append(where, fmt.Sprintf(f.cond, len(args)))
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
		`SELECT ` + keys + `, '', j.value, count(*) FROM ratings r, jsonb_array_elements_text(r.reasons) j(value)` + cond + ` GROUP BY 1, 2, 3, 5`,
	} {
		rows, err := s.admin.Query(ctx, query, args...)
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
