package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// catalogIndexVersion names how the search index is built (the folding, the columns, the
// order of rowids). Change it whenever any of them changes: a database indexed otherwise
// is reindexed from the procedures it holds when it opens, rather than searching badly
// until the next bundle.
const catalogIndexVersion = "2"

// searchEntry is what search reads of one procedure, derived from it when it is stored.
type searchEntry struct {
	id             int64
	name, keywords string // folded
	commune        bool
	words          int // in the name
}

// searchEntryOf derives a procedure's search columns from its name, keywords and level:
// the words folded and joined by single spaces, as kiosk.SearchCandidate wants them.
func searchEntryOf(id int64, name string, keywords []string, level string) searchEntry {
	words := kiosk.SearchText(name)
	return searchEntry{
		id:       id,
		name:     strings.Join(words, " "),
		keywords: strings.Join(kiosk.SearchText(strings.Join(keywords, "\n")), " "),
		commune:  isCommuneLevel(level),
		words:    len(words),
	}
}

// isCommuneLevel reports whether a cấp thực hiện ("Cấp xã", "Cấp xã, Cấp tỉnh") includes
// the commune.
func isCommuneLevel(level string) bool {
	for _, part := range strings.Split(kiosk.Fold(level), ",") {
		if w := strings.Fields(part); len(w) > 0 && w[len(w)-1] == "xa" {
			return true
		}
	}
	return false
}

// writeSearchIndex fills the search index (emptied by the caller) and the search columns
// of the procedures in entries, in the caller's transaction. Rowids follow the order search
// prefers before it reads a query: commune-level procedures first, then shorter names
// (the migration 0011 says why).
func writeSearchIndex(ctx context.Context, tx *Tx, entries []searchEntry) error {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.commune != b.commune {
			return a.commune
		}
		return a.words < b.words
	})
	upd, err := tx.PrepareContext(ctx, `UPDATE catalog_procedures SET name_folded = ?, keywords_folded = ?, commune = ?, search_rowid = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO catalog_search(rowid, name, keywords) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i, e := range entries {
		rowid := i + 1
		if _, err := upd.ExecContext(ctx, e.name, e.keywords, e.commune, rowid, e.id); err != nil {
			return fmt.Errorf("index procedure %d: %w", e.id, err)
		}
		if _, err := ins.ExecContext(ctx, rowid, e.name, e.keywords); err != nil {
			return fmt.Errorf("index procedure %d: %w", e.id, err)
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('catalog_index', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, catalogIndexVersion)
	return err
}

// reindexCatalog rebuilds the search columns and index from the procedures held when they
// were built by another catalogIndexVersion (an upgrade), in the caller's transaction.
func reindexCatalog(ctx context.Context, tx *Tx) error {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'catalog_index'`).Scan(&v)
	switch {
	case err == nil && v == catalogIndexVersion:
		return nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	// Only the few fields the index needs, decoded by SQLite: a catalog of ten thousand
	// bodies never passes through Go whole.
	rows, err := tx.QueryContext(ctx, `SELECT id, json_extract(body, '$.name'), coalesce(json_extract(body, '$.keywords'), '[]'),
		coalesce(json_extract(body, '$.level'), '') FROM catalog_bodies ORDER BY id`)
	if err != nil {
		return err
	}
	var entries []searchEntry
	for rows.Next() {
		var id int64
		var name, keywordsJSON, level string
		if err := rows.Scan(&id, &name, &keywordsJSON, &level); err != nil {
			rows.Close()
			return err
		}
		var keywords []string
		if err := json.Unmarshal([]byte(keywordsJSON), &keywords); err != nil {
			rows.Close()
			return fmt.Errorf("reindex procedure %d: keywords: %w", id, err)
		}
		entries = append(entries, searchEntryOf(id, name, keywords, level))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT INTO catalog_search(catalog_search) VALUES ('delete-all')`,
		`UPDATE catalog_procedures SET search_rowid = NULL`, // free every rowid for the new order
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return writeSearchIndex(ctx, tx, entries)
}
