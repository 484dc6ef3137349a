package hub

import (
	"context"
	"database/sql"
	"encoding/json"
)

// Dossiers lists the dossiers q selects, newest received first, each with the state set
// here it waits on.
func (s *SQLite) Dossiers(ctx context.Context, q DossierQuery) ([]DossierRow, error) {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := q.sql(sqlitePlaceholder, sqliteOneOf)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return dossierRows(rows, &sqliteTimes{})
}

// DossierHistories calls each with every dossier q selects (its limit aside), oldest
// received first, with its events; rows are read as each is sent, never all at once.
func (s *SQLite) DossierHistories(ctx context.Context, q DossierQuery, each func(DossierHistory) error) error {
	q.idIndex = idIndex(s.key, q.IDNumber)
	query, args := sqliteHistorySQL(q)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return foldHistories[sql.RawBytes](rows, &sqliteTimes{}, &historyFolder{key: s.key, each: each})
}

// sqliteTimes scans a dossier's times from the text the store writes (dossierTimes).
type sqliteTimes struct {
	recv      string
	appt, fin sql.NullString
}

func (t *sqliteTimes) dest(*DossierRow) [3]any { return [3]any{&t.recv, &t.appt, &t.fin} }

func (t *sqliteTimes) set(d *DossierRow) {
	d.ReceivedAt, d.Appointment, d.FinishedAt = pt(sql.NullString{String: t.recv, Valid: true}), pt(t.appt), pt(t.fin)
}

// sqliteOneOf is DossierQuery's list condition in SQLite: the list as a JSON array.
func sqliteOneOf(col string, _ int, list []string) (string, any) {
	b, _ := json.Marshal(list)
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// sqliteHistorySQL is DossierHistories' query. Without the hint SQLite may take events_kind
// and read every dossier event of the kiosk for each dossier; without the unary + on
// d.code, the column's text affinity keeps the index's expression from matching (EXPLAIN
// QUERY PLAN then says "kiosk=?" alone).
func sqliteHistorySQL(q DossierQuery) (string, []any) {
	return q.historySQL(sqlitePlaceholder, sqliteOneOf, "events e INDEXED BY events_dossier",
		"json_extract(e.body, '$.code') = +d.code")
}
