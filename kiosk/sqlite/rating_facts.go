package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/motcua/motcua/kiosk"
)

var _ kiosk.RatingSource = (*RatingService)(nil)

// RatingFacts gives the reports the ratings of tickets of the local days [from, to): what
// they count (day, counter, clerk, line, score and reasons), read straight from the table
// the pad writes. The reports' own callers decide who may read them (admins and clerks see
// totals, never who rated what).
func (s *RatingService) RatingFacts(ctx context.Context, from, to string) ([]kiosk.RatingFact, error) {
	rows, err := s.DB.r.QueryContext(ctx, `SELECT day, counter_id, staff_id, service_id, score, scale, reasons
		FROM ratings WHERE day >= ? AND day < ? ORDER BY day, ticket_id`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.RatingFact
	for rows.Next() {
		var f kiosk.RatingFact
		var reasons string
		if err := rows.Scan(&f.Day, &f.CounterID, &f.StaffID, &f.ServiceID, &f.Score, &f.Scale, &reasons); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &f.Reasons); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DossierOfTicket returns the code of the dossier received during a ticket's visit, the
// latest when there were several; "" when the visit left none. The rating pad ties a rating
// to it (RatingService.DossierOf).
func (s *DossierService) DossierOfTicket(ctx context.Context, ticketID int64) (string, error) {
	var code string
	err := s.DB.r.QueryRowContext(ctx, `SELECT code FROM dossiers WHERE ticket_id = ? ORDER BY id DESC LIMIT 1`, ticketID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return code, err
}
