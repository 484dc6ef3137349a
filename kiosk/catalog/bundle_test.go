package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
	"golang.org/x/text/unicode/norm"
)

func newService(t testing.TB) *catalog.Service {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return catalog.NewService(sqlite.NewCatalogStore(db), nil)
}

// demo returns the demo bundle as a generic tree, to break in tests.
func demo(t testing.TB) map[string]any {
	var b map[string]any
	if err := json.Unmarshal(catalog.DemoBundle(), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func encode(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func procedure(b map[string]any, i int) map[string]any {
	return b["procedures"].([]any)[i].(map[string]any)
}

func TestDemoBundleIsValid(t *testing.T) {
	b, err := catalog.Parse(catalog.DemoBundle())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Procedures) != 56 || len(b.Fields) != 15 || !b.Demo || b.Format != catalog.Format {
		t.Errorf("demo bundle: %d procedures, %d fields, demo %v", len(b.Procedures), len(b.Fields), b.Demo)
	}
}

func TestParseRefusesBrokenRecordsNamingRecordAndField(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(b map[string]any)
		want    string // in the error: the record and the field
	}{
		{"negative copies", func(b map[string]any) {
			procedure(b, 3)["documents"].([]any)[0].(map[string]any)["copy"] = -1
		}, "procedures/3 (1.004873), /documents/0/copy"},
		{"misspelt key", func(b map[string]any) { procedure(b, 5)["documnets"] = []any{} }, "procedures/5 (1.000689)"},
		{"no name", func(b map[string]any) { delete(procedure(b, 0), "name") }, "procedures/0 (1.001193)"},
		{"unknown field", func(b map[string]any) { procedure(b, 1)["field"] = "Không có" }, "procedures/1 (1.000656), /field"},
		{"duplicate code", func(b map[string]any) { procedure(b, 2)["code"] = "1.001193" }, "procedures/2 (1.001193), /code"},
		{"bad channel", func(b map[string]any) {
			procedure(b, 0)["methods"].([]any)[0].(map[string]any)["channel"] = "fax"
		}, "procedures/0 (1.001193), /methods/0/channel"},
		{"wrong format", func(b map[string]any) { b["format"] = "other" }, "bundle, /format"},
		{"no version", func(b map[string]any) { delete(b, "version") }, "bundle"},
		{"bad issued_at", func(b map[string]any) { b["issued_at"] = "yesterday" }, "bundle, /issued_at"},
		{"no procedures", func(b map[string]any) { b["procedures"] = []any{} }, "bundle, /procedures"},
		{"fee as text", func(b map[string]any) { procedure(b, 0)["fee"].(map[string]any)["amount_vnd"] = "0 đồng" }, "/fee/amount_vnd"},
		{"đồng as a foreign currency", func(b map[string]any) {
			procedure(b, 0)["fee"] = map[string]any{"amount_vnd": nil, "amount": 5, "currency": "VND", "text": "5 đồng"}
		}, "procedures/0 (1.001193), /fee/currency"},
		{"an amount without its currency", func(b map[string]any) {
			procedure(b, 0)["fee"] = map[string]any{"amount_vnd": nil, "amount": 5, "text": "5"}
		}, "procedures/0 (1.001193), /fee"},
		{"USD with an amount in đồng too", func(b map[string]any) {
			procedure(b, 0)["fee"] = map[string]any{"amount_vnd": 5, "amount": 5, "currency": "USD", "text": "5 USD"}
		}, "procedures/0 (1.001193), /fee/amount_vnd"},
		{"an attachment without a name", func(b map[string]any) {
			procedure(b, 0)["fee"].(map[string]any)["attachments"] = []any{map[string]any{"name": " ", "file_id": "x"}}
		}, "procedures/0 (1.001193), /fee/attachments/0/name"},
		{"a value without its unit", func(b map[string]any) {
			procedure(b, 1)["processing_time"].(map[string]any)["value"] = 3
		}, "procedures/1 (1.000656), /processing_time"},
		{"calendar days counted as working days", func(b map[string]any) {
			procedure(b, 1)["processing_time"] = map[string]any{"working_days": 30, "value": 30, "unit": "day", "text": "30 ngày"}
		}, "procedures/1 (1.000656), /processing_time/working_days"},
		{"an unknown unit in a case's time", func(b map[string]any) {
			procedure(b, 1)["case_times"] = []any{map[string]any{"processing_time": map[string]any{"working_days": nil, "value": 2, "unit": "week", "text": "2 tuần"}}}
		}, "procedures/1 (1.000656), /case_times/0/processing_time/unit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := demo(t)
			tc.breakIt(b)
			_, err := catalog.Parse(encode(t, b))
			var refused *catalog.RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("Parse = %v, want a refusal", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error does not name %q:\n%v", tc.want, err)
			}
			if kiosk.ErrorCode(err) != kiosk.EINVALID || kiosk.ErrorOf(err).Message == "" {
				t.Errorf("want an EINVALID kiosk error with a Vietnamese message, got %#v", kiosk.ErrorOf(err))
			}
		})
	}
}

func TestParseNormalisesTextToNFC(t *testing.T) {
	b := demo(t)
	procedure(b, 0)["name"] = "  " + norm.NFD.String("Thủ tục đăng ký khai sinh") + "\n"
	got, err := catalog.Parse(encode(t, b))
	if err != nil {
		t.Fatal(err)
	}
	if name := got.Procedures[0].Name; name != "Thủ tục đăng ký khai sinh" || !norm.NFC.IsNormalString(name) {
		t.Errorf("name = %q (%U)", name, []rune(name))
	}
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
