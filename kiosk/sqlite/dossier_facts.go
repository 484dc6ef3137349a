package sqlite

import (
	"context"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// DossierFacts gives the reports the dossiers received on the local days [from, to): who
// received them, at which counter, the line of their procedure's field (lines, the queue
// configuration in force), the appointment date, and when the result was first ready or
// handed back (the earliest such event of the tracking sheet, by instant), so the reports count them on time or late.
func (s *DossierService) DossierFacts(ctx context.Context, from, to string, lines kiosk.QueueAdmin) ([]kiosk.DossierFact, error) {
	cfg, err := lines.QueueConfig(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.r.QueryContext(ctx, `SELECT d.day, d.counter_id, d.staff_id, d.field, d.appointment,
		coalesce((SELECT json_extract(e.body, '$.at') FROM dossier_events e
			WHERE e.dossier_id = d.id AND json_extract(e.body, '$.status') IN (?, ?)
			ORDER BY julianday(json_extract(e.body, '$.at')) LIMIT 1), '')
		FROM dossiers d WHERE d.day >= ? AND d.day < ? ORDER BY d.id`,
		int(kiosk.DossierReady), int(kiosk.DossierReturned), from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.DossierFact
	for rows.Next() {
		var f kiosk.DossierFact
		var field, due, finished string
		if err := rows.Scan(&f.Day, &f.CounterID, &f.StaffID, &field, &due, &finished); err != nil {
			return nil, err
		}
		f.ServiceID = cfg.ServiceForField(field)
		if due != "" {
			if f.Due, err = parseTime(due); err != nil {
				return nil, err
			}
		}
		if finished != "" { // an event's own time, as its JSON body holds it
			if f.Finished, err = time.Parse(time.RFC3339Nano, finished); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DossierFactsOf adapts s to the reports' kiosk.DossierSource, with the lines in force.
type DossierFactsOf struct {
	Dossiers *DossierService
	Lines    kiosk.QueueAdmin
}

// DossierFacts is kiosk.DossierSource.
func (d DossierFactsOf) DossierFacts(ctx context.Context, from, to string) ([]kiosk.DossierFact, error) {
	return d.Dossiers.DossierFacts(ctx, from, to, d.Lines)
}
