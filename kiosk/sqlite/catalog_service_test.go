package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/catalog/catalogtest"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// The catalog service (kiosk/catalog) on a real store: applying, refusing and importing
// bundles. These live with the store so the domain's own tests import no adapter.

var (
	demo      = catalogtest.DemoTree
	encode    = catalogtest.Encode
	procedure = catalogtest.Procedure
)

// newService is the catalog service over an empty store in a temporary file.
func newService(t testing.TB) *catalog.Service {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return catalog.NewService(sqlite.NewCatalogStore(db), nil)
}

func TestApplyRefusalKeepsThePreviousCatalog(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := svc.Info(ctx)

	// A newer bundle with one broken record among 56 good ones is refused whole.
	b := demo(t)
	b["version"] = 2
	b["demo"] = false
	procedure(b, 40)["documents"].([]any)[0].(map[string]any)["original"] = 1000
	if _, err := svc.Apply(ctx, encode(t, b)); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("Apply(broken) = %v, want EINVALID", err)
	}
	assertCatalog(t, svc, before)

	// A good newer bundle replaces it.
	b = demo(t)
	b["version"] = 5
	b["demo"] = false
	b["procedures"] = b["procedures"].([]any)[:10]
	v, err := svc.Apply(ctx, encode(t, b))
	if err != nil || v != 5 {
		t.Fatalf("Apply(v5) = %d, %v", v, err)
	}
	after, _ := svc.Info(ctx)
	if after.Version != 5 || after.Procedures != 10 || after.Demo {
		t.Fatalf("after v5: %+v", after)
	}
	if _, err := svc.Procedure(ctx, "1.004222"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("a procedure not in v5 is still there: %v", err)
	}

	// The same bytes again are a no-op.
	if v, err := svc.Apply(ctx, encode(t, b)); err != nil || v != 5 {
		t.Errorf("re-applying v5 = %d, %v", v, err)
	}
	// Older or same-numbered different bundles never roll it back.
	for _, version := range []int{4, 5} {
		b["version"] = version
		b["issuer"] = "another"
		if _, err := svc.Apply(ctx, encode(t, b)); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
			t.Errorf("Apply(v%d) = %v, want ECONFLICT", version, err)
		}
	}
	if _, err := svc.Apply(ctx, catalog.DemoBundle()); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Errorf("demo v1 over v5 = %v, want ECONFLICT", err)
	}
	assertCatalog(t, svc, after)
}

func assertCatalog(t *testing.T, svc *catalog.Service, want kiosk.CatalogInfo) {
	t.Helper()
	got, err := svc.Info(context.Background())
	if err != nil || got != want {
		t.Fatalf("catalog changed: %+v, %v; want %+v", got, err, want)
	}
	res, err := svc.Search(context.Background(), "khai sinh", 5)
	if err != nil || len(res) == 0 {
		t.Fatalf("search after refusal: %v, %v", res, err)
	}
}

func FuzzApply(f *testing.F) {
	f.Add(catalog.DemoBundle())
	f.Add([]byte(`{"format":"motcua.catalog.v1","version":2,"issued_at":"2026-01-01T00:00:00Z","fields":[{"name":"A"}],"procedures":[{"code":"1.1","name":"x","field":"A","steps":[],"methods":[],"documents":[],"processing_time":{"working_days":null,"text":""},"fee":{"amount_vnd":null,"text":""}}]}`))
	f.Add([]byte(`{"procedures":[1,2,{}]}`))
	f.Add([]byte(`[]`))
	ctx := context.Background()
	svc := newService(f)
	if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before, err := svc.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Apply(ctx, data); err != nil {
			if got, _ := svc.Info(ctx); got != before {
				t.Fatalf("a refused bundle changed the catalog: %v", err)
			}
			if kiosk.ErrorOf(err).Code == kiosk.EINTERNAL {
				t.Fatalf("refusal without a reason a person can read: %v", err)
			}
		}
	})
}

func TestConvertPortalDirectoryThenImport(t *testing.T) {
	dir := catalogtest.PortalRecords(t, "../catalog/portal/testdata/dvcqg.tar.gz")
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
	if len(b.Synonyms) != len(catalog.DefaultSynonyms()) {
		t.Errorf("the converted bundle carries %d synonyms, want the kiosk's list", len(b.Synonyms))
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
	if !strings.HasPrefix(msg.String(), "1.001193\t1.00\tThủ tục đăng ký khai sinh\n") {
		t.Errorf("search printed:\n%s", msg.String())
	}
	msg.Reset()
	if err := catalog.SearchCLI(ctx, svc, "ho ngheo", 5, &msg); err != nil || !strings.HasPrefix(msg.String(), "Không tìm thấy") {
		t.Errorf("search for what the catalog lacks printed %q, %v", msg.String(), err)
	}
}

// A file over the bundle limit is refused from its size, without being read: a sparse file
// of 300 MB takes no disk.
func TestImportFileRefusesAFileOverTheLimitUnread(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := svc.Info(ctx)
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(300 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var out bytes.Buffer
	err = catalog.ImportFile(ctx, svc, path, &out)
	if kiosk.ErrorCode(err) != kiosk.ETOOLARGE || !strings.Contains(kiosk.ErrorOf(err).Message, "Gói danh mục quá lớn (300 MB, tối đa 256 MB)") {
		t.Fatalf("ImportFile = %v, want ETOOLARGE naming the size", err)
	}
	assertCatalog(t, svc, before)
}

// A kiosk still on an earlier release's demo (without the synonyms, say) gets this
// release's demo when it starts; a province's catalog is never replaced by the demo.
func TestLoadDemoReplacesAnOlderDemoOnly(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	older := demo(t)
	delete(older, "synonyms")
	older["issuer"] = "Một Cửa Kiosk — danh mục mẫu của bản trước"
	if _, err := svc.Apply(ctx, encode(t, older)); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Search(ctx, "bao tu ", 5); len(got) != 0 {
		t.Fatalf("the older demo has no synonyms, yet found %v", codes(got))
	}
	if loaded, err := svc.LoadDemoIfEmpty(ctx); !loaded || err != nil {
		t.Fatalf("LoadDemoIfEmpty over an older demo = %v, %v; want loaded", loaded, err)
	}
	if got, _ := svc.Search(ctx, "bao tu", 5); len(got) == 0 || got[0].Code != "1.000656" {
		t.Fatalf("after the new demo, Search(bao tu) = %v", codes(got))
	}
	if loaded, err := svc.LoadDemoIfEmpty(ctx); loaded || err != nil {
		t.Fatalf("LoadDemoIfEmpty over the same demo = %v, %v; want a no-op", loaded, err)
	}
	province := demo(t)
	province["version"], province["demo"] = 2, false
	if _, err := svc.Apply(ctx, encode(t, province)); err != nil {
		t.Fatal(err)
	}
	if loaded, err := svc.LoadDemoIfEmpty(ctx); loaded || err != nil {
		t.Fatalf("LoadDemoIfEmpty over a province's catalog = %v, %v; want a no-op", loaded, err)
	}
}
