package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

func vn(day, hour, min int) time.Time {
	return time.Date(2026, 12, day, hour, min, 0, 0, kiosk.Zone)
}

func TestBackupDue(t *testing.T) {
	at := 2*60 + 30 // 02:30
	cases := []struct {
		name        string
		now, newest time.Time
		want        bool
	}{
		{"never backed up", vn(2, 1, 0), time.Time{}, true},
		{"before tonight's slot, last night's made", vn(2, 1, 0), vn(1, 2, 30), false},
		{"before tonight's slot, last night's missed", vn(2, 1, 0), vn(30, 2, 30).AddDate(0, -1, 0), true},
		{"at the slot", vn(2, 2, 30), vn(1, 2, 30), true},
		{"after the slot, made", vn(2, 9, 0), vn(2, 2, 30), false},
		{"switched on in the morning after a night off", vn(2, 7, 0), vn(1, 2, 30), true},
		{"made at start-up yesterday morning", vn(2, 2, 29), vn(1, 7, 5), false},
		// The slot is by Vietnam's clock, whatever zone the instant is written in.
		{"slot in UTC terms", time.Date(2026, 12, 1, 19, 31, 0, 0, time.UTC), vn(1, 2, 30), true},
	}
	for _, c := range cases {
		if got := backupDue(c.now, c.newest, at); got != c.want {
			t.Errorf("%s: due = %v, want %v", c.name, got, c.want)
		}
	}
}

