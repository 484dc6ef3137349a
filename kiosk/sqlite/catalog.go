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

// Replace swaps the whole catalog in one transaction, with an outbox event saying which
// version the kiosk now holds. Callers validate first (kiosk/catalog does).
func (s *CatalogStore) Replace(ctx context.Context, procedures kiosk.ProcedureStream, hash string) error {
	err := s.DB.Write(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`DELETE FROM catalog_bodies`,
			`DELETE FROM catalog_procedures`,
			`DELETE FROM catalog_fields`,
			`INSERT INTO catalog_fts(catalog_fts) VALUES ('delete-all')`,
			`INSERT INTO catalog_names(catalog_names) VALUES ('delete-all')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("clear catalog: %w", err)
			}
		}
		insProc, err := tx.PrepareContext(ctx, `INSERT INTO catalog_procedures(id, code, name, field, service, name_en, name_folded) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insProc.Close()
		insBody, err := tx.PrepareContext(ctx, `INSERT INTO catalog_bodies(id, body) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer insBody.Close()
		insFTS, err := tx.PrepareContext(ctx, `INSERT INTO catalog_fts(rowid, name, field, documents, result, other) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insFTS.Close()
		insName, err := tx.PrepareContext(ctx, `INSERT INTO catalog_names(rowid, name) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer insName.Close()
		var docs strings.Builder
		n := 0
		c, err := procedures(func(p *kiosk.Procedure) error {
			n++
			id := n
			body, err := json.Marshal(p)
			if err != nil {
				return err
			}
			nameFolded := kiosk.Fold(p.Name)
			if _, err := insProc.ExecContext(ctx, id, p.Code, p.Name, p.Field, p.Service, p.Translations["en"].Name, nameFolded); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			if _, err := insBody.ExecContext(ctx, id, string(body)); err != nil {
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
			if _, err := insName.ExecContext(ctx, id, nameFolded); err != nil {
				return fmt.Errorf("index procedure %s: %w", p.Code, err)
			}
			return nil
		})
		if err != nil {
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

// Search limits: a query beyond them is cut, not refused, since people type what they type.
const (
	searchMaxWords        = 8
	searchMaxWordBytes    = 40
	searchCandidates      = 60   // per stage, ranked by bm25, then reordered by how the name matches
	searchFallbackBelow   = 3    // the any-word stage runs only when fewer results were found
	searchEnoughFromNames = 5    // the all-text stage runs only when the names gave fewer
	searchRankBudget      = 1200 // the all-text stage ranks by bm25 up to this many matches × words
)

var codeLike = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*\.[0-9A-Za-z._-]+$`)

// Search finds procedures for what a person typed, folded as the index is; the last word
// is matched as a prefix, since it may still be being typed. It searches in stages, each
// only when the ones before found fewer than limit procedures, so the common queries
// (which find many names) never pay for a full-text scan of every document list:
//
//  1. the words as a phrase in the name (shorter names first),
//  2. all the words in the name,
//  3. all the words anywhere (name, field, documents, result, keywords), when the names
//     gave fewer than five and no name holds a phrase of three words or more,
//  4. any of the words in the name, when the stages before found fewer than three.
//
// Within a stage, bm25 with the name weighted most.
func (s *CatalogStore) Search(ctx context.Context, query string, limit int) ([]kiosk.ProcedureSummary, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out := []kiosk.ProcedureSummary{}
	seen := map[string]bool{}
	q := strings.TrimSpace(query)
	if codeLike.MatchString(q) {
		if p, err := s.summary(ctx, `code = ?`, q); err == nil {
			out = append(out, p)
			seen[p.Code] = true
		}
	}
	words := searchWords(q)
	if len(words) == 0 {
		return out, nil
	}
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = `"` + w + `"`
	}
	terms[len(terms)-1] += "*"
	// A last word of one letter is still being typed and would match nearly everything:
	// the name stages use it, the wide ones wait for the next letter.
	wide := terms
	if len(words) > 1 && len(words[len(words)-1]) == 1 {
		wide = terms[:len(terms)-1]
	}
	stages := []stage{{"catalog_names", `"` + strings.Join(words, " ") + `"*`, bm25Names}}
	if len(words) > 1 {
		stages = append(stages, stage{"catalog_names", strings.Join(terms, " "), bm25Names})
	}
	stages = append(stages, stage{"catalog_fts", strings.Join(wide, " "), bm25All})
	if len(wide) > 1 {
		stages = append(stages, stage{"catalog_names", strings.Join(wide, " OR "), ""})
	}
	phraseHits := 0
	for i, stage := range stages {
		if len(out) >= limit {
			break
		}
		// Matches in the document lists are for queries the names do not answer (a paper's
		// name, a result): when several names hold the words, the hundreds of procedures
		// that merely mention them would bury nothing useful and cost the most to rank.
		if stage.table == "catalog_fts" && (len(out) >= searchEnoughFromNames || phraseHits > 0 && len(words) >= 3) {
			break // a name holds the whole phrase typed (three words or more): that is the answer
		}
		// Any-word matches are a fallback for a query nothing matches whole, not padding.
		if i == len(stages)-1 && len(wide) > 1 && len(out) >= searchFallbackBelow {
			break
		}
		hits, err := s.match(ctx, stage, words)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			phraseHits = len(hits)
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
			if !seen[h.Code] {
				seen[h.Code] = true
				out = append(out, h.ProcedureSummary)
			}
		}
	}
	return out, nil
}

type hit struct {
	kiosk.ProcedureSummary
	tier      int
	nameWords int
}

// stage is one FTS query of a search: the table, the MATCH expression and the rank (an
// SQL expression; empty takes rows in catalog order, for a match too wide to rank fast).
type stage struct {
	table, match, rank string
}

const (
	bm25Names = "bm25(catalog_names)"
	bm25All   = "bm25(catalog_fts, 10.0, 2.0, 1.0, 1.0, 3.0)"
)

func (s *CatalogStore) match(ctx context.Context, st stage, words []string) ([]hit, error) {
	if st.table == "catalog_fts" {
		// bm25 costs a few microseconds a row and word; past a budget (common words in the
		// document lists) take rows unranked and let the names order them.
		most := searchRankBudget / len(words)
		var n int
		if err := s.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH ? LIMIT ?)`,
			st.match, most+1).Scan(&n); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		if n > most {
			st.rank = ""
		}
	}
	rank := st.rank
	if rank == "" {
		rank = "rowid"
	}
	q := `SELECT p.code, p.name, p.field, p.service, p.name_en, p.name_folded
		FROM (SELECT rowid AS id, ` + rank + ` AS r FROM ` + st.table + `
			WHERE ` + st.table + ` MATCH ? ORDER BY r LIMIT ?) f
		JOIN catalog_procedures p ON p.id = f.id ORDER BY f.r`
	n := searchCandidates
	if st.rank == "" {
		n = 2 * searchCandidates // unranked: take more, and let the name decide
	}
	rows, err := s.DB.Reader().QueryContext(ctx, q, st.match, n)
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
