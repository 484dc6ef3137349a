package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// usePersonalKey loads the key file at path for this database (loadPersonalKey: made on
// first use, refused when it is not the key recorded), records it, and seals what an older
// hub left in the clear.
func (s *SQLite) usePersonalKey(ctx context.Context, path string) error {
	k, err := loadPersonalKey(path, s.w.QueryRowContext(ctx, personalKeyState))
	if err != nil {
		return err
	}
	s.key = k
	var n int
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO personal_key(id, key_check, created_at) VALUES (1, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))
			ON CONFLICT(id) DO NOTHING`, keyCheck(k)); err != nil {
			return err
		}
		if err := keyRecorded(tx.QueryRowContext(ctx, recordedKey), k, path); err != nil {
			return err
		}
		n, err = s.sealPlainApplicants(ctx, tx)
		return err
	})
	if err == nil && n > 0 {
		// The events' old pages, in the clear, leave the write-ahead log too.
		_, err = s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return err
}

// sealPlainApplicants is the migration of what hubs before the sealing stored: every dossier
// event still holding an applicant loses it, and the latest applicant of each dossier is
// sealed onto its row, in the order the events came. Idempotent: a second run finds nothing.
func (s *SQLite) sealPlainApplicants(ctx context.Context, tx *sql.Tx) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rowid, kiosk, kind, body, rejected IS NOT NULL FROM events
		WHERE kind IN ('`+DossierReceivedKind+`', '`+DossierChangedKind+`') AND json_type(body, '$.`+applicantMember+`') IS NOT NULL
		ORDER BY received_at, kiosk, epoch, seq`)
	if err != nil {
		return 0, err
	}
	type plain struct {
		id          int64
		kiosk, kind string
		body        []byte
		rejected    bool
	}
	var all []plain
	for rows.Next() {
		var p plain
		if err := rows.Scan(&p.id, &p.kiosk, &p.kind, &p.body, &p.rejected); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, p := range all {
		e := wire.Event{Kind: p.kind, Body: json.RawMessage(p.body)}
		body, applicant := heldBody(e)
		if _, err := tx.ExecContext(ctx, `UPDATE events SET body = ? WHERE rowid = ?`, string(body), p.id); err != nil {
			return 0, err
		}
		df, ok := dossierOf(e)
		if !ok || p.rejected {
			continue
		}
		if sa, ok := sealApplicant(s.key, p.kiosk, df.Code, applicant); ok {
			if err := keepApplicant(ctx, tx, p.kiosk, df.Code, sa); err != nil {
				return 0, err
			}
		}
	}
	return len(all), nil
}

// keepApplicant seals a dossier's applicant onto its row (the latest sent wins).
func keepApplicant(ctx context.Context, tx *sql.Tx, kiosk, code string, sa sealedApplicant) error {
	_, err := tx.ExecContext(ctx, `UPDATE dossiers SET personal = ?, name_masked = ?, id_index = ?, purged_at = NULL
		WHERE kiosk = ? AND code = ?`, sa.Blob, sa.Masked, sa.IDIndex, kiosk, code)
	return err
}

// PurgePersonal deletes the personal data past its time; see PersonalStore.
func (s *SQLite) PurgePersonal(ctx context.Context, cutoff, now time.Time, actor string) ([]DossierKey, error) {
	var out []DossierKey
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT kiosk, code FROM dossiers
			WHERE personal IS NOT NULL AND final_at IS NOT NULL AND final_at < ? ORDER BY final_at, kiosk, code`, ft(cutoff))
		if err != nil {
			return err
		}
		for rows.Next() {
			var d DossierKey
			if err := rows.Scan(&d.Kiosk, &d.Code); err != nil {
				rows.Close()
				return err
			}
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET personal = NULL, id_index = '', purged_at = ? WHERE kiosk = ? AND code = ?`,
				ft(now), d.Kiosk, d.Code); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, target, detail, remote) VALUES (?,?,?,?,?,'')`,
				ft(now), actor, auditPurge, d.String(), purgeDetail(cutoff)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(out) > 0 {
		_, err = s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return out, err
}
