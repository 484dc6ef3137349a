package hub

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
	wire "github.com/motcua/motcua/sync"
)

// usePersonalKey loads the key file at path for this database, records it, and seals what
// an older hub left in the clear, as SQLite's does. Under the migrations' advisory lock:
// hubs started together record one key, and seal each event once.
func (s *Postgres) usePersonalKey(ctx context.Context, path string) error {
	k, err := loadPersonalKey(path, s.pool.QueryRow(ctx, personalKeyState))
	if err != nil {
		return err
	}
	s.key = k
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO personal_key(id, key_check, created_at) VALUES (1, $1, now()) ON CONFLICT (id) DO NOTHING`,
			keyCheck(k)); err != nil {
			return err
		}
		if err := keyRecorded(tx.QueryRow(ctx, recordedKey), k, path); err != nil {
			return err
		}
		return s.sealPlainApplicants(ctx, tx)
	})
}

// sealPlainApplicants is SQLite's sealPlainApplicants for PostgreSQL. The old row versions
// stay in the table's files until VACUUM reclaims them (docs/hub.md says to run VACUUM FULL
// on events once after upgrading a hub that held applicants in the clear).
func (s *Postgres) sealPlainApplicants(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT kiosk, epoch, seq, kind, body::text, rejected IS NOT NULL FROM events
		WHERE kind IN ('`+DossierReceivedKind+`', '`+DossierChangedKind+`') AND body->'`+applicantMember+`' IS NOT NULL
		ORDER BY received_at, kiosk, epoch, seq`)
	if err != nil {
		return err
	}
	type plain struct {
		kiosk, epoch, kind, body string
		seq                      int64
		rejected                 bool
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (plain, error) {
		var p plain
		err := r.Scan(&p.kiosk, &p.epoch, &p.seq, &p.kind, &p.body, &p.rejected)
		return p, err
	})
	if err != nil {
		return err
	}
	var batch pgx.Batch
	for _, p := range all {
		e := wire.Event{Kind: p.kind, Body: json.RawMessage(p.body)}
		body, applicant := heldBody(e)
		batch.Queue(`UPDATE events SET body = $1::json WHERE kiosk = $2 AND epoch = $3 AND seq = $4`, string(body), p.kiosk, p.epoch, p.seq)
		if df, ok := dossierOf(e); ok && !p.rejected {
			if sa, ok := sealApplicant(s.key, p.kiosk, df.Code, applicant); ok {
				queueApplicant(&batch, p.kiosk, df.Code, sa)
			}
		}
	}
	if batch.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &batch).Close()
}

// PurgePersonal deletes the personal data past its time; see PersonalStore.
func (s *Postgres) PurgePersonal(ctx context.Context, cutoff, now time.Time, actor string) ([]DossierKey, error) {
	var out []DossierKey
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE dossiers SET personal = NULL, id_index = '', purged_at = $2
			WHERE personal IS NOT NULL AND final_at IS NOT NULL AND final_at < $1 RETURNING kiosk, code`, cutoff, now)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (DossierKey, error) {
			var d DossierKey
			err := r.Scan(&d.Kiosk, &d.Code)
			return d, err
		})
		if err != nil {
			return err
		}
		var batch pgx.Batch
		for _, d := range out {
			batch.Queue(`INSERT INTO audit(at, actor, action, target, detail, remote) VALUES ($1,$2,$3,$4,$5,'')`,
				now, actor, auditPurge, d.String(), purgeDetail(cutoff))
		}
		if batch.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, &batch).Close()
	})
	return out, err
}
