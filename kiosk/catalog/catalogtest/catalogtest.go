// Package catalogtest holds what tests of the catalog need in more than one package: the
// demo bundle as a tree to break, and the real portal records unpacked. (The catalog
// service's tests on a real store live with the store, kiosk/sqlite, so that the domain
// package's tests import no adapter: docs/architecture.md.)
package catalogtest

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog"
)

// DemoTree returns the demo bundle as a generic JSON tree, to break in tests.
func DemoTree(t testing.TB) map[string]any {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(catalog.DemoBundle(), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// Encode returns v as JSON.
func Encode(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Procedure returns the i-th procedure of a bundle tree.
func Procedure(b map[string]any, i int) map[string]any {
	return b["procedures"].([]any)[i].(map[string]any)
}

// PortalRecordFiles reads the 402 real national-portal records in tarGz
// (kiosk/catalog/portal/testdata/dvcqg.tar.gz, a copy of ../shared/data/dvcqg so tests run on
// a clean machine): file name → bytes.
func PortalRecordFiles(t testing.TB, tarGz string) map[string][]byte {
	t.Helper()
	f, err := os.Open(tarGz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(h.Name, ".json") {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			out[path.Base(h.Name)] = b
		}
	}
}

// PortalRecords writes the records of PortalRecordFiles into a temporary folder and returns it.
func PortalRecords(t testing.TB, tarGz string) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range PortalRecordFiles(t, tarGz) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
