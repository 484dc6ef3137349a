package hub

import (
	"context"
	"database/sql"
	"encoding/json"
)

// keepRating adds the table row of a rating event, inside the ingest transaction that
// stores the event; commune is looked up once per batch (*commune "" until then).
func keepRating(ctx context.Context, tx *sql.Tx, kiosk, epoch string, seq int64, r ratingEvent, commune *string) error {
	if err := batchCommune(ctx, tx, kiosk, commune); err != nil {
		return err
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

// batchCommune looks the sending kiosk's commune up into *commune once per ingest batch
// ("" until then): the rows of ratings, assessments, tickets and dossiers each carry it.
func batchCommune(ctx context.Context, tx *sql.Tx, kiosk string, commune *string) error {
	if *commune != "" {
		return nil
	}
	return tx.QueryRowContext(ctx, `SELECT commune FROM kiosks WHERE id = ?`, kiosk).Scan(commune)
}

// RatingGroups counts ratings per commune, counter or clerk; see Store.
func (s *SQLite) RatingGroups(ctx context.Context, q RatingQuery) ([]RatingGroup, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	queries, args := q.sql(sqlitePlaceholder, "json_each(r.reasons) j")
	counts, err := sqliteCounts(ctx, s, queries[:], args, (*ratingCount).fields)
	if err != nil {
		return nil, err
	}
	return foldRatingCounts(counts), nil
}

// sqliteCounts runs each of queries with args on the readers and appends their rows
// (scanCounts): the reads of RatingGroups and AssessmentSummaries.
func sqliteCounts[C any](ctx context.Context, s *SQLite, queries []string, args []any, fields func(*C) []any) ([]C, error) {
	var counts []C
	for _, query := range queries {
		rows, err := s.r.QueryContext(ctx, query, args...)
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

func sqlitePlaceholder(int) string { return "?" }
