package hub

import (
	"context"
	"path/filepath"
	"testing"
)

// Both the writer and the readers enforce foreign keys, like the kiosk's store.
func TestSQLiteConnectionsEnforceForeignKeys(t *testing.T) {
	st, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for name, q := range map[string]func() (int, error){
		"writer": func() (n int, err error) {
			return n, st.w.QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&n)
		},
		"reader": func() (n int, err error) {
			return n, st.r.QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&n)
		},
	} {
		if n, err := q(); err != nil || n != 1 {
			t.Errorf("%s: foreign_keys = %d, %v; want 1", name, n, err)
		}
	}
}
