package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsFromEmptyAndOnReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Fatalf("applied %d migrations, want %d", n, len(ms))
	}
	epoch := db.Epoch()
	if len(epoch) != 32 {
		t.Fatalf("epoch %q", epoch)
	}
	if _, err := Emit1(db, "test.event"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if db.Epoch() != epoch {
		t.Fatalf("epoch changed on reopen: %s → %s", epoch, db.Epoch())
	}
	if err := db.Reader().QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
		t.Fatalf("after reopen: %d migrations recorded (%v), want %d", n, err, len(ms))
	}
	ev, err := db.Pending(ctx, 0, 10)
	if err != nil || len(ev) != 1 || ev[0].Kind != "test.event" {
		t.Fatalf("events after reopen: %v %v", ev, err)
	}
}

// Emit1 writes one event in its own transaction.
func Emit1(db *DB, kind string) (int64, error) {
	var seq int64
	err := db.Write(context.Background(), func(tx *Tx) error {
		var err error
		seq, err = tx.Emit(kind, map[string]string{"k": kind})
		return err
	})
	return seq, err
}

func TestOutboxGapFreeUnderConcurrentWriters(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	const writers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				// Every third transaction fails after emitting: its seq must not leave a gap.
				fail := i%3 == 0
				err := db.Write(ctx, func(tx *Tx) error {
					if _, err := tx.Emit("test.concurrent", map[string]int{"w": w, "i": i}); err != nil {
						return err
					}
					if fail {
						return errors.New("refused")
					}
					return nil
				})
				if err != nil && !fail {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ev, err := db.Pending(ctx, 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	committed := writers * (each - (each+2)/3)
	if len(ev) != committed {
		t.Fatalf("%d events, want %d", len(ev), committed)
	}
	for i, e := range ev {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d: gap or reuse", i, e.Seq)
		}
	}
}

func TestFailedTransactionLeavesNothing(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	err := db.Write(ctx, func(tx *Tx) error {
		if err := tx.SetSetting("display.notice", "xin chào"); err != nil {
			return err
		}
		if _, err := tx.Emit("notice.changed", "x"); err != nil {
			return err
		}
		return kiosk.Invalid("notice", "sai", "wrong")
	})
	if kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("err = %v", err)
	}
	func() {
		defer func() { _ = recover() }()
		_ = db.Write(ctx, func(tx *Tx) error {
			_ = tx.SetSetting("display.notice", "panic")
			panic("boom")
		})
	}()
	v, err := db.Setting(ctx, "display.notice", "none")
	if err != nil || v != "none" {
		t.Fatalf("setting = %q, %v; want none", v, err)
	}
	if ev, _ := db.Pending(ctx, 0, 10); len(ev) != 0 {
		t.Fatalf("outbox holds %d events from failed transactions", len(ev))
	}
	// The writer still works after a rollback and a panic.
	if seq, err := Emit1(db, "after"); err != nil || seq != 1 {
		t.Fatalf("seq after rollbacks = %d, %v; want 1", seq, err)
	}
}

func TestMarkSyncedNeverMovesBackOrPastTheEnd(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := Emit1(db, "e"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MarkSynced(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSynced(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SyncedThrough(ctx); got != 4 {
		t.Fatalf("synced through %d, want 4", got)
	}
	if n, oldest, err := db.Backlog(ctx); err != nil || n != 1 || oldest.IsZero() {
		t.Fatalf("backlog = %d, %v, %v; want 1 event", n, oldest, err)
	}
}

// A database restored from an older backup: the hub holds more of its stream than it
// has. It must not send its next events under seqs the hub already holds (they would be
// taken for retries and dropped): it moves to a new epoch that starts at 1.
func TestRestoredDatabaseStartsANewStream(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := 0; i < 6; i++ {
		Emit1(db, "before-backup")
	}
	if err := db.MarkSynced(ctx, 4); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		Emit1(db, "after-backup")
	}
	if err := db.MarkSynced(ctx, 10); err != nil { // the hub holds 1..10
		t.Fatal(err)
	}

	old, err := Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldEpoch := old.Epoch()
	if oldEpoch != db.Epoch() {
		t.Fatal("a backup has its own epoch from the start")
	}
	// The hub answers that it holds through 10; the restored copy has only 6.
	err = old.MarkSynced(ctx, 10)
	if kiosk.ErrorCode(err) != kiosk.ECONFLICT || !strings.Contains(kiosk.ErrorOf(err).Message, "bản sao lưu") {
		t.Fatalf("err = %v", err)
	}
	if old.Epoch() == oldEpoch {
		t.Fatal("no new epoch")
	}
	if got, _ := old.SyncedThrough(ctx); got != 0 {
		t.Fatalf("new stream synced through %d, want 0", got)
	}
	Emit1(old, "after-restore")
	// The backup's two events it never saw acknowledged (5, 6) and the new one open the
	// new stream.
	ev, _ := old.Pending(ctx, 0, 10)
	if len(ev) != 3 || ev[0].Seq != 1 || ev[0].Kind != "before-backup" || ev[2].Seq != 3 || ev[2].Kind != "after-restore" {
		t.Fatalf("new stream pending %+v", ev)
	}
	// The new stream survives a restart.
	old.Close()
	again, err := Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Epoch() == oldEpoch {
		t.Fatal("the new epoch was not stored")
	}
	if ev, _ := again.Pending(ctx, 0, 10); len(ev) != 3 || ev[0].Seq != 1 {
		t.Fatalf("after restart: %+v", ev)
	}
	if err := again.MarkSynced(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := again.Backlog(ctx); n != 0 {
		t.Fatalf("backlog %d after the new stream synced", n)
	}
}

func TestCorruptFileIsAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte("this is not a database, just some bytes that fill a page......"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		t.Fatalf("err = %v, want unavailable", err)
	}
	if got := kiosk.ErrorOf(err).Message; got == "" || !strings.Contains(got, "hỏng") {
		t.Fatalf("message %q does not say the file is damaged", got)
	}
}

func TestReadOnlyDirectoryIsAClearError(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores directory permissions; use a path under a regular file instead,
		// which no user can create.
		dir := t.TempDir()
		file := filepath.Join(dir, "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(context.Background(), filepath.Join(file, FileName))
		if kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
			t.Fatalf("err = %v, want unavailable", err)
		}
		return
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), filepath.Join(dir, FileName))
	if kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		t.Fatalf("err = %v, want unavailable", err)
	}
}
