package hub

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Each store's schema is a numbered list of .sql files, migrations/<store>/NNNN_name.sql,
// applied in order, each in its own transaction with the row that records it in
// schema_migrations. A change to the hub's data adds a file to both folders with the same
// number; an applied file is never edited.
//
//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations returns the steps of one store ("sqlite", "postgres") in order.
func migrations(store string) ([]migration, error) {
	dir := path.Join("migrations", store)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s: want NNNN_name.sql", dir, e.Name())
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: v, Name: name, SQL: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.Version - b.Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s: two files numbered %d", dir, out[i].Version)
		}
	}
	return out, nil
}
