package sqlite

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// UpdateApplicant corrects the applicant's details, sealed again, with the changed fields
// (never their values) in the event and the audit log. The hub gets the corrected details
// sealed in the event, as at intake.
func (s *DossierService) UpdateApplicant(ctx context.Context, by kiosk.Staff, code string, a kiosk.Applicant, reason string) (kiosk.Dossier, error) {
	if err := kiosk.MayHandleDossiers(by); err != nil {
		return kiosk.Dossier{}, err
	}
	code, err := kiosk.ParseDossierCode(code)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return kiosk.Dossier{}, kiosk.Invalid("reason", "Xin ghi lý do sửa thông tin người nộp", "a reason is required to correct the applicant")
	}
	a.Normalize()
	if err := a.Validate(s.DB.Now()); err != nil {
		return kiosk.Dossier{}, err
	}
	key, err := s.DB.personalKey(ctx, true)
	if err != nil {
		return kiosk.Dossier{}, err
	}
	var d kiosk.Dossier
	err = s.DB.Write(ctx, func(tx *Tx) error {
		row, err := getDossier(ctx, tx, code)
		if err != nil {
			return err
		}
		if !row.PurgedAt.IsZero() {
			return kiosk.Errorf(kiosk.ECONFLICT, "Dữ liệu cá nhân của hồ sơ này đã được xoá theo thời hạn lưu trữ", "the dossier's personal data was purged")
		}
		old, err := row.open(key)
		if err != nil {
			return err
		}
		changed := old.ChangedFields(a)
		if len(changed) > 0 {
			plain, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET name = ?, name_masked = ?, name_folded = ?, phone_index = ?,
				id_index = ?, personal = ? WHERE id = ?`, a.Name, kiosk.MaskName(a.Name), kiosk.Fold(a.Name),
				key.BlindIndex("phone", a.Phone), key.BlindIndex("id", a.IDNumber), key.Seal(plain, "dossier:"+code), row.ID); err != nil {
				return err
			}
			now := tx.Now().In(kiosk.Zone)
			ev := kiosk.DossierEvent{Code: code, Action: kiosk.ActionApplicant, From: row.Status, Status: row.Status,
				PortalStatus: row.Status.Portal(), StaffID: by.ID, At: now, Reason: reason, Appointment: row.Appointment, Fields: changed}
			seq, err := tx.EmitSealed(key, kiosk.EventDossierChanged, ev, map[string]kiosk.Applicant{"applicant": a})
			if err != nil {
				return err
			}
			if err := tx.recordEvent(row.ID, seq, ev); err != nil {
				return err
			}
			if err := tx.audit(by.ID, kiosk.AuditChange, row.ID, changed); err != nil {
				return err
			}
		}
		d, err = readWhole(tx, key, by, code, kiosk.AuditView)
		return err
	})
	return d, err
}

// ExportPerson returns every dossier held for the ID number, whole, with their audit log.
func (s *DossierService) ExportPerson(ctx context.Context, by kiosk.Staff, idNumber string) (kiosk.PersonExport, error) {
	if err := kiosk.MayAdminDossiers(by); err != nil {
		return kiosk.PersonExport{}, err
	}
	idNumber = strings.TrimSpace(idNumber)
	probe := kiosk.Applicant{Name: "x", IDNumber: idNumber}
	if err := probe.Validate(s.DB.Now()); err != nil || idNumber == "" {
		return kiosk.PersonExport{}, kiosk.Invalid("id_number", "Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số)", "the ID number must be 12 digits (an old CMND: 9)")
	}
	key, err := s.DB.personalKey(ctx, true)
	if err != nil {
		return kiosk.PersonExport{}, err
	}
	out := kiosk.PersonExport{IDNumber: idNumber, Dossiers: []kiosk.Dossier{}, Audit: []kiosk.DataAccess{}}
	err = s.DB.Write(ctx, func(tx *Tx) error {
		out.ExportedAt = tx.Now().In(kiosk.Zone)
		rows, err := tx.QueryContext(ctx, `SELECT code FROM dossiers WHERE id_index = ? ORDER BY id`, key.BlindIndex("id", idNumber))
		if err != nil {
			return err
		}
		var codes []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			codes = append(codes, c)
		}
		rows.Close()
		if len(codes) == 0 {
			return kiosk.Errorf(kiosk.ENOTFOUND, "Kiosk không lưu dữ liệu nào của số định danh này", "nothing is held for this ID number")
		}
		for _, c := range codes {
			d, err := readWhole(tx, key, by, c, kiosk.AuditExport)
			if err != nil {
				return err
			}
			out.Dossiers = append(out.Dossiers, d)
			entries, err := auditOf(ctx, tx, "dossier_id = ?", []any{d.ID}, 10_000)
			if err != nil {
				return err
			}
			out.Audit = append(out.Audit, entries...)
		}
		return nil
	})
	return out, err
}

// Audit returns the audit log of one dossier, or the latest entries of all, newest first.
func (s *DossierService) Audit(ctx context.Context, by kiosk.Staff, code string, limit int) ([]kiosk.DataAccess, error) {
	if err := kiosk.MayAdminDossiers(by); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	where, args := "1", []any{}
	if code != "" {
		c, err := kiosk.ParseDossierCode(code)
		if err != nil {
			return nil, err
		}
		where, args = "dossier_id = (SELECT id FROM dossiers WHERE code = ?)", []any{c}
	}
	return auditOf(ctx, s.DB.Reader(), where, args, limit)
}

func auditOf(ctx context.Context, q querier, where string, args []any, limit int) ([]kiosk.DataAccess, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.at, a.staff_id, a.action, coalesce(d.code, ''), a.fields
		FROM personal_audit a LEFT JOIN dossiers d ON d.id = a.dossier_id WHERE `+where+` ORDER BY a.id DESC LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []kiosk.DataAccess{}
	for rows.Next() {
		var e kiosk.DataAccess
		var at, fields string
		if err := rows.Scan(&e.ID, &at, &e.StaffID, &e.Action, &e.Code, &fields); err != nil {
			return nil, err
		}
		if e.At, err = parseOptTime(at); err != nil {
			return nil, err
		}
		if fields != "" {
			e.Fields = strings.Split(fields, ",")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Purge removes the personal data of dossiers final for longer than the retention period
// whose every event the hub holds: the sealed applicant, the name (the masked one stays
// for the public look-up), the search indexes and the notes, and the sealed applicant in
// their synced outbox events. One transaction; the audit log records each.
func (s *DossierService) Purge(ctx context.Context) (int, error) {
	var n int
	err := s.DB.Write(ctx, func(tx *Tx) error {
		var synced int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synced_through'), 0)`).Scan(&synced); err != nil {
			return err
		}
		cutoff := formatTime(tx.Now().Add(-s.Config.PurgeAfter()))
		rows, err := tx.QueryContext(ctx, `SELECT id FROM dossiers WHERE purged_at = '' AND closed_at <> '' AND closed_at < ? AND last_seq <= ?`, cutoff, synced)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET name = '', name_folded = '', phone_index = '', id_index = '',
				personal = NULL, notes = '', purged_at = ? WHERE id = ?`, formatTime(tx.Now()), id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET body = json_remove(body, '$.`+sealedMember+`')
				WHERE seq IN (SELECT seq FROM dossier_events WHERE dossier_id = ?)`, id); err != nil {
				return err
			}
			if err := tx.audit("system", kiosk.AuditPurge, id, nil); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}
