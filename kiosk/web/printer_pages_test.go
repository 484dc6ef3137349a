package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/hardware"
)

// Staff see the virtual printer's newest pages; nothing else in the data folder (the
// database beside them) can be fetched through it.
func TestPrinterPagesServesOnlyPages(t *testing.T) {
	ts, s, _ := newTestServer(t)
	dir := t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\nfake")
	for _, name := range []string{"page-20261201-090000-000001.png", "page-20261201-090001-000002.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "motcua.db"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.PrinterPages = &PrinterPages{Dir: dir, Latest: hardware.LatestPages}

	res, err := http.Get(ts.URL + "/api/v1/printer/pages/")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Pages []string }
	_ = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if len(list.Pages) != 2 || list.Pages[0] != "page-20261201-090001-000002.png" {
		t.Fatalf("list (newest first): %d %+v", res.StatusCode, list)
	}
	res, err = http.Get(ts.URL + "/api/v1/printer/pages/" + list.Pages[0])
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(buf.Bytes(), png) || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("page: %d %q", res.StatusCode, buf.Bytes())
	}
	for _, bad := range []string{"..%2fmotcua.db", "motcua.db", "page-x.txt", "..%2f..%2fetc%2fpasswd"} {
		res, err := http.Get(ts.URL + "/api/v1/printer/pages/" + bad)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", bad, res.StatusCode)
		}
	}
}
