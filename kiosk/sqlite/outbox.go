package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
)

var _ kiosk.Outbox = (*DB)(nil)

// timeFormat is how every timestamp is stored: UTC, fixed width, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeFormat, s) }

// Emit appends an event to the outbox inside tx and returns its seq. body is marshalled
// to JSON; the event commits or vanishes with the change it describes.
func (tx *Tx) Emit(kind string, body any) (int64, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO outbox(kind, body, created_at) VALUES (?, ?, ?)`,
		kind, string(b), formatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	return res.LastInsertId()
}

// sealedMember is the body member holding an event's sealed personal data.
const sealedMember = "sealed"

// EmitSealed is Emit for an event that carries personal data (a dossier's applicant):
// secret, a JSON object, is sealed with the personal key into the body's "sealed" member,
// so the outbox keeps it encrypted as the dossier rows do. Pending opens it on the way to
// the hub, merging its members into the body; the purge removes it from events the hub
// already holds.
func (tx *Tx) EmitSealed(key *kiosk.PersonalKey, kind string, body, secret any) (int64, error) {
	b, err := json.Marshal(body)
	if err != nil || len(b) < 2 || b[0] != '{' {
		return 0, fmt.Errorf("outbox %s: the body must be a JSON object (%v)", kind, err)
	}
	plain, err := json.Marshal(secret)
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	sealed, _ := json.Marshal(base64.StdEncoding.EncodeToString(key.Seal(plain, "outbox:"+kind)))
	sep := ","
	if string(b) == "{}" {
		sep = ""
	}
	b = append(append(b[:len(b)-1], sep+`"`+sealedMember+`":`...), append(sealed, '}')...)
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO outbox(kind, body, created_at) VALUES (?, ?, ?)`,
		kind, string(b), formatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	return res.LastInsertId()
}

// openSealed returns body with its sealed member opened and merged in. A key that is gone
// for good (no file, or another key) cannot bring the data back: the event goes without
// it, marked "sealed_lost", rather than stop every later event. A key that cannot be read
// now (permissions) is an error, and the push waits until it is fixed.
func (db *DB) openSealed(ctx context.Context, kind string, body []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	var enc string
	if err := json.Unmarshal(m[sealedMember], &enc); err != nil {
		return body, nil // a body that merely mentions the word
	}
	delete(m, sealedMember)
	blob, _ := base64.StdEncoding.DecodeString(enc)
	key, err := db.personalKey(ctx, false)
	var plain []byte
	if err == nil {
		plain, err = key.Open(blob, "outbox:"+kind)
	}
	var secret map[string]json.RawMessage
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, kiosk.ErrSealBroken):
		m["sealed_lost"] = json.RawMessage("true")
	case err != nil:
		return nil, err
	case json.Unmarshal(plain, &secret) != nil:
		m["sealed_lost"] = json.RawMessage("true")
	}
	for k, v := range secret {
		m[k] = v
	}
	return json.Marshal(m)
}

