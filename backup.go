package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// Nightly copies are named for their local time, so the name alone orders them and says
// when the last one was made; a copy kept before a restore has another prefix and is never
// pruned.
const (
	backupPrefix        = "motcua-"
	backupLayout        = "20060102-150405"
	backupExt           = ".db"
	beforeRestorePrefix = "before-restore-"
)

// backupDir is where the copies go: backup.dir, else DATA/backups.
func backupDir(cfg kiosk.Config) string {
	if cfg.Backup.Dir != "" {
		return cfg.Backup.Dir
	}
	return filepath.Join(cfg.DataDir, "backups")
}

// backupName is the nightly copy's file name for the instant at.
func backupName(at time.Time) string {
	return backupPrefix + at.In(kiosk.Zone).Format(backupLayout) + backupExt
}

// nightlyBackups returns the nightly copies in dir with their times, oldest first.
func nightlyBackups(dir string) (names []string, times []time.Time) {
	entries, _ := os.ReadDir(dir) // a missing folder has no copies
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), backupPrefix)
		if stamp, ok2 := strings.CutSuffix(stamp, backupExt); ok && ok2 && e.Type().IsRegular() {
			if t, err := time.ParseInLocation(backupLayout, stamp, kiosk.Zone); err == nil {
				names, times = append(names, e.Name()), append(times, t)
			}
		}
	}
	return names, times // ReadDir sorts by name, and the name sorts by time
}

// backupDue says whether a nightly copy is due at now: the latest scheduled time (today's
// at, or yesterday's before it) has passed since the newest copy. A kiosk switched off at
// night so makes its copy when it is switched on.
func backupDue(now, newest time.Time, atMinute int) bool {
	local := now.In(kiosk.Zone)
	slot := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, kiosk.Zone).Add(time.Duration(atMinute) * time.Minute)
	if slot.After(local) {
		slot = slot.AddDate(0, 0, -1) // Zone has no daylight saving: a day is 24 hours
	}
	return newest.Before(slot)
}

// backupNow writes a nightly copy of db into dir for the instant now and prunes the
// oldest copies past keep. It returns the copy's path.
func backupNow(ctx context.Context, db *sqlite.DB, dir string, keep int, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", kiosk.Errorf(kiosk.EUNAVAILABLE, "Không tạo được thư mục sao lưu "+dir, "cannot create the backup folder "+dir+": "+err.Error())
	}
	path := filepath.Join(dir, backupName(now))
	if err := db.Backup(ctx, path); err != nil {
		return "", err
	}
	names, _ := nightlyBackups(dir)
	for _, old := range names[:max(len(names)-keep, 0)] {
		if err := os.Remove(filepath.Join(dir, old)); err != nil {
			return path, err
		}
	}
	return path, nil
}

// backupEvery is how often the schedule looks at the clock; backupRetry is how long it
// waits after a failed copy (a second disk unplugged) before trying again.
const (
	backupEvery = time.Minute
	backupRetry = time.Hour
)

// backupSchedule decides, on the kiosk's clock, when the nightly copy is made.
type backupSchedule struct {
	app        *App
	failedAt   time.Time // by the kiosk's clock; zero after a copy that worked
	lastFailed string
}

// check makes the copy if one is due at now and returns its path ("" if none was made).
func (s *backupSchedule) check(ctx context.Context, now time.Time) string {
	a := s.app
	dir := backupDir(a.Config)
	_, times := nightlyBackups(dir)
	var newest time.Time
	if len(times) > 0 {
		newest = times[len(times)-1]
	}
	if !backupDue(now, newest, a.Config.Backup.AtMinute()) || !s.failedAt.IsZero() && now.Sub(s.failedAt) < backupRetry {
		return ""
	}
	path, err := backupNow(ctx, a.DB, dir, a.Config.Backup.Keep, now)
	if err != nil {
		s.failedAt = now
		if msg := err.Error(); msg != s.lastFailed {
			a.Logger.Error("nightly backup failed; trying again in an hour", "dir", dir, "err", err)
			s.lastFailed = msg
		}
		return ""
	}
	s.failedAt, s.lastFailed = time.Time{}, ""
	a.Logger.Info("nightly backup written", "path", path, "keep", a.Config.Backup.Keep)
	return path
}

// startBackups checks every minute, on the kiosk's clock, whether the nightly copy is due.
func (a *App) startBackups(ctx context.Context) {
	s := &backupSchedule{app: a}
	go func() {
		t := time.NewTicker(backupEvery)
		defer t.Stop()
		for {
			s.check(ctx, a.clock())
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// restoreBackup puts the database file from in place of the kiosk's database in dataDir,
// while the kiosk is stopped (lock held by the caller). The file is checked first; the
// current database is copied to backupDir as before-restore-….db first, so a restore can be
// undone; the restored database then starts a new sync epoch, so the hub never takes its
// events for ones it already holds. It returns the safety copy's path ("" when there was
// no database) and the new epoch.
func restoreBackup(ctx context.Context, from, dataDir, backups string, now time.Time) (safety, epoch string, err error) {
	if err := sqlite.Verify(ctx, from); err != nil {
		return "", "", err
	}
	target := filepath.Join(dataDir, sqlite.FileName)
	fromAbs, _ := filepath.Abs(from)
	targetAbs, _ := filepath.Abs(target)
	if fromAbs == targetAbs {
		return "", "", kiosk.Errorf(kiosk.EINVALID, "Tệp khôi phục chính là cơ sở dữ liệu đang dùng", "the file to restore is the database itself")
	}
	if _, err := os.Stat(target); err == nil {
		cur, err := sqlite.Open(ctx, target)
		if err != nil {
			return "", "", err
		}
		if err = os.MkdirAll(backups, 0o750); err == nil {
			safety = filepath.Join(backups, beforeRestorePrefix+now.In(kiosk.Zone).Format(backupLayout)+backupExt)
			err = cur.Backup(ctx, safety)
		}
		// Closing the last connection checkpoints and removes the write-ahead log, which
		// must not outlive its database: replayed over the restored file it would corrupt it.
		if cerr := cur.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", "", err
		}
	}
	for _, leftover := range []string{target + "-wal", target + "-shm"} {
		if err := os.Remove(leftover); err != nil && !os.IsNotExist(err) {
			return safety, "", err
		}
	}
	tmp := target + ".restore.tmp"
	if err := copyFile(from, tmp); err != nil {
		return safety, "", err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return safety, "", err
	}
	db, err := sqlite.Open(ctx, target)
	if err != nil {
		return safety, "", err
	}
	defer db.Close()
	epoch, err = db.StartNewEpoch(ctx)
	return safety, epoch, err
}

// copyFile copies from to a new file to, flushed to the disk.
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, src)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(to)
	}
	return err
}
