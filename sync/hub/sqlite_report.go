package hub

import (
	"context"
	"database/sql"
	"time"
)

// CommuneReports sums per commune over q's days; see Store. Three grouped reads of the
// tickets, ratings and dossiers tables, each by its (day, commune) index.
func (s *SQLite) CommuneReports(ctx context.Context, q ReportQuery, now time.Time) ([]CommuneReport, error) {
	by := map[string]*CommuneReport{}
	row := func(c string) *CommuneReport {
		if by[c] == nil {
			by[c] = &CommuneReport{Commune: c}
		}
		return by[c]
	}
	scan := func(query string, args []any, fn func(rows *sql.Rows) error) error {
		rows, err := s.r.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := scan(`SELECT commune, count(*), count(called_at), sum(no_show),
			coalesce(avg((julianday(called_at) - julianday(issued_at)) * 1440), 0), coalesce(max((julianday(called_at) - julianday(issued_at)) * 1440), 0)
		FROM tickets WHERE day BETWEEN ? AND ? GROUP BY commune`, []any{q.From, q.To}, func(rows *sql.Rows) error {
		var c string
		var t CommuneReport
		if err := rows.Scan(&c, &t.Tickets, &t.Called, &t.NoShow, &t.AvgWaitMin, &t.MaxWaitMin); err != nil {
			return err
		}
		r := row(c)
		r.Tickets, r.Called, r.NoShow, r.AvgWaitMin, r.MaxWaitMin = t.Tickets, t.Called, t.NoShow, round1(t.AvgWaitMin), round1(t.MaxWaitMin)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT commune, count(*), coalesce(sum(class = 'satisfied'), 0) FROM ratings WHERE day BETWEEN ? AND ? GROUP BY commune`,
		[]any{q.From, q.To}, func(rows *sql.Rows) error {
			var c string
			var n, sat int
			if err := rows.Scan(&c, &n, &sat); err != nil {
				return err
			}
			r := row(c)
			r.Ratings, r.Satisfied = n, sat
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT commune, count(*), count(finished_at),
			coalesce(sum(finished_at IS NOT NULL AND (appointment IS NULL OR finished_at <= appointment)), 0),
			coalesce(sum(finished_at > appointment), 0),
			coalesce(sum(finished_at IS NULL AND cancelled = 0 AND appointment < ?), 0),
			coalesce(sum(cancelled), 0)
		FROM dossiers WHERE day BETWEEN ? AND ? GROUP BY commune`, []any{ft(now), q.From, q.To}, func(rows *sql.Rows) error {
		var c string
		var d CommuneReport
		if err := rows.Scan(&c, &d.Dossiers, &d.Finished, &d.OnTime, &d.Late, &d.Overdue, &d.Cancelled); err != nil {
			return err
		}
		r := row(c)
		r.Dossiers, r.Finished, r.OnTime, r.Late, r.Overdue, r.Cancelled = d.Dossiers, d.Finished, d.OnTime, d.Late, d.Overdue, d.Cancelled
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]CommuneReport, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	return out, nil
}
