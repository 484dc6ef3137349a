package sqlite

// upstreamApplied tells whether the hub's command has already left its event on the
// dossier's tracking sheet: the same command delivered again (its acknowledgement was
// lost, the kiosk restarted before sending it) changes nothing the second time.
func (tx *Tx) upstreamApplied(dossierID, command int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM dossier_events
		WHERE dossier_id = ? AND json_extract(body, '$.upstream.command') = ?`, dossierID, command).Scan(&n)
	return n > 0, err
}
