package hub

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
)

// Dossiers lists the dossiers q selects, newest received first, each with the state set
// here it waits on (IT's pool).
func (s *Postgres) Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error) {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := q.sql(pgPlaceholder, pgOneOf)
	rows, err := s.admin.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return dossierRows(rows, &pgTimes{})
}

// DossierHistories calls each with every dossier q selects (its limit aside), oldest
// received first, with its events; pgx reads the rows as each is sent, never all at once.
func (s *Postgres) DossierHistories(ctx context.Context, q DossierQuery, each func(DossierHistory) error) error {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := q.historySQL(pgPlaceholder, pgOneOf, "events e", "(e.body->>'code') = d.code")
	rows, err := s.admin.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return foldHistories[[]byte](rows, &pgTimes{}, &historyFolder{key: s.key, each: each})
}

// pgTimes scans a dossier's times from timestamptz columns, in UTC (dossierTimes).
type pgTimes struct{ appt, fin pgtype.Timestamptz }

func (t *pgTimes) dest(d *DossierRow) [3]any { return [3]any{&d.ReceivedAt, &t.appt, &t.fin} }

func (t *pgTimes) set(d *DossierRow) {
	d.ReceivedAt, d.Appointment, d.FinishedAt = d.ReceivedAt.UTC(), utc(t.appt), utc(t.fin)
}

func pgPlaceholder(n int) string { return "$" + strconv.Itoa(n) }

// pgOneOf is DossierQuery's list condition in PostgreSQL: the list as an array parameter.
func pgOneOf(col string, n int, list []string) (string, any) {
	return col + " = ANY($" + strconv.Itoa(n) + ")", list
}