// newTestApp opens the kiosk on a clock the test sets.
func newTestApp(t *testing.T, cfg kiosk.Config, now *time.Time) *App {
	t.Helper()
	app, err := newApp(context.Background(), cfg, func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	return app
}

// The nightly copy on the kiosk's clock: one per night at backup.at (or at start-up after a
// night switched off), each a whole database, the oldest pruned past backup.keep, in a
// folder of its own (a second disk).
func TestNightlyBackupsOnTheKiosksClock(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	cfg.Backup = kiosk.BackupConfig{Dir: filepath.Join(t.TempDir(), "second-disk", "motcua"), Keep: 3, At: "02:30"}
	now := vn(1, 10, 0)
	app := newTestApp(t, cfg, &now)
	s := &backupSchedule{app: app}

	var made []string
	step := func(at time.Time) string {
		now = at
		path := s.check(ctx, now)
		if path != "" {
			made = append(made, filepath.Base(path))
		}
		return path
	}
	if step(vn(1, 10, 0)) == "" {
		t.Fatal("no copy at the first start: there was none")
	}
	if step(vn(1, 10, 1)) != "" || step(vn(2, 2, 29)) != "" {
		t.Fatal("a second copy the same night")
	}
	for day := 2; day <= 5; day++ {
		if step(vn(day, 2, 30)) == "" {
			t.Fatalf("no copy at 02:30 on day %d", day)
		}
		if step(vn(day, 2, 31)) != "" {
			t.Fatalf("two copies on day %d", day)
		}
	}
	// Switched off on the night of the 6th, on again at 07:10: the copy is made then.
	if step(vn(6, 7, 10)) == "" {
		t.Fatal("no copy after a night switched off")
	}
	names, _ := nightlyBackups(cfg.Backup.Dir)
	want := []string{"motcua-20261204-023000.db", "motcua-20261205-023000.db", "motcua-20261206-071000.db"}
	if !slices.Equal(names, want) {
		t.Fatalf("kept %v, want the newest 3 %v (made %v)", names, want, made)
	}
	for _, n := range names {
		if err := sqlite.Verify(ctx, filepath.Join(cfg.Backup.Dir, n)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
	}
	if entries, _ := os.ReadDir(cfg.Backup.Dir); len(entries) != 3 {
		t.Fatalf("the folder holds %d files, want 3 (no temporary file left)", len(entries))
	}
}

// A backup folder that cannot be written (a second disk gone) is logged and tried again
// an hour later, not every minute; the kiosk keeps working.
func TestBackupToAMissingDiskRetriesHourly(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Backup.Dir = filepath.Join(blocker, "backups")
	now := vn(2, 2, 30)
	app := newTestApp(t, cfg, &now)
	s := &backupSchedule{app: app}
	if s.check(ctx, now) != "" || s.failedAt != now {
		t.Fatal("a copy into a folder under a file")
	}
	if s.check(ctx, now.Add(59*time.Minute)); s.failedAt != now {
		t.Fatal("tried again within the hour")
	}
	s.check(ctx, now.Add(time.Hour))
	if s.failedAt != now.Add(time.Hour) {
		t.Fatal("did not try again after an hour")
	}
}

// emit writes n outbox events of kind through a store opened on dir's database.
func emit(t *testing.T, dir, kind string, n int) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range n {
		if err := db.Write(context.Background(), func(tx *sqlite.Tx) error { _, err := tx.Emit(kind, map[string]string{}); return err }); err != nil {
			t.Fatal(err)
		}
	}
}

// kinds returns the outbox events' kinds and the epoch of dir's database.
func kinds(t *testing.T, dir string) (string, string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ev, err := db.Pending(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, e := range ev {
		ks = append(ks, e.Kind)
	}
	return strings.Join(ks, ","), db.Epoch()
}

// Backup, change, restore, compare: the restored database holds what the backup held and
// starts a new sync epoch; the database it replaced is kept beside the backups.
func TestBackupThenRestore(t *testing.T) {
	r := newCLIRig(t)
	data := r.env["MOTCUA_DATA_DIR"]
	r.env["MOTCUA_CLOCK"] = "2026-12-02T09:00:00+07:00"
	emit(t, data, "before", 2)
	_, epoch := kinds(t, data)
	to := t.TempDir()
	code, out, errs := r.run("backup", "--to", to)
	if code != 0 || !strings.Contains(out, "Đã sao lưu vào") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	file := filepath.Join(to, "motcua-20261202-090000.db")
	emit(t, data, "after", 3)

	code, out, errs = r.run("restore", file)
	if code != 0 || !strings.Contains(out, "Đã khôi phục từ") || !strings.Contains(out, "kỳ đồng bộ mới") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	got, newEpoch := kinds(t, data)
	if got != "before,before" {
		t.Fatalf("restored events %q, want the backup's two", got)
	}
	if newEpoch == epoch {
		t.Fatal("the restored kiosk kept its old sync epoch")
	}
	safety := filepath.Join(data, "backups", "before-restore-20261202-090000.db")
	if err := sqlite.Verify(context.Background(), safety); err != nil {
		t.Fatalf("the replaced database was not kept: %v", err)
	}
	db, err := sqlite.Open(context.Background(), safety)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := db.Pending(context.Background(), 0, 100)
	db.Close()
	if len(ev) != 5 {
		t.Fatalf("the kept database has %d events, want all 5", len(ev))
	}
}

// What must not be restored is refused, and the database stays as it was: a file that is
// not a kiosk backup, a missing file, and any file while the kiosk is running.
func TestRestoreRefusals(t *testing.T) {
	r := newCLIRig(t)
	data := r.env["MOTCUA_DATA_DIR"]
	emit(t, data, "kept", 2)
	_, epoch := kinds(t, data)
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	good := t.TempDir()
	if code, _, errs := r.run("backup", "--to", good); code != 0 {
		t.Fatal(errs)
	}
	names, _ := nightlyBackups(good)

	cases := []struct {
		name, file, want string
		running          bool
	}{
		{"junk", junk, "không phải bản sao lưu", false},
		{"missing", filepath.Join(good, "nothing.db"), "Không đọc được tệp sao lưu", false},
		{"kiosk running", filepath.Join(good, names[0]), "Kiosk đang chạy", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.running {
				_, stop := r.serve("--addr", "127.0.0.1:0")
				defer stop()
			}
			code, _, errs := r.run("restore", c.file)
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, c.want)
			}
			// (A running kiosk may add its own events, such as loading the demo catalog.)
			if got, e := kinds(t, data); !strings.HasPrefix(got, "kept,kept") || e != epoch {
				t.Fatalf("after a refused restore: %q under %s", got, e)
			}
			if kept, _ := filepath.Glob(filepath.Join(data, "backups", beforeRestorePrefix+"*")); len(kept) > 0 {
				t.Fatalf("a refused restore had begun: it kept %v", kept)
			}
		})
	}
	if code, _, errs := r.run("restore"); code != 2 || !strings.Contains(errs, "thiếu tham số") {
		t.Fatalf("restore without a file: %d %q", code, errs)
	}
}
