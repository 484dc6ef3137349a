package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// secrets are the intake's personal data as they would appear in the clear.
var secrets = []string{"0912345678", "001099012345", "Láng Hạ", "1999-03-15"}

// fileHolds reports which of secrets appear anywhere in the database's files (the WAL too).
func fileHolds(t *testing.T, db *DB, secrets ...string) []string {
	t.Helper()
	var raw []byte
	for _, p := range []string{db.Path, db.Path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	var found []string
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// The ID number, phone, address and birth date are nowhere in the database's bytes, in the
// dossier row or in the outbox; the key is a 0600 file beside the database, made on the
// first intake; a clerk's read opens them and is audited.
func TestPersonalDataIsSealedAtRest(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	keyPath := filepath.Join(filepath.Dir(r.db.Path), PersonalKeyFile)
	if _, err := os.Stat(keyPath); !os.IsNotExist(err) {
		t.Fatalf("a key exists before any personal data: %v", err)
	}
	d := mustIntake(t, r, clerk1, intake())
	if found := fileHolds(t, r.db, secrets...); len(found) > 0 {
		t.Fatalf("the database files hold %v in the clear", found)
	}
	if found := fileHolds(t, r.db, d.Code, "Nguyễn Văn An"); len(found) != 2 { // the files read are the right ones
		t.Fatalf("the database files do not hold the code and name: %v", found)
	}
	st, err := os.Stat(keyPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v, mode %v", err, st.Mode())
	}
	got, err := r.svc.Dossier(ctx, clerk2, d.Code)
	if err != nil || got.Applicant.IDNumber != "001099012345" || got.Applicant.Address != intake().Applicant.Address {
		t.Fatalf("clerk's read: %+v %v", got.Applicant, err)
	}
	audit, _ := r.svc.Audit(ctx, admin, d.Code, 10)
	if len(audit) != 2 || audit[0].Action != kiosk.AuditView || audit[0].StaffID != "cb02" || !strings.Contains(strings.Join(audit[0].Fields, ","), "phone") {
		t.Fatalf("audit %+v", audit)
	}
	for _, a := range audit {
		b, _ := json.Marshal(a)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Fatalf("the audit log holds %q", s)
			}
		}
	}
	if _, err := r.svc.Audit(ctx, clerk1, "", 10); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("a clerk reads the audit log: %v", err)
	}
}

// Without its key the sealed data is lost, and the kiosk says so rather than make a new
// key; a key others may read is refused.
func TestPersonalKeyFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	r := newDossierRig(t, path)
	d := mustIntake(t, r, clerk1, intake())
	r.db.Close()
	keyPath := filepath.Join(dir, PersonalKeyFile)
	key, _ := os.ReadFile(keyPath)

	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	r = newDossierRig(t, path)
	if _, err := r.svc.Dossier(ctx, clerk1, d.Code); kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE || !strings.Contains(kiosk.ErrorOf(err).Message, "chmod 600") {
		t.Fatalf("a group-readable key: %v", err)
	}
	r.db.Close()

	if err := os.Remove(keyPath); err != nil {
		t.Fatal(err)
	}
	r = newDossierRig(t, path)
	if _, err := r.svc.Intake(ctx, clerk1, intake()); kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		t.Fatalf("intake with the key lost: %v", err)
	}
	if _, err := os.Stat(keyPath); !os.IsNotExist(err) {
		t.Fatal("a new key was made over sealed data")
	}
	// The outbox still goes to the hub: the lost data is marked, the rest is whole.
	events := dossierEvents(t, r)
	if len(events) != 1 || !strings.Contains(string(events[0].Body), `"sealed_lost":true`) || !strings.Contains(string(events[0].Body), d.Code) {
		t.Fatalf("events with the key lost: %s", events[0].Body)
	}
	r.db.Close()

	if err := os.WriteFile(keyPath, key, 0o600); err != nil {
		t.Fatal(err)
	}
	r = newDossierRig(t, path)
	if got, err := r.svc.Dossier(ctx, clerk1, d.Code); err != nil || got.Applicant.Phone != "0912345678" {
		t.Fatalf("the restored key: %+v %v", got.Applicant, err)
	}
}

// A correction is sealed again, names the changed fields (not their values) in the event and
// the audit log, and finds the dossier by the new phone only.
func TestUpdateApplicant(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	d := mustIntake(t, r, clerk1, intake())
	a := d.Applicant
	a.Phone, a.Address = "0987 000 111", "Thôn 3, Xã Đăk Hà, Tỉnh Quảng Ngãi"
	if _, err := r.svc.UpdateApplicant(ctx, clerk1, d.Code, a, ""); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("no reason: %v", err)
	}
	got, err := r.svc.UpdateApplicant(ctx, clerk1, d.Code, a, "Người nộp đổi số điện thoại")
	if err != nil || got.Applicant.Phone != "0987000111" {
		t.Fatalf("%+v %v", got.Applicant, err)
	}
	last := got.Events[len(got.Events)-1]
	if last.Action != kiosk.ActionApplicant || strings.Join(last.Fields, ",") != "address,phone" {
		t.Fatalf("event %+v", last)
	}
	for q, n := range map[string]int{"0987000111": 1, "0912345678": 0} {
		page, _ := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: kiosk.ListAll, Q: q})
		if len(page.Dossiers) != n {
			t.Errorf("search %s: %d", q, len(page.Dossiers))
		}
	}
	audit, _ := r.svc.Audit(ctx, admin, d.Code, 10)
	if audit[1].Action != kiosk.AuditChange || strings.Join(audit[1].Fields, ",") != "address,phone" {
		t.Fatalf("audit %+v", audit)
	}
	events := dossierEvents(t, r)
	if body := string(events[len(events)-1].Body); !strings.Contains(body, "0987000111") {
		t.Fatalf("the hub does not get the correction: %s", body)
	}
}

