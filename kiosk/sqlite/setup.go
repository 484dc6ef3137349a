package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// SetupKey is the settings row that keeps the first-run setup's settings
// (kiosk.SetupSettings as JSON). The database is backed up and restored whole, so a
// restored kiosk keeps its setup.
const SetupKey = "setup"

// CompleteSetup saves the first-run setup's settings and creates its admin in one
// transaction: both or neither. It refuses with kiosk.ErrSetUp once any staff exists, checked
// inside the transaction, so of two setups at once only one can succeed. kioskID, when
// not empty, is the id the hub gave at enrolment. s must be valid (kiosk.Setup.Validate).
func (a *AuthService) CompleteSetup(ctx context.Context, s kiosk.Setup, kioskID string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	settings, err := json.Marshal(s.Settings())
	if err != nil {
		return err
	}
	hash := HashPIN(s.Admin.PIN)
	return a.DB.Write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kiosk.ErrSetUp
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff(id, name, role, pin_hash) VALUES (?, ?, ?, ?)`,
			s.Admin.ID, s.Admin.Name, string(kiosk.RoleAdmin), hash); err != nil {
			return err
		}
		if err := tx.SetSetting(SetupKey, string(settings)); err != nil {
			return err
		}
		if kioskID != "" {
			return tx.SetKioskID(kioskID)
		}
		return nil
	})
}

// SetupSettings returns the settings the first-run setup kept; ok is false before setup.
func (db *DB) SetupSettings(ctx context.Context) (s kiosk.SetupSettings, ok bool, err error) {
	return setupSettings(ctx, db.r, db.Path)
}

// ReadSetupSettings reads the first-run setup's settings from the database file at path
// without migrating or writing it (`motcua config show`); no file means no setup.
func ReadSetupSettings(ctx context.Context, path string) (s kiosk.SetupSettings, ok bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return s, false, nil
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return s, false, storageError(path, err)
	}
	defer r.Close()
	return setupSettings(ctx, r, path)
}

func setupSettings(ctx context.Context, r querier, path string) (s kiosk.SetupSettings, ok bool, err error) {
	var v string
	err = r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, SetupKey).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s, false, nil
	case err != nil:
		return s, false, storageError(path, err)
	}
	if err := kiosk.DecodeStrict(strings.NewReader(v), &s); err != nil {
		return s, false, fmt.Errorf("sqlite %s: settings %q: %w", path, SetupKey, err)
	}
	return s, true, nil
}

// KeepPrinter keeps the printer an admin chose among the setup's settings, so the next
// start opens it too (kiosk.Config.ApplySetup), with its outbox event and audit line
// (summary, summaryEN) in the same transaction. A kiosk with no setup kept gets the printer
// alone: its commune stays the config file's.
func (db *DB) KeepPrinter(ctx context.Context, printer, was, summary, summaryEN string) error {
	return db.Write(ctx, func(tx *Tx) error {
		s, _, err := setupSettings(ctx, tx, db.Path)
		if err != nil {
			return err
		}
		s.Printer = printer
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if err := tx.SetSetting(SetupKey, string(b)); err != nil {
			return err
		}
		return tx.Change("printer.changed", map[string]string{"printer": printer, "was": was}, summary, summaryEN)
	})
}

// RecordEnrolment records the kiosk id a hub gave at an enrolment made from the admin page,
// with its outbox event (which the new hub receives first) and audit line, in one
// transaction.
func (db *DB) RecordEnrolment(ctx context.Context, hub, kioskID, was string) error {
	return db.Write(ctx, func(tx *Tx) error {
		if err := tx.SetKioskID(kioskID); err != nil {
			return err
		}
		vi, en := "Ghi danh với máy chủ tỉnh "+hub+": mã kiosk "+kioskID, "Enrolled with "+hub+" as "+kioskID
		if was != "" {
			vi, en = "Ghi danh lại với máy chủ tỉnh "+hub+": mã kiosk "+kioskID+" (trước là "+was+")", "Enrolled again with "+hub+" as "+kioskID+" (was "+was+")"
		}
		return tx.Change("sync.enrolled", map[string]string{"hub": hub, "kiosk_id": kioskID, "was": was}, vi, en)
	})
}
