package sqlite

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// List returns a clerk's list: names but no other personal data. A search by phone or ID
// number goes through the blind indexes and is in the audit log (the number searched is not).
func (s *DossierService) List(ctx context.Context, by kiosk.Staff, q kiosk.DossierQuery) (kiosk.DossierPage, error) {
	if err := kiosk.MayHandleDossiers(by); err != nil {
		return kiosk.DossierPage{}, err
	}
	if err := q.Normalize(); err != nil {
		return kiosk.DossierPage{}, err
	}
	now := s.DB.Now()
	query, args, err := s.listQuery(ctx, by, q, now)
	if err != nil {
		return kiosk.DossierPage{}, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, query, args...)
	if err != nil {
		return kiosk.DossierPage{}, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	page := kiosk.DossierPage{Dossiers: make([]kiosk.DossierSummary, 0, min(q.Limit, 128))}
	for rows.Next() {
		var d kiosk.DossierSummary
		var status int
		var received, appt string
		if err := rows.Scan(&d.Code, &d.Procedure, &d.ProcedureRef, &status, &received, &appt, &d.Name, &d.CounterID, &d.StaffID); err != nil {
			return kiosk.DossierPage{}, err
		}
		if len(page.Dossiers) == q.Limit {
			page.More = true
			break
		}
		d.Status = kiosk.DossierStatus(status)
		d.StatusName = d.Status.Name()
		if d.ReceivedAt, err = parseOptTime(received); err != nil {
			return kiosk.DossierPage{}, err
		}
		if d.Appointment, err = parseOptTime(appt); err != nil {
			return kiosk.DossierPage{}, err
		}
		d.Overdue = kiosk.Overdue(d.Status, d.Appointment, now)
		page.Dossiers = append(page.Dossiers, d)
	}
	return page, rows.Err()
}

// listQuery builds a list's SQL. Each list's status condition is written exactly as the
// partial index made for it (migration 0009), so the list reads that index in order.
func (s *DossierService) listQuery(ctx context.Context, by kiosk.Staff, q kiosk.DossierQuery, now time.Time) (string, []any, error) {
	var where []string
	var args []any
	from := "dossiers"
	running := "status IN (2, 4, 6)" // kiosk.DossierStatus.Running
	if (q.List == kiosk.ListDueToday || q.List == kiosk.ListOverdue) && q.Q == "" {
		// Without statistics the planner prefers three ranges of dossiers_status and a sort;
		// the partial index hands the rows in order and the LIMIT stops early.
		from = "dossiers INDEXED BY dossiers_running"
	}
	switch q.List {
	case kiosk.ListOpen:
		where = append(where, "status NOT IN (3, 7, 8, 10)")
	case kiosk.ListDueToday:
		local := now.In(kiosk.Zone)
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, kiosk.Zone)
		where = append(where, running, "appointment >= ? AND appointment < ?")
		args = append(args, formatTime(day), formatTime(day.AddDate(0, 0, 1)))
	case kiosk.ListOverdue:
		where = append(where, running, "appointment <> '' AND appointment < ?")
		args = append(args, formatTime(now))
	case kiosk.ListSupplement:
		where = append(where, "status = 5")
	case kiosk.ListReady:
		where = append(where, "status = 9")
	}
	if q.Procedure != "" {
		where = append(where, "procedure_code = ?")
		args = append(args, q.Procedure)
	}
	if q.Q != "" {
		w, a, err := s.search(ctx, by, q.Q)
		if err != nil {
			return "", nil, err
		}
		where, args = append(where, w), append(args, a...)
	}
	if len(where) == 0 {
		where = append(where, "1")
	}
	order := "appointment, id" // no appointment ('', a registration not yet received) first: it needs one
	if q.List == kiosk.ListAll {
		order = "id DESC"
	}
	return `SELECT code, procedure_name, procedure_code, status, received_at, appointment,
		CASE WHEN name = '' THEN name_masked ELSE name END, counter_id, staff_id
		FROM ` + from + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`,
		append(args, q.Limit+1, q.Offset), nil
}

// codeTail is the end of a dossier code: the day's number, with or without its yyMMdd.
var codeTail = regexp.MustCompile(`^(?:([0-9]{6})-)?([0-9]{1,6})$`)

// search turns what a clerk typed into a condition: a whole code; the end of one; nine
// digits or more as a phone or an ID number (through the blind indexes, audited); anything
// else as words of the name, with or without marks.
func (s *DossierService) search(ctx context.Context, by kiosk.Staff, q string) (string, []any, error) {
	if code, err := kiosk.ParseDossierCode(q); err == nil {
		return "code = ?", []any{code}, nil
	}
	compact := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" .()+", r) {
			return -1
		}
		return r
	}, q)
	// The end of a code as printed: "0361" (the day's number) or "231027-0361" (with its day).
	if m := codeTail.FindStringSubmatch(compact); m != nil {
		n, _ := strconv.Atoi(m[2])
		if m[1] == "" {
			return "number = ?", []any{n}, nil
		}
		return "day = ? AND number = ?", []any{"20" + m[1][:2] + "-" + m[1][2:4] + "-" + m[1][4:], n}, nil
	}
	if len(compact) >= 9 && strings.Trim(compact, "0123456789") == "" {
		key, err := s.DB.personalKey(ctx, true)
		if err != nil {
			return "", nil, err
		}
		ors, args, fields := []string{"0"}, []any{}, []string{}
		if phone, ok := kiosk.NormalizePhone(q); ok {
			ors, args, fields = append(ors, "phone_index = ?"), append(args, key.BlindIndex("phone", phone)), append(fields, "phone")
		}
		if len(compact) == 12 || len(compact) == 9 {
			ors, args, fields = append(ors, "id_index = ?"), append(args, key.BlindIndex("id", compact)), append(fields, "id_number")
		}
		if err := s.DB.Write(ctx, func(tx *Tx) error { return tx.audit(by.ID, kiosk.AuditSearch, 0, fields) }); err != nil {
			return "", nil, err
		}
		return "(" + strings.Join(ors, " OR ") + ")", args, nil
	}
	var and []string
	var args []any
	for _, w := range strings.Fields(kiosk.Fold(q)) {
		// A word of the name that starts with w: "an" finds "Văn An", not "Thanh".
		and, args = append(and, "instr(' ' || name_folded, ?) > 0"), append(args, " "+w)
	}
	if len(and) == 0 {
		return "0", nil, nil
	}
	// The words are matched in the narrow name index (a scan of names only), then the
	// few matching rows are read.
	return "id IN (SELECT id FROM dossiers INDEXED BY dossiers_name WHERE " + strings.Join(and, " AND ") + ")", args, nil
}