// One person's data, exported on request by an admin, with who saw it.
func TestExportPerson(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	mustIntake(t, r, clerk1, intake())
	other := intake()
	other.Applicant = kiosk.Applicant{Name: "Trần Thị Bình", IDNumber: "079185001234"}
	mustIntake(t, r, clerk1, other)
	mustIntake(t, r, clerk1, intake())
	if _, err := r.svc.ExportPerson(ctx, clerk1, "001099012345"); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("a clerk exports: %v", err)
	}
	x, err := r.svc.ExportPerson(ctx, admin, "001099012345")
	if err != nil || len(x.Dossiers) != 2 || x.Dossiers[0].Applicant.Phone != "0912345678" || len(x.Dossiers[0].Events) != 1 {
		t.Fatalf("export %+v %v", x, err)
	}
	if len(x.Audit) != 4 { // per dossier: create, and this export
		t.Fatalf("export's audit %+v", x.Audit)
	}
	if _, err := r.svc.ExportPerson(ctx, admin, "012345678901"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("nobody: %v", err)
	}
}

// Personal data goes a set time after the dossier is final, once the hub holds its events:
// not before, and not while unsynced. The public look-up keeps working with the masked name.
func TestPurge(t *testing.T) {
	ctx := context.Background()
	r := newDossierRig(t, "")
	r.svc.Config.PurgeAfterDays = 30
	done := mustIntake(t, r, clerk1, intake())
	open := mustIntake(t, r, clerk1, intake())
	for _, a := range []string{kiosk.ActionProcess, kiosk.ActionDone, kiosk.ActionReturn} {
		if _, err := r.svc.Transition(ctx, clerk1, done.Code, kiosk.DossierChange{Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	purge := func() int {
		n, err := r.svc.Purge(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	r.set("2026-04-10 09:00")
	if n := purge(); n != 0 {
		t.Fatalf("purged %d with nothing synced", n)
	}
	all, _ := r.db.Pending(ctx, 0, 1000)
	if err := r.db.MarkSynced(ctx, all[len(all)-1].Seq); err != nil {
		t.Fatal(err)
	}
	r.set("2026-03-20 09:00")
	if n := purge(); n != 0 {
		t.Fatalf("purged %d before 30 days", n)
	}
	r.set("2026-04-10 09:00")
	if n := purge(); n != 1 {
		t.Fatalf("purged %d, want the returned one", n)
	}
	got, err := r.svc.Dossier(ctx, clerk1, done.Code)
	if err != nil || got.Applicant != (kiosk.Applicant{}) || got.ApplicantMasked != "Nguyễn V. A." || got.PurgedAt.IsZero() {
		t.Fatalf("after the purge: %+v %v", got, err)
	}
	if p, err := r.svc.Lookup(ctx, done.Code); err != nil || p.ApplicantMasked != "Nguyễn V. A." {
		t.Fatalf("look-up after the purge: %+v %v", p, err)
	}
	if page, _ := r.svc.List(ctx, clerk1, kiosk.DossierQuery{List: kiosk.ListAll, Q: "nguyen van an"}); len(page.Dossiers) != 1 || page.Dossiers[0].Code != open.Code {
		t.Fatalf("name search after the purge: %+v", page.Dossiers)
	}
	if _, err := r.svc.UpdateApplicant(ctx, clerk1, done.Code, intake().Applicant, "x"); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("correcting purged data: %v", err)
	}
	// The open dossier's data is whole; the purged one's events lost their sealed member.
	if got, _ := r.svc.Dossier(ctx, clerk1, open.Code); got.Applicant.Phone != "0912345678" {
		t.Fatal("the open dossier lost its data")
	}
	var sealed int
	if err := r.db.Reader().QueryRow(`SELECT count(*) FROM outbox WHERE json_extract(body, '$.sealed') IS NOT NULL`).Scan(&sealed); err != nil || sealed != 1 {
		t.Fatalf("%d outbox events still sealed, want the open dossier's one (%v)", sealed, err)
	}
	audit, _ := r.svc.Audit(ctx, admin, done.Code, 10)
	if len(audit) != 2 || audit[0].Action != kiosk.AuditPurge || audit[0].StaffID != "system" || audit[1].Action != kiosk.AuditCreate {
		t.Fatalf("audit %+v", audit)
	}
	if n := purge(); n != 0 {
		t.Fatalf("purged %d twice", n)
	}
}
