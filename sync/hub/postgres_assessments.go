package hub

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
)

// queueAssessment adds an assessment event's row to the ingest's batch, with the sending
// kiosk's commune, as keepAssessment does for SQLite.
func queueAssessment(batch *pgx.Batch, kiosk, epoch string, seq int64, a assessmentEvent) {
	scores, _ := json.Marshal(a.Scores) // a map[string]int always encodes
	batch.Queue(`INSERT INTO assessments(commune, dossier_code, kiosk, epoch, seq, day, procedure, service_id, staff_id,
		counter_id, scores, via, at)
		SELECT k.commune, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12 FROM kiosks k WHERE k.id = $1
		ON CONFLICT DO NOTHING`,
		kiosk, a.DossierCode, epoch, seq, a.Day, a.Procedure, a.ServiceID, a.StaffID, a.CounterID, string(scores), a.Via, a.At)
}

// AssessmentSummaries sums the assessments per commune; see Store.
func (s *Postgres) AssessmentSummaries(ctx context.Context, q AssessmentQuery) ([]AssessmentSummary, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	cond, args := q.where(pgPlaceholder)
	counts, err := pgCounts(ctx, s, []string{
		`SELECT a.commune, '', count(*)::int, 0 FROM assessments a` + cond + ` GROUP BY 1`,
		`SELECT a.commune, j.key, count(*)::int, sum(j.value::int)::int FROM assessments a, jsonb_each_text(a.scores) j(key, value)` + cond + ` GROUP BY 1, 2`,
	}, args, (*assessmentCount).fields)
	if err != nil {
		return nil, err
	}
	return foldAssessmentCounts(counts), nil
}
