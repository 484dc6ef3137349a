package hub

import (
	"context"
	"database/sql"
	"encoding/json"
)

// keepAssessment adds the row of an assessment event inside the ingest transaction; the
// first for a commune's dossier stays. commune is looked up once per batch (as keepRating).
func keepAssessment(ctx context.Context, tx *sql.Tx, kiosk, epoch string, seq int64, a assessmentEvent, commune *string) error {
	if err := batchCommune(ctx, tx, kiosk, commune); err != nil {
		return err
	}
	scores, err := json.Marshal(a.Scores)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO assessments(commune, dossier_code, kiosk, epoch, seq, day, procedure, service_id,
		staff_id, counter_id, scores, via, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
		*commune, a.DossierCode, kiosk, epoch, seq, a.Day, a.Procedure, a.ServiceID, a.StaffID, a.CounterID, string(scores), a.Via, ft(a.At))
	return err
}

// AssessmentSummaries sums the assessments per commune; see Store.
func (s *SQLite) AssessmentSummaries(ctx context.Context, q AssessmentQuery) ([]AssessmentSummary, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	cond, args := q.where(sqlitePlaceholder)
	counts, err := sqliteCounts(ctx, s, []string{
		`SELECT a.commune, '', count(*), 0 FROM assessments a` + cond + ` GROUP BY 1`,
		`SELECT a.commune, j.key, count(*), sum(j.value) FROM assessments a, json_each(a.scores) j` + cond + ` GROUP BY 1, 2`,
	}, args, (*assessmentCount).fields)
	if err != nil {
		return nil, err
	}
	return foldAssessmentCounts(counts), nil
}
