// Package sqlite is the kiosk's store: one SQLite file (modernc.org/sqlite, no cgo) in the
// data directory, WAL, one writer connection and a pool of readers.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Now is the time on the kiosk's clock. Pass db.Now (not db.Clock) to another service so
// a clock set later still reaches it.
func (db *DB) Now() time.Time { return db.Clock() }

// DB is the kiosk database. All writes go through one connection with BEGIN IMMEDIATE:
// modernc's deferred transactions that read then write fail at once with SQLITE_BUSY
// under concurrency whatever busy_timeout says (DESIGN.md, Known pitfalls).
type DB struct {
	Path string
	// Clock is the kiosk's one clock: every service and the LAN server read the time
	// through it (Now), so a test that sets it moves the whole kiosk.
	Clock kiosk.Clock

	w       *sql.DB
	r       *sql.DB
	kioskID string

	// epoch and base name the outbox stream the hub sees: event seq N goes out as N-base
	// under epoch. Both change together when the database turns out to be an older copy
	// (see MarkSynced). mu also guards kioskID, which enrolment in the first-run setup
	// changes while the kiosk runs.
	mu    sync.Mutex
	epoch string
	base  int64

	// key seals applicants' personal data; read from PersonalKeyFile on first use.
	keyMu sync.Mutex
	key   *kiosk.PersonalKey
}

// FileName is the database's name inside the data directory.
const FileName = "motcua.db"

// Open opens (creating if needed) the database at path, applies pending migrations and
// makes sure the epoch and kiosk id exist. A file that is not a SQLite database, or a
// directory that cannot be written, is an EUNAVAILABLE error saying so in words.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, storageError(path, err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, storageError(path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, storageError(path, err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{Path: path, Clock: kiosk.SystemClock, w: w, r: r}
	if err := db.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dsn sets every pragma in the connection string so each pooled connection gets them
// (an Exec of a pragma reaches only one connection of a pool).
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// FULL: a commit that returned survives power loss, so a ticket number once shown is
		// never issued again (DESIGN.md, Storage rules).
		q.Add("_pragma", "synchronous(FULL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func (db *DB) init(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return storageError(db.Path, err)
	}
	if err := migrate(ctx, db.w); err != nil {
		return storageError(db.Path, err)
	}
	return db.Write(ctx, func(tx *Tx) error {
		var err error
		if db.epoch, err = ensureMeta(ctx, tx, "epoch", randomID); err != nil {
			return err
		}
		base, err := ensureMeta(ctx, tx, "epoch_base", func() string { return "0" })
		if err != nil {
			return err
		}
		if db.base, err = strconv.ParseInt(base, 10, 64); err != nil {
			return fmt.Errorf("meta epoch_base %q: %w", base, err)
		}
		if db.kioskID, err = ensureMeta(ctx, tx, "kiosk_id", func() string { return "kiosk-" + randomID()[:12] }); err != nil {
			return err
		}
		return reindexCatalog(ctx, tx)
	})
}

func ensureMeta(ctx context.Context, tx *Tx, key string, make func() string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		v = make()
		_, err = tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?)`, key, v)
	}
	return v, err
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux (Go ≥ 1.24 panics instead)
	return hex.EncodeToString(b)
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Reader is the pool for queries; its connections refuse writes.
func (db *DB) Reader() *sql.DB { return db.r }

// Epoch returns the id of the outbox stream: made when this database was created, and
// made anew when it turns out to be an older copy of itself.
func (db *DB) Epoch() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.epoch
}

func (db *DB) stream() (epoch string, base int64) {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.epoch, db.base
}

// KioskID returns this kiosk's id.
func (db *DB) KioskID() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.kioskID
}

// SetKioskID records the id the hub gave at enrolment.
func (db *DB) SetKioskID(ctx context.Context, id string) error {
	return db.Write(ctx, func(tx *Tx) error { return tx.SetKioskID(id) })
}

// SetKioskID records the id the hub gave at enrolment inside tx; the database's KioskID
// changes once tx commits.
func (tx *Tx) SetKioskID(id string) error {
	if strings.TrimSpace(id) == "" {
		return kiosk.Invalid("kiosk_id", "Mã kiosk trống", "the kiosk id is empty")
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE meta SET value = ? WHERE key = 'kiosk_id'`, id); err != nil {
		return err
	}
	tx.onCommit = append(tx.onCommit, func() {
		tx.db.mu.Lock()
		tx.db.kioskID = id
		tx.db.mu.Unlock()
	})
	return nil
}

// Tx is a write transaction. Emit appends outbox events inside it.
type Tx struct {
	*sql.Tx
	ctx context.Context
	now time.Time
	db  *DB
	// onCommit runs after a successful commit: in-memory state that must follow the rows.
	onCommit []func()
}

// Now is the time the transaction started, by the database's clock: one instant for every
// row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

// Write runs fn in one immediate transaction on the writer connection and commits it if
// fn returns nil. On any error, or a panic, nothing fn wrote remains.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return storageError(db.Path, err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	tx := &Tx{Tx: sqlTx, ctx: ctx, now: db.Clock(), db: db}
	if err = fn(tx); err != nil {
		// A full disk shows first in a statement inside fn, as often as at the commit: the
		// clerk must read that, not a generic internal error.
		return storageError(db.Path, err)
	}
	if err = sqlTx.Commit(); err != nil {
		return storageError(db.Path, err)
	}
	for _, f := range tx.onCommit {
		f()
	}
	return nil
}

// storageError turns what SQLite and the OS say into an error a clerk can act on: the
// disk is full, the folder is read-only, the file is damaged. The cause stays wrapped
// for the log.
func storageError(path string, err error) error {
	if err == nil {
		return nil
	}
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return err
	}
	var se *sqlite3.Error
	code := 0
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	}
	var e *kiosk.Error
	switch {
	case code == sqlite3lib.SQLITE_FULL || errors.Is(err, errNoSpace):
		e = kiosk.Errorf(kiosk.EUNAVAILABLE, "Ổ đĩa đã đầy, không lưu được dữ liệu. Xin báo cán bộ kỹ thuật.", "the disk is full; nothing was saved")
	case code == sqlite3lib.SQLITE_READONLY || code == sqlite3lib.SQLITE_CANTOPEN || errors.As(err, new(*fs.PathError)):
		e = kiosk.Errorf(kiosk.EUNAVAILABLE, "Không ghi được vào thư mục dữ liệu "+filepath.Dir(path)+" (chỉ đọc hoặc không có quyền).", "cannot write to the data directory "+filepath.Dir(path)+" (read-only or no permission)")
	case code == sqlite3lib.SQLITE_NOTADB || code == sqlite3lib.SQLITE_CORRUPT:
		e = kiosk.Errorf(kiosk.EUNAVAILABLE, "Tệp dữ liệu "+path+" bị hỏng hoặc không phải cơ sở dữ liệu. Xin báo cán bộ kỹ thuật khôi phục từ bản sao lưu.", "the data file "+path+" is damaged or not a database; restore it from a backup")
	case code == sqlite3lib.SQLITE_BUSY || code == sqlite3lib.SQLITE_LOCKED:
		e = kiosk.Errorf(kiosk.EUNAVAILABLE, "Cơ sở dữ liệu đang bận, xin thử lại.", "the database is busy; try again")
	default:
		return fmt.Errorf("sqlite %s: %w", path, err)
	}
	return fmt.Errorf("sqlite %s: %w: %w", path, e, err)
}
