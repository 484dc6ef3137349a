package hub

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// CommuneReports sums per commune over q's days; see Store. Three grouped reads in one
// round trip, on IT's pool.
func (s *Postgres) CommuneReports(ctx context.Context, q ReportQuery, now time.Time) ([]CommuneReport, error) {
	by := map[string]*CommuneReport{}
	row := func(c string) *CommuneReport {
		if by[c] == nil {
			by[c] = &CommuneReport{Commune: c}
		}
		return by[c]
	}
	each := func(fn func(rows pgx.Rows) error) func(pgx.Rows) error {
		return func(rows pgx.Rows) error {
			for rows.Next() {
				if err := fn(rows); err != nil {
					return err
				}
			}
			return rows.Err()
		}
	}
	var batch pgx.Batch
	batch.Queue(`SELECT commune, count(*), count(called_at), count(*) FILTER (WHERE no_show),
			coalesce(avg(extract(epoch FROM called_at - issued_at) / 60), 0)::float8, coalesce(max(extract(epoch FROM called_at - issued_at) / 60), 0)::float8
		FROM tickets WHERE day BETWEEN $1 AND $2 GROUP BY commune`, q.From, q.To).Query(each(func(rows pgx.Rows) error {
		var c string
		var t CommuneReport
		if err := rows.Scan(&c, &t.Tickets, &t.Called, &t.NoShow, &t.AvgWaitMin, &t.MaxWaitMin); err != nil {
			return err
		}
		r := row(c)
		r.Tickets, r.Called, r.NoShow, r.AvgWaitMin, r.MaxWaitMin = t.Tickets, t.Called, t.NoShow, round1(t.AvgWaitMin), round1(t.MaxWaitMin)
		return nil
	}))
	batch.Queue(`SELECT commune, count(*), count(*) FILTER (WHERE class = 'satisfied') FROM ratings WHERE day BETWEEN $1 AND $2 GROUP BY commune`,
		q.From, q.To).Query(each(func(rows pgx.Rows) error {
		var c string
		var n, sat int
		if err := rows.Scan(&c, &n, &sat); err != nil {
			return err
		}
		r := row(c)
		r.Ratings, r.Satisfied = n, sat
		return nil
	}))
	batch.Queue(`SELECT commune, count(*), count(finished_at),
			count(*) FILTER (WHERE finished_at IS NOT NULL AND (appointment IS NULL OR finished_at <= appointment)),
			count(*) FILTER (WHERE finished_at > appointment),
			count(*) FILTER (WHERE finished_at IS NULL AND NOT cancelled AND appointment < $3),
			count(*) FILTER (WHERE cancelled)
		FROM dossiers WHERE day BETWEEN $1 AND $2 GROUP BY commune`, q.From, q.To, now).Query(each(func(rows pgx.Rows) error {
		var c string
		var d CommuneReport
		if err := rows.Scan(&c, &d.Dossiers, &d.Finished, &d.OnTime, &d.Late, &d.Overdue, &d.Cancelled); err != nil {
			return err
		}
		r := row(c)
		r.Dossiers, r.Finished, r.OnTime, r.Late, r.Overdue, r.Cancelled = d.Dossiers, d.Finished, d.OnTime, d.Late, d.Overdue, d.Cancelled
		return nil
	}))
	if err := s.admin.SendBatch(ctx, &batch).Close(); err != nil {
		return nil, err
	}
	out := make([]CommuneReport, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	return out, nil
}
