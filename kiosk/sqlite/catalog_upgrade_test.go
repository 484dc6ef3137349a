package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A kiosk upgraded from before migration 9 holds a catalog indexed the old way (names and
// documents, no keywords column, no level). Opening it builds the new index from the
// procedures held: search works at once, with keywords and commune level, before any
// new bundle arrives.
func TestUpgradeReindexesTheCatalogHeld(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	old, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrateThrough(ctx, old, 10); err != nil {
		t.Fatal(err)
	}
	procs := []kiosk.Procedure{
		{Code: "P", Name: "Thủ tục đăng ký khai tử", Field: "Hộ tịch", Level: "Cấp tỉnh"},
		{Code: "X", Name: "Thủ tục đăng ký khai tử", Field: "Hộ tịch", Level: "Cấp xã", Keywords: []string{"giấy báo tử"}},
		{Code: "S", Name: "Thủ tục đăng ký khai sinh", Field: "Hộ tịch", Level: "Cấp xã"},
	}
	for i, p := range procs {
		body, _ := json.Marshal(p)
		if _, err := old.ExecContext(ctx, `INSERT INTO catalog_procedures(id, code, name, field, service, name_en, name_folded) VALUES (?, ?, ?, ?, '', '', ?)`,
			i+1, p.Code, p.Name, p.Field, kiosk.Fold(p.Name)); err != nil {
			t.Fatal(err)
		}
		if _, err := old.ExecContext(ctx, `INSERT INTO catalog_bodies(id, body) VALUES (?, ?)`, i+1, string(body)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.ExecContext(ctx, `INSERT INTO catalog_info(id, version, issued_at, applied_at, issuer, demo, hash)
		VALUES (1, 7, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'tỉnh', 0, 'h7')`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	store := NewCatalogStore(db)
	got, err := store.Search(ctx, "khai tu", 5)
	if err != nil || len(got) != 2 || got[0].Code != "X" || got[1].Code != "P" {
		t.Fatalf("Search(khai tu) after the upgrade = %+v, %v; want the commune's X, then P", got, err)
	}
	if got, err := store.Search(ctx, "giay bao tu", 5); err != nil || len(got) != 1 || got[0].Code != "X" {
		t.Fatalf("Search by keyword after the upgrade = %+v, %v", got, err)
	}
	// Opened again, nothing is rebuilt: the index is current.
	var v string
	if err := db.Reader().QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'catalog_index'`).Scan(&v); err != nil || v != catalogIndexVersion {
		t.Fatalf("catalog_index = %q, %v", v, err)
	}
}
