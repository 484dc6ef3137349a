package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/kiosk"
)

// CatalogStore keeps the procedure catalog and searches it.
type CatalogStore struct {
	DB *DB
}

var _ kiosk.CatalogStore = (*CatalogStore)(nil)

// NewCatalogStore returns the catalog store over db.
func NewCatalogStore(db *DB) *CatalogStore { return &CatalogStore{DB: db} }

// Replace swaps the whole catalog for c in one transaction, with an outbox event saying
// which version the kiosk now holds. Callers validate c first (kiosk/catalog.Parse).
func (s *CatalogStore) Replace(ctx context.Context, c *kiosk.Catalog, hash string) error {
	return s.DB.Write(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`DELETE FROM catalog_procedures`,
			`DELETE FROM catalog_fields`,
			`INSERT INTO catalog_fts(catalog_fts) VALUES ('delete-all')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("clear catalog: %w", err)
			}
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
		insProc, err := tx.PrepareContext(ctx, `INSERT INTO catalog_procedures(id, code, name, field, service, name_en, name_folded, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insProc.Close()
		insFTS, err := tx.PrepareContext(ctx, `INSERT INTO catalog_fts(rowid, name, field, documents, result, other) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insFTS.Close()
		var docs strings.Builder
		for i := range c.Procedures {
			p := &c.Procedures[i]
			id := i + 1
			body, err := json.Marshal(p)
			if err != nil {
				return err
			}
			nameFolded := kiosk.Fold(p.Name)
			if _, err := insProc.ExecContext(ctx, id, p.Code, p.Name, p.Field, p.Service, p.Translations["en"].Name, nameFolded, string(body)); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			docs.Reset()
			for _, d := range p.Documents {
				docs.WriteString(d.Name)
				docs.WriteByte('\n')
			}
			other := strings.Join(p.Keywords, " ") + " " + p.Translations["en"].Name + " " + p.Code
			if _, err := insFTS.ExecContext(ctx, id, nameFolded, kiosk.Fold(p.Field), kiosk.Fold(docs.String()), kiosk.Fold(p.Result), kiosk.Fold(other)); err != nil {
				return fmt.Errorf("index procedure %s: %w", p.Code, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_info(id, version, issued_at, applied_at, issuer, demo, hash)
			VALUES (1, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET version = excluded.version, issued_at = excluded.issued_at,
				applied_at = excluded.applied_at, issuer = excluded.issuer, demo = excluded.demo, hash = excluded.hash`,
			c.Version, c.IssuedAt.UTC().Format(time.RFC3339Nano), tx.Now().UTC().Format(time.RFC3339Nano), c.Issuer, c.Demo, hash); err != nil {
			return err
		}
		_, err = tx.Emit("catalog.applied", map[string]any{
			"version": c.Version, "hash": hash, "demo": c.Demo, "procedures": len(c.Procedures),
		})
		return err
	})
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
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT code, name, field, service, name_en FROM catalog_procedures WHERE field = ? ORDER BY id`, field)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	out := []kiosk.ProcedureSummary{}
	for rows.Next() {
		var p kiosk.ProcedureSummary
		if err := rows.Scan(&p.Code, &p.Name, &p.Field, &p.Service, &p.NameEN); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		out = append(out, p)
	}
	return out, storageError(s.DB.Path, rows.Err())
}

// Procedure returns one procedure by code.
func (s *CatalogStore) Procedure(ctx context.Context, code string) (*kiosk.Procedure, error) {
	var body []byte
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT body FROM catalog_procedures WHERE code = ?`, code).Scan(&body)
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

// Search limits: a query beyond them is cut, not refused, since people type what they type.
const (
	searchMaxWords     = 8
	searchMaxWordBytes = 40
	searchCandidates   = 200 // ranked by bm25, then reordered so name matches come first
)

