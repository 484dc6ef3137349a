package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/motcua/motcua/kiosk"
)

// Candidates a search scores, found through the index in the order search prefers before
// it reads a query (commune level, then shorter names: the rowid order, see
// writeSearchIndex), so the index stops after these many instead of ranking thousands.
const (
	// searchNeeded: procedures holding one of the slots a good match needs. On the real
	// catalogs (a few hundred procedures) that is every one of them for most queries.
	searchNeeded = 300
	// searchAllSlots: when there were more, also the first procedures holding every slot.
	searchAllSlots = 100
)

var codeLike = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*\.[0-9A-Za-z._-]+$`)

// Search finds the procedures that match what a person typed well enough
// (kiosk.SearchQuery.Score ≥ Threshold), best first. It reads the query against the
// catalog's lexicon (synonyms, fillers, the rarity of each word), takes as candidates the
// procedures whose name or keywords hold one of the slots a good match needs, scores each
// from what the searchIndex holds in memory (names, keywords, level, uses), and reads from
// the database only the list fields of those that make the list. A query shaped like a
// code (1.001193) also looks the code up.
func (s *CatalogStore) Search(ctx context.Context, query string, limit int) ([]kiosk.ProcedureSummary, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out := []kiosk.ProcedureSummary{}
	if q := strings.TrimSpace(query); codeLike.MatchString(q) {
		if p, err := s.summary(ctx, `code = ?`, q); err == nil {
			p.Score = 1
			out = append(out, p)
		}
	}
	ix, err := s.searchIndexNow(ctx)
	if err != nil {
		return nil, err
	}
	sq := ix.lexicon.Query(query)
	if sq.Empty() {
		return out, nil
	}
	rowids, err := s.candidates(ctx, sq)
	if err != nil {
		return nil, err
	}
	type result struct {
		rowid       int64
		match, rank float64
	}
	var good []result
	for _, r := range rowids {
		c, ok := ix.procedure(r)
		if !ok {
			continue // the catalog changed since the index was read: the next search has it
		}
		if match, rank := sq.Score(c); match >= s.Threshold {
			good = append(good, result{r, match, rank})
		}
	}
	sort.Slice(good, func(i, j int) bool {
		if good[i].rank != good[j].rank {
			return good[i].rank > good[j].rank
		}
		return good[i].rowid < good[j].rowid // the order search prefers
	})
	if len(good) > limit {
		good = good[:limit]
	}
	rows := make([]int64, len(good))
	for i, g := range good {
		rows[i] = g.rowid
	}
	sums, err := s.summaries(ctx, rows)
	if err != nil {
		return nil, err
	}
	for _, g := range good {
		p, ok := sums[g.rowid]
		if !ok || len(out) >= limit || len(out) > 0 && out[0].Code == p.Code {
			continue
		}
		p.Score = g.match
		out = append(out, p)
	}
	return out, nil
}

// candidates finds the procedures worth scoring, by rowid in catalog_search: the first
// searchNeeded holding a slot the query needs (SearchQuery.Needed: no good match holds
// none), and when there were more, the first searchAllSlots holding every slot, since
// the best match may be further down the first list.
func (s *CatalogStore) candidates(ctx context.Context, sq *kiosk.SearchQuery) ([]int64, error) {
	needed := sq.Needed(s.Threshold)
	exprs := make([]string, len(needed))
	for i, k := range needed {
		exprs[i] = slotExpr(sq.Slots[k])
	}
	rowids, err := s.match(ctx, strings.Join(exprs, " OR "), searchNeeded)
	if err != nil || len(rowids) < searchNeeded || len(sq.Slots) == 1 {
		return rowids, err
	}
	all := make([]string, len(sq.Slots))
	for i, slot := range sq.Slots {
		all[i] = slotExpr(slot)
	}
	more, err := s.match(ctx, strings.Join(all, " AND "), searchAllSlots)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(rowids))
	for _, r := range rowids {
		seen[r] = true
	}
	for _, r := range more {
		if !seen[r] {
			rowids = append(rowids, r)
		}
	}
	return rowids, nil
}

// slotExpr is the FTS5 expression matching a slot: any of its alternatives, each with all
// its words (the words are letters and digits only: SearchWords made them).
func slotExpr(s kiosk.SearchSlot) string {
	alts := make([]string, len(s.Alts))
	for i, a := range s.Alts {
		terms := make([]string, len(a))
		for j, w := range a {
			terms[j] = `"` + w + `"`
			if s.Prefix && len(a) == 1 {
				terms[j] += "*"
			}
		}
		alts[i] = "(" + strings.Join(terms, " AND ") + ")"
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// match returns the first n rowids of catalog_search that match finds, in rowid order
// (the order search prefers).
func (s *CatalogStore) match(ctx context.Context, match string, n int) ([]int64, error) {
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT rowid FROM catalog_search WHERE catalog_search MATCH ? ORDER BY rowid LIMIT ?`, match, n)
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		out = append(out, r)
	}
	return out, storageError(s.DB.Path, rows.Err())
}

// summaries reads the list fields of the procedures with these rowids in catalog_search.
func (s *CatalogStore) summaries(ctx context.Context, rowids []int64) (map[int64]kiosk.ProcedureSummary, error) {
	out := make(map[int64]kiosk.ProcedureSummary, len(rowids))
	if len(rowids) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(rowids)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT search_rowid, code, name, field, service, name_en, `+translatedNames+` FROM catalog_procedures
		WHERE search_rowid IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rowid int64
		var p kiosk.ProcedureSummary
		var names string
		if err := rows.Scan(&rowid, &p.Code, &p.Name, &p.Field, &p.Service, &p.NameEN, &names); err != nil {
			return nil, storageError(s.DB.Path, err)
		}
		p.Names = namesOf(names)
		out[rowid] = p
	}
	return out, storageError(s.DB.Path, rows.Err())
}

