package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// CatalogStore keeps the procedure catalog and searches it.
type CatalogStore struct {
	DB *DB
	// Threshold is the score a search result needs (kiosk.SearchThreshold from
	// NewCatalogStore); the benchmark lowers it to see what falls below.
	Threshold float64

	search searchCache
}

var _ kiosk.CatalogStore = (*CatalogStore)(nil)

// NewCatalogStore returns the catalog store over db.
func NewCatalogStore(db *DB) *CatalogStore {
	return &CatalogStore{DB: db, Threshold: kiosk.SearchThreshold}
}

// Replace swaps the whole catalog in one transaction, with an outbox event saying which
// version the kiosk now holds. Callers validate first (kiosk/catalog does).
func (s *CatalogStore) Replace(ctx context.Context, procedures kiosk.ProcedureStream, hash string) error {
	err := s.DB.Write(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`DELETE FROM catalog_bodies`,
			`DELETE FROM catalog_procedures`,
			`DELETE FROM catalog_fields`,
			`DELETE FROM catalog_synonyms`,
			`INSERT INTO catalog_search(catalog_search) VALUES ('delete-all')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("clear catalog: %w", err)
			}
		}
		// The search columns are filled once every procedure is in (writeSearchIndex), in
		// the order search prefers.
		insProc, err := tx.PrepareContext(ctx, `INSERT INTO catalog_procedures(id, code, name, field, service, name_en, name_folded)
			VALUES (?, ?, ?, ?, ?, ?, '')`)
		if err != nil {
			return err
		}
		defer insProc.Close()
		insBody, err := tx.PrepareContext(ctx, `INSERT INTO catalog_bodies(id, body) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer insBody.Close()
		var entries []searchEntry
		n := 0
		c, err := procedures(func(p *kiosk.Procedure) error {
			n++
			id := n
			body, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if _, err := insProc.ExecContext(ctx, id, p.Code, p.Name, p.Field, p.Service, p.Translations["en"].Name); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			if _, err := insBody.ExecContext(ctx, id, string(body)); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			entries = append(entries, searchEntryOf(int64(id), p.Name, p.Keywords, p.Level))
			return nil
		})
		if err != nil {
			return err
		}
		if err := writeSearchIndex(ctx, tx, entries); err != nil {
			return err
		}
		insField, err := tx.PrepareContext(ctx, `INSERT INTO catalog_fields(position, name, body) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insField.Close()
		for i, f := range c.Fields {
			body, err := json.Marshal(f)
			if err != nil {
				return err
			}
			if _, err := insField.ExecContext(ctx, i+1, f.Name, string(body)); err != nil {
				return fmt.Errorf("field %s: %w", f.Name, err)
			}
		}
		for i, syn := range c.Synonyms {
			body, err := json.Marshal(syn)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_synonyms(position, body) VALUES (?, ?)`, i+1, string(body)); err != nil {
				return fmt.Errorf("synonym %d: %w", i, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_info(id, version, issued_at, applied_at, issuer, demo, hash)
			VALUES (1, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET version = excluded.version, issued_at = excluded.issued_at,
				applied_at = excluded.applied_at, issuer = excluded.issuer, demo = excluded.demo, hash = excluded.hash`,
			c.Version, c.IssuedAt.UTC().Format(time.RFC3339Nano), tx.Now().UTC().Format(time.RFC3339Nano), c.Issuer, c.Demo, hash); err != nil {
			return err
		}
		return tx.Change("catalog.applied", map[string]any{"version": c.Version, "hash": hash, "demo": c.Demo, "procedures": n},
			fmt.Sprintf("Cập nhật danh mục thủ tục: phiên bản %d, %d thủ tục", c.Version, n),
			fmt.Sprintf("Applied the procedure catalog: version %d, %d procedures", c.Version, n))
	})
	if err == nil {
		// A whole catalog went through the WAL; fold it back into the database file now, so
		// readers do not look every page up in a WAL the size of the catalog. Best effort:
		// SQLite checkpoints by itself later if readers hold it back now.
		_, _ = s.DB.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return err
}

// Info returns the catalog held now; ENOTFOUND before the first bundle.
func (s *CatalogStore) Info(ctx context.Context) (kiosk.CatalogInfo, error) {
	var ci kiosk.CatalogInfo
	var issued, applied string
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT version, issued_at, applied_at, issuer, demo, hash,
		(SELECT count(*) FROM catalog_procedures) FROM catalog_info WHERE id = 1`).
		Scan(&ci.Version, &issued, &applied, &ci.Issuer, &ci.Demo, &ci.Hash, &ci.Procedures)
	if errors.Is(err, sql.ErrNoRows) {
		return ci, kiosk.Errorf(kiosk.ENOTFOUND, "Kiosk chưa có danh mục thủ tục", "no catalog has been applied yet")
	}
	if err != nil {
		return ci, storageError(s.DB.Path, err)
	}
	ci.IssuedAt, _ = time.Parse(time.RFC3339Nano, issued)
	ci.AppliedAt, _ = time.Parse(time.RFC3339Nano, applied)
	return ci, nil
}

// Fields returns the fields in bundle order with how many procedures each holds.
func (s *CatalogStore) Fields(ctx context.Context) ([]kiosk.FieldCount, error) {
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT f.body, (SELECT count(*) FROM catalog_procedures p WHERE p.field = f.name)
		FROM catalog_fields f ORDER BY f.position`)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.FieldCount{}
	for rows.Next() {
		var body []byte
		var fc kiosk.FieldCount
		if err := rows.Scan(&body, &fc.Count); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		if err := json.Unmarshal(body, &fc.Field); err != nil {
			return nil, fmt.Errorf("catalog field: %w", err)
		}
		out = append(out, fc)
	}
	return out, storageError(s.DB.Path, rows.Err())
}

// ByField returns the procedures of one field in bundle order.
func (s *CatalogStore) ByField(ctx context.Context, field string) ([]kiosk.ProcedureSummary, error) {
	var n int
	if err := s.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM catalog_fields WHERE name = ?`, field).Scan(&n); err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	if n == 0 {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, "Không có lĩnh vực "+field, "no field "+field)
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT code, name, field, service, name_en, `+translatedNames+` FROM catalog_procedures WHERE field = ? ORDER BY id`, field)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.ProcedureSummary{}
	for rows.Next() {
		var p kiosk.ProcedureSummary
		var names string
		if err := rows.Scan(&p.Code, &p.Name, &p.Field, &p.Service, &p.NameEN, &names); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		p.Names = namesOf(names)
		out = append(out, p)
	}
	return out, storageError(s.DB.Path, rows.Err())
}

// Procedure returns one procedure by code.
func (s *CatalogStore) Procedure(ctx context.Context, code string) (*kiosk.Procedure, error) {
	var body []byte
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT b.body FROM catalog_procedures p JOIN catalog_bodies b ON b.id = p.id WHERE p.code = ?`, code).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, "Không có thủ tục mã "+code, "no procedure with code "+code)
	}
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	var p kiosk.Procedure
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("catalog procedure %s: %w", code, err)
	}
	return &p, nil
}

// translatedNames is a summary's column of the procedure's translated names, a JSON object
// by language read from its stored body, so a list shows them in any language the bundle
// carries without a column per language.
const translatedNames = `(SELECT json_group_object(t.key, json_extract(t.value, '$.name')) FROM catalog_bodies b, json_each(b.body, '$.translations') t
	WHERE b.id = catalog_procedures.id AND json_extract(t.value, '$.name') <> '')`

// namesOf reads translatedNames; nil when there are none.
func namesOf(raw string) map[string]string {
	var m map[string]string
	if raw == "" || raw == "{}" || json.Unmarshal([]byte(raw), &m) != nil || len(m) == 0 {
		return nil
	}
	return m
}

func (s *CatalogStore) summary(ctx context.Context, where string, args ...any) (kiosk.ProcedureSummary, error) {
	var p kiosk.ProcedureSummary
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT code, name, field, service, name_en FROM catalog_procedures WHERE `+where, args...).
		Scan(&p.Code, &p.Name, &p.Field, &p.Service, &p.NameEN)
	return p, err
}
