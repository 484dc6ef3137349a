package hub

// How both stores read the rows of DossierQuery's queries: the same columns in the same
// order, the stores differing only in how a time is scanned (PostgreSQL's timestamptz,
// SQLite's text) and how bytes are (SQLite's sql.RawBytes, read without a copy).

// dossierTimes scans the three times of a dossier row for one store.
type dossierTimes interface {
	// dest are the scan targets of received, appointment and finished, for d's row.
	dest(d *DossierRow) [3]any
	// set fills d's times from what the last row scanned.
	set(d *DossierRow)
}

// resultRows is what both stores' result rows offer.
type resultRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// scanDossier reads the columns every dossier query selects first, then rest.
func scanDossier(rows resultRows, t dossierTimes, rest ...any) (DossierRow, error) {
	var d DossierRow
	at := t.dest(&d)
	if err := rows.Scan(append([]any{&d.Kiosk, &d.Code, &d.Commune, &d.Day, at[0], at[1], &d.Status, at[2], &d.ApplicantMasked}, rest...)...); err != nil {
		return DossierRow{}, err
	}
	t.set(&d)
	return d, nil
}

// dossierRows reads the rows of DossierQuery.sql, each with the state set here it waits on.
func dossierRows(rows resultRows, t dossierTimes) ([]DossierRow, error) {
	var out []DossierRow
	for rows.Next() {
		var cmd int64
		var arg, state, detail string
		d, err := scanDossier(rows, t, &cmd, &arg, &state, &detail)
		if err != nil {
			return nil, err
		}
		d.Requested = request(cmd, arg, state, detail)
		out = append(out, d)
	}
	return out, rows.Err()
}

// foldHistories hands the rows of DossierQuery.historySQL to f as each is read; B is how the
// store scans bytes.
func foldHistories[B ~[]byte](rows resultRows, t dossierTimes, f *historyFolder) error {
	for rows.Next() {
		var kind string
		var personal, body B
		d, err := scanDossier(rows, t, &personal, &kind, &body)
		if err != nil {
			return err
		}
		if err := f.add(d, personal, kind, body); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return f.flush()
}