// searchIndex is what search holds in memory of the catalog with a given hash: its
// lexicon, and each procedure as scoring reads it (with its uses at this desk), by rowid
// in catalog_search. Built on the first search after a catalog changes (in this process
// or another): a few tens of milliseconds and a few megabytes for ten thousand
// procedures; the uses are read again after each CountUse. Scoring from memory spares
// each search reading hundreds of names from the database (≈ 5 µs each).
type searchIndex struct {
	hash, usesVersion string
	lexicon           *kiosk.Lexicon
	procedures        []kiosk.SearchCandidate // [rowid-1]
}

func (ix *searchIndex) procedure(rowid int64) (kiosk.SearchCandidate, bool) {
	if rowid < 1 || rowid > int64(len(ix.procedures)) {
		return kiosk.SearchCandidate{}, false
	}
	return ix.procedures[rowid-1], true
}

// searchCache holds the searchIndex of the catalog last searched. An index is never
// changed once built (searches read it without the lock): new uses make a new one that
// shares the rest.
type searchCache struct {
	mu sync.Mutex
	ix *searchIndex
}

// searchIndexNow returns the searchIndex of the catalog and uses held now.
func (s *CatalogStore) searchIndexNow(ctx context.Context) (*searchIndex, error) {
	var hash, uses string
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT hash, coalesce((SELECT value FROM meta WHERE key = 'catalog_usage'), '')
		FROM catalog_info WHERE id = 1`).Scan(&hash, &uses)
	if errors.Is(err, sql.ErrNoRows) {
		return &searchIndex{lexicon: kiosk.NewLexicon(0, nil, nil)}, nil
	}
	if err != nil {
		return nil, storageError(s.DB.Path, err)
	}
	c := &s.search
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.ix != nil && c.ix.hash == hash && c.ix.usesVersion == uses:
		return c.ix, nil
	case c.ix != nil && c.ix.hash == hash:
		ix := *c.ix
		ix.procedures = slices.Clone(ix.procedures)
		if err := s.readUses(ctx, s.DB.Reader(), &ix); err != nil {
			return nil, err
		}
		c.ix = &ix
		return c.ix, nil
	}
	ix, err := s.loadSearchIndex(ctx)
	if err != nil {
		return nil, err
	}
	c.ix = ix
	return ix, nil
}

// readUses sets the uses of ix's procedures (weighted as docs/catalog.md says) and its
// usesVersion. q is the reader pool or a read transaction (querier, queue.go).
func (s *CatalogStore) readUses(ctx context.Context, q querier, ix *searchIndex) error {
	for i := range ix.procedures {
		ix.procedures[i].Uses = 0
	}
	rows, err := q.QueryContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'catalog_usage'), ''), p.search_rowid,
			u.opened + 2*u.printed + 4*u.received
		FROM catalog_usage u JOIN catalog_procedures p ON p.code = u.code`)
	if err != nil {
		return storageError(s.DB.Path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rowid int64
		var uses int
		if err := rows.Scan(&ix.usesVersion, &rowid, &uses); err != nil {
			return storageError(s.DB.Path, err)
		}
		if rowid >= 1 && rowid <= int64(len(ix.procedures)) {
			ix.procedures[rowid-1].Uses = uses
		}
	}
	return storageError(s.DB.Path, rows.Err())
}

// loadSearchIndex reads the index's vocabulary, the procedures' search columns, their
// uses and the synonyms in one read transaction, so they belong to one catalog.
func (s *CatalogStore) loadSearchIndex(ctx context.Context) (*searchIndex, error) {
	fail := func(err error) (*searchIndex, error) { return nil, storageError(s.DB.Path, err) }
	tx, err := s.DB.Reader().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	ix := &searchIndex{}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT hash, coalesce((SELECT value FROM meta WHERE key = 'catalog_usage'), ''),
		(SELECT count(*) FROM catalog_procedures) FROM catalog_info WHERE id = 1`).Scan(&ix.hash, &ix.usesVersion, &n); err != nil {
		return fail(err)
	}
	words := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT term, doc FROM catalog_search_vocab`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var w string
		var df int
		if err := rows.Scan(&w, &df); err != nil {
			rows.Close()
			return fail(err)
		}
		words[w] = df
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	ix.procedures = make([]kiosk.SearchCandidate, n)
	rows, err = tx.QueryContext(ctx, `SELECT search_rowid, name_folded, keywords_folded, commune FROM catalog_procedures`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var rowid int64
		var name, keywords string
		var commune bool
		if err := rows.Scan(&rowid, &name, &keywords, &commune); err != nil {
			rows.Close()
			return fail(err)
		}
		if rowid >= 1 && rowid <= int64(n) {
			ix.procedures[rowid-1] = kiosk.SearchCandidate{Name: strings.Fields(name), Keywords: strings.Fields(keywords), Commune: commune}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if err := s.readUses(ctx, tx, ix); err != nil {
		return nil, err
	}
	var synonyms []kiosk.Synonym
	rows, err = tx.QueryContext(ctx, `SELECT body FROM catalog_synonyms ORDER BY position`)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var body []byte
		var syn kiosk.Synonym
		if err := rows.Scan(&body); err != nil {
			return fail(err)
		}
		if err := json.Unmarshal(body, &syn); err != nil {
			return nil, fmt.Errorf("catalog synonym: %w", err)
		}
		synonyms = append(synonyms, syn)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	ix.lexicon = kiosk.NewLexicon(n, words, synonyms)
	return ix, nil
}
