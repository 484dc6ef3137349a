package catalog_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk/catalog"
)

// untar unpacks the 402 real portal records into a temporary folder.
func untar(t *testing.T) string {
	t.Helper()
	f, err := os.Open("portal/testdata/dvcqg.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return dir
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(h.Name, ".json") {
			b, _ := io.ReadAll(tr)
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(h.Name)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestConvertPortalDirectoryThenImport(t *testing.T) {
	dir := untar(t)
	var out bytes.Buffer
	clock := func() time.Time { return time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) }
	rep, err := catalog.ConvertPortal(dir, &out, catalog.PortalOptions{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 402 || rep.Converted+len(rep.Refused) != 402 || rep.Converted < 390 {
		t.Fatalf("report: %s", rep)
	}
	for _, r := range rep.Refused {
		if r.Message == "" {
			t.Errorf("%s refused without a reason", r.File)
		}
	}
	b, err := catalog.Parse(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if b.Version != 202611252130 || len(b.Procedures) != rep.Converted {
		t.Errorf("bundle v%d with %d procedures", b.Version, len(b.Procedures))
	}

	path := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	svc := newService(t)
	ctx := context.Background()
	if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	var msg bytes.Buffer
	if err := catalog.ImportFile(ctx, svc, path, &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg.String(), "catalog version 202611252130 applied") {
		t.Errorf("import said %q", msg.String())
	}
	msg.Reset()
	if err := catalog.SearchCLI(ctx, svc, "dang ky khai sinh", 5, &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(msg.String(), "1.001193\tThủ tục đăng ký khai sinh\n") {
		t.Errorf("search printed:\n%s", msg.String())
	}
}
