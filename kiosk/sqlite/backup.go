package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/motcua/motcua/kiosk"
)

// Backup writes a consistent copy of the database to path while the kiosk keeps working:
// VACUUM INTO a temporary file beside path, flushed to the disk (VACUUM INTO itself does
// not), checked with Verify, then renamed over path. A copy that fails half-way leaves
// nothing at path. The copy is a point in time: restored later, it is an older copy of this
// database, which MarkSynced recognises and StartNewEpoch declares.
func (db *DB) Backup(ctx context.Context, path string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	_ = os.Remove(tmp) // VACUUM INTO refuses an existing file; a leftover is a failed copy
	if _, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		_ = os.Remove(tmp)
		return storageError(path, err)
	}
	err := syncFile(tmp)
	if err == nil {
		err = Verify(ctx, tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return storageError(path, err)
	}
	return syncDir(filepath.Dir(path))
}

// Verify checks that path is a whole kiosk database: SQLite's integrity check passes and
// it has the kiosk's epoch. The file is opened read-only and left unchanged. Anything else
// is an EINVALID error saying what is wrong, in Vietnamese first.
func Verify(ctx context.Context, path string) error {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return kiosk.Errorf(kiosk.EINVALID, "Không đọc được tệp sao lưu "+path, "cannot read the backup file "+path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	bad := func(why string, cause error) error {
		return fmt.Errorf("%w: %w", kiosk.Errorf(kiosk.EINVALID,
			"Tệp "+path+" không phải bản sao lưu dùng được của kiosk ("+why+")",
			"the file "+path+" is not a usable kiosk backup"), cause)
	}
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return bad("không mở được như cơ sở dữ liệu", err)
	}
	if result != "ok" {
		return bad("dữ liệu hỏng", errors.New("integrity_check: "+result))
	}
	var epoch string
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'epoch'`).Scan(&epoch); err != nil || epoch == "" {
		return bad("không có dữ liệu kiosk", fmt.Errorf("no epoch: %v", err))
	}
	return nil
}

// syncFile flushes path's content to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