// Pending returns up to limit events after afterSeq, in order. Seqs are the stream's
// (the outbox's seq less the epoch's base).
func (db *DB) Pending(ctx context.Context, afterSeq int64, limit int) ([]kiosk.OutboxEvent, error) {
	_, base := db.stream()
	rows, err := db.r.QueryContext(ctx, `SELECT seq - ?1, kind, body, created_at FROM outbox WHERE seq > ?2 ORDER BY seq LIMIT ?3`, base, afterSeq+base, limit)
	if err != nil {
		return nil, storageError(db.Path, err)
	}
	defer rows.Close()
	var out []kiosk.OutboxEvent
	for rows.Next() {
		var e kiosk.OutboxEvent
		var body, at string
		if err := rows.Scan(&e.Seq, &e.Kind, &body, &at); err != nil {
			return nil, err
		}
		e.Body = json.RawMessage(body)
		if strings.Contains(body, `"`+sealedMember+`":"`) {
			if e.Body, err = db.openSealed(ctx, e.Kind, []byte(body)); err != nil {
				return nil, fmt.Errorf("outbox seq %d: %w", e.Seq, err)
			}
		}
		if e.CreatedAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("outbox seq %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkSynced records that the hub holds every event of the stream through throughSeq; it
// never moves back.
//
// The hub holding more than this database ever wrote means the database is an older copy
// of itself (restored from a backup, or the disk image of another kiosk): its next events
// would reuse seqs the hub already holds with other content, and be lost. So the outbox
// starts a new stream: a new epoch whose seq 1 is the first event this database never saw
// acknowledged. The caller gets an ECONFLICT saying so and sends again, under the new
// epoch. (An event the backup held unsent, which the original kiosk sent later, then
// reaches the hub twice, under two epochs with the same content and time; nothing is lost.)
func (db *DB) MarkSynced(ctx context.Context, throughSeq int64) error {
	var rotated bool
	err := db.Write(ctx, func(tx *Tx) error {
		_, base := db.stream()
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM outbox`).Scan(&last); err != nil {
			return err
		}
		local := throughSeq + base
		if local > last {
			// Only what this database itself saw acknowledged is known to be on the hub with
			// the same content; the rest goes again, as the new stream's first events.
			rotated = true
			return tx.newStream()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('synced_through', ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value
			WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER)`, strconv.FormatInt(local, 10))
		return err
	})
	if err != nil || !rotated {
		return err
	}
	if err := db.reloadStream(ctx); err != nil {
		return err
	}
	return kiosk.Errorf(kiosk.ECONFLICT,
		"Máy chủ tỉnh giữ nhiều sự kiện hơn kiosk này (dữ liệu được khôi phục từ bản sao lưu?). Kiosk đã chuyển sang kỳ đồng bộ mới và sẽ gửi lại.",
		fmt.Sprintf("the hub holds through %d, past this database's last event: the database is an older copy; started a new epoch", throughSeq))
}

// newStream starts a new epoch whose seq 1 is the first event this database never saw
// acknowledged.
func (tx *Tx) newStream() error {
	var synced string
	if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'synced_through'), '0')`).Scan(&synced); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE meta SET value = ? WHERE key = 'epoch'`, randomID()); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `UPDATE meta SET value = ? WHERE key = 'epoch_base'`, synced)
	return err
}

// StartNewEpoch starts a new outbox stream at once, as MarkSynced does when the hub shows
// the database is an older copy: `motcua restore` calls it, since a restored database is
// one by definition. It returns the new epoch.
func (db *DB) StartNewEpoch(ctx context.Context) (string, error) {
	if err := db.Write(ctx, func(tx *Tx) error { return tx.newStream() }); err != nil {
		return "", err
	}
	if err := db.reloadStream(ctx); err != nil {
		return "", err
	}
	return db.Epoch(), nil
}

// reloadStream reads the epoch and base after they changed.
func (db *DB) reloadStream(ctx context.Context) error {
	var epoch, base string
	if err := db.w.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'epoch'), (SELECT value FROM meta WHERE key = 'epoch_base')`).Scan(&epoch, &base); err != nil {
		return err
	}
	b, err := strconv.ParseInt(base, 10, 64)
	if err != nil {
		return err
	}
	db.mu.Lock()
	db.epoch, db.base = epoch, b
	db.mu.Unlock()
	return nil
}

// SyncedThrough returns the highest seq of the stream the hub acknowledged.
func (db *DB) SyncedThrough(ctx context.Context) (int64, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'synced_through'), '0')`).Scan(&v)
	if err != nil {
		return 0, storageError(db.Path, err)
	}
	local, err := strconv.ParseInt(v, 10, 64)
	_, base := db.stream()
	return max(local-base, 0), err
}

// Backlog returns how many events the hub has not acknowledged and when the oldest of
// them was written.
func (db *DB) Backlog(ctx context.Context) (n int64, oldest time.Time, err error) {
	var at sql.NullString
	err = db.r.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox
		WHERE seq > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synced_through'), 0)`).Scan(&n, &at)
	if err != nil {
		return 0, time.Time{}, storageError(db.Path, err)
	}
	if at.Valid {
		oldest, err = parseTime(at.String)
	}
	return n, oldest, err
}

// Size returns the bytes the database takes on disk, its write-ahead log included.
func (db *DB) Size() int64 {
	var total int64
	for _, p := range []string{db.Path, db.Path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	return total
}
