package hub

import (
	"context"
	"encoding/json"

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
	queries, args := q.sql(pgPlaceholder, "jsonb_array_elements_text(r.reasons) j(value)")
	counts, err := pgCounts(ctx, s, queries[:], args, (*ratingCount).fields)
	if err != nil {
		return nil, err
	}
	return foldRatingCounts(counts), nil
}

// pgCounts runs each of queries with args on IT's pool and appends their rows (scanCounts):
// the reads of RatingGroups and AssessmentSummaries.
func pgCounts[C any](ctx context.Context, s *Postgres, queries []string, args []any, fields func(*C) []any) ([]C, error) {
	var counts []C
	for _, query := range queries {
		rows, err := s.admin.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		counts, err = scanCounts(rows, counts, fields)
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return counts, nil
}