var codeLike = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*\.[0-9A-Za-z._-]+$`)

// Search finds procedures for what a person typed, folded as the index is, every word
// matched as a prefix. Procedures with all the words come first; when no name holds them
// all, procedures with any of the words follow. Ranking: the words as a phrase in the name
// (shorter names first), then by how many words the name lacks, then by bm25 with the
// name weighted most.
func (s *CatalogStore) Search(ctx context.Context, query string, limit int) ([]kiosk.ProcedureSummary, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out := []kiosk.ProcedureSummary{}
	q := strings.TrimSpace(query)
	if codeLike.MatchString(q) {
		if p, err := s.summary(ctx, `code = ?`, q); err == nil {
			out = append(out, p)
		}
	}
	words := searchWords(q)
	if len(words) == 0 {
		return out, nil
	}
	hits, err := s.match(ctx, words, " ")
	if err != nil {
		return nil, err
	}
	if len(words) > 1 && (len(hits) == 0 || bestTier(hits) > 1) {
		// No name holds every word: widen to any word, after what matched them all.
		more, err := s.match(ctx, words, " OR ")
		if err != nil {
			return nil, err
		}
		seen := make(map[string]bool, len(hits))
		for _, h := range hits {
			seen[h.Code] = true
		}
		for _, h := range more {
			if !seen[h.Code] {
				hits = append(hits, h)
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].tier != hits[j].tier {
			return hits[i].tier < hits[j].tier
		}
		if hits[i].tier == 0 {
			return hits[i].nameWords < hits[j].nameWords
		}
		return false
	})
	for _, h := range hits {
		if len(out) >= limit {
			break
		}
		if len(out) > 0 && out[0].Code == h.Code {
			continue
		}
		out = append(out, h.ProcedureSummary)
	}
	return out, nil
}

type hit struct {
	kiosk.ProcedureSummary
	tier      int
	nameWords int
}

func (s *CatalogStore) match(ctx context.Context, words []string, join string) ([]hit, error) {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = `"` + w + `"*`
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT p.code, p.name, p.field, p.service, p.name_en, p.name_folded
		FROM catalog_fts f JOIN catalog_procedures p ON p.id = f.rowid
		WHERE catalog_fts MATCH ? ORDER BY bm25(catalog_fts, 10.0, 2.0, 1.0, 1.0, 3.0) LIMIT ?`,
		strings.Join(terms, join), searchCandidates)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	var hits []hit
	for rows.Next() {
		var h hit
		var folded string
		if err := rows.Scan(&h.Code, &h.Name, &h.Field, &h.Service, &h.NameEN, &folded); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		nameWords := strings.FieldsFunc(folded, notWordRune)
		h.tier, h.nameWords = nameTier(nameWords, words), len(nameWords)
		if h.nameWords > 2 && nameWords[0] == "thu" && nameWords[1] == "tuc" {
			h.nameWords -= 2 // "Thủ tục …" says nothing about how close the name is to the query
		}
		hits = append(hits, h)
	}
	return hits, storageError(s.DB.Path, rows.Err())
}

func bestTier(hits []hit) int {
	best := len(hits) + 100
	for _, h := range hits {
		best = min(best, h.tier)
	}
	return best
}

// nameTier says how well the query words match the name's words: 0 when they occur as a
// phrase (the last word as a prefix), otherwise 1 + how many query words are the prefix
// of no word in the name.
func nameTier(name, query []string) int {
	for start := 0; start+len(query) <= len(name); start++ {
		ok := true
		for i, w := range query {
			n := name[start+i]
			if (i < len(query)-1 && n != w) || (i == len(query)-1 && !strings.HasPrefix(n, w)) {
				ok = false
				break
			}
		}
		if ok {
			return 0
		}
	}
	tier := 1
	for _, w := range query {
		found := false
		for _, n := range name {
			if strings.HasPrefix(n, w) {
				found = true
				break
			}
		}
		if !found {
			tier++
		}
	}
	return tier
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// searchWords folds s and splits it into words of letters and digits, as unicode61 does.
func searchWords(s string) []string {
	words := strings.FieldsFunc(kiosk.Fold(s), notWordRune)
	if len(words) > searchMaxWords {
		words = words[:searchMaxWords]
	}
	for i, w := range words {
		if len(w) > searchMaxWordBytes {
			cut := searchMaxWordBytes
			for cut > 0 && !utf8.RuneStart(w[cut]) {
				cut--
			}
			words[i] = w[:cut]
		}
	}
	return words
}

func (s *CatalogStore) summary(ctx context.Context, where string, args ...any) (kiosk.ProcedureSummary, error) {
	var p kiosk.ProcedureSummary
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT code, name, field, service, name_en FROM catalog_procedures WHERE `+where, args...).
		Scan(&p.Code, &p.Name, &p.Field, &p.Service, &p.NameEN)
	return p, err
}
