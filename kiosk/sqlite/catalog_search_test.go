package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// bundleOf is a bundle of the given procedures (code, name, level), all in one field,
// with the given synonyms, as a JSON tree.
func bundleOf(version int, synonyms []map[string]any, procs ...[3]string) map[string]any {
	var ps []any
	for _, p := range procs {
		ps = append(ps, map[string]any{
			"code": p[0], "name": p[1], "level": p[2], "field": "Hộ tịch",
			"steps": []any{}, "methods": []any{}, "documents": []any{},
			"processing_time": map[string]any{"working_days": nil, "text": ""},
			"fee":             map[string]any{"amount_vnd": nil, "text": ""},
		})
	}
	b := map[string]any{
		"format": catalog.Format, "version": version, "issued_at": "2026-11-25T00:00:00+07:00",
		"fields": []any{map[string]any{"name": "Hộ tịch"}}, "procedures": ps,
	}
	if synonyms != nil {
		b["synonyms"] = synonyms
	}
	return b
}

func TestCatalogSearchAppliesTheBundlesSynonymsAndOnlyThem(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	procs := [][3]string{{"1.000656", "Thủ tục đăng ký khai tử", "Cấp xã"}, {"1.001193", "Thủ tục đăng ký khai sinh", "Cấp xã"}}
	b := bundleOf(2, []map[string]any{{"terms": []string{"báo tử", "Bao Tu"}, "means": "khai tử"}}, procs...)
	if _, err := svc.Apply(ctx, encode(t, b)); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("Apply(a term given twice, folded alike) = %v, want EINVALID", err)
	}
	b = bundleOf(2, []map[string]any{{"terms": []string{"báo tử"}, "means": "khai tử"}}, procs...)
	if _, err := svc.Apply(ctx, encode(t, b)); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Search(ctx, "bao tu", 5)
	if err != nil || len(got) != 1 || got[0].Code != "1.000656" || got[0].Score < kiosk.SearchThreshold {
		t.Fatalf("Search(bao tu) with the synonym = %+v, %v", got, err)
	}
	// The synonyms are the bundle's: the next version without them has none.
	if _, err := svc.Apply(ctx, encode(t, bundleOf(3, nil, procs...))); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Search(ctx, "bao tu", 5); err != nil || len(got) != 0 {
		t.Fatalf("Search(bao tu) without the synonym = %v, %v; want nothing", codes(got), err)
	}
}

func TestCatalogSearchPrefersCommuneLevelAndWhatTheDeskUses(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	b := bundleOf(2, nil,
		[3]string{"P1", "Cấp lại Giấy chứng nhận do bị mất", "Cấp tỉnh"},
		[3]string{"P2", "Cấp lại Giấy chứng nhận do bị mất", "Cấp tỉnh"},
		[3]string{"X1", "Cấp lại Giấy chứng nhận do bị mất", "Cấp xã, Cấp tỉnh"},
	)
	if _, err := svc.Apply(ctx, encode(t, b)); err != nil {
		t.Fatal(err)
	}
	first := func() []string {
		got, err := svc.Search(ctx, "cap lai giay chung nhan bi mat", 5)
		if err != nil {
			t.Fatal(err)
		}
		return codes(got)
	}
	if got := first(); len(got) != 3 || got[0] != "X1" {
		t.Fatalf("results %v, want the commune's X1 first", got)
	}
	// The province's P2, opened and printed at this desk, comes before P1.
	for _, use := range []kiosk.ProcedureUse{kiosk.UseOpened, kiosk.UsePrinted, kiosk.UseReceived} {
		if err := svc.CountUse(ctx, "P2", use); err != nil {
			t.Fatal(err)
		}
	}
	if got := first(); len(got) != 3 || got[0] != "X1" || got[1] != "P2" {
		t.Fatalf("results %v, want X1 then the used P2", got)
	}
	if err := svc.CountUse(ctx, "P2", "liked"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("CountUse(unknown use) = %v, want EINVALID", err)
	}
	// Uses are kept by code across catalog versions.
	if _, err := svc.Apply(ctx, encode(t, func() map[string]any { b["version"] = 3; return b }())); err != nil {
		t.Fatal(err)
	}
	if got := first(); len(got) != 3 || got[1] != "P2" {
		t.Fatalf("results %v after a new version, want the used P2 second still", got)
	}
}

// Another process (the CLI's import) replacing the catalog: a kiosk's search reads the
// new one, not what it held in memory.
func TestCatalogSearchSeesACatalogAppliedByAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	open := func() *catalog.Service {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return catalog.NewService(sqlite.NewCatalogStore(db), nil)
	}
	kioskSvc, cli := open(), open()
	if _, err := kioskSvc.Apply(ctx, encode(t, bundleOf(2, nil, [3]string{"A", "Đăng ký khai tử", "Cấp xã"}))); err != nil {
		t.Fatal(err)
	}
	if got, _ := kioskSvc.Search(ctx, "khai tu", 5); len(got) != 1 {
		t.Fatalf("before: %v", codes(got))
	}
	if _, err := cli.Apply(ctx, encode(t, bundleOf(3, []map[string]any{{"terms": []string{"báo tử"}, "means": "khai tử"}},
		[3]string{"B", "Đăng ký khai tử", "Cấp xã"}))); err != nil {
		t.Fatal(err)
	}
	if got, err := kioskSvc.Search(ctx, "bao tu", 5); err != nil || len(got) != 1 || got[0].Code != "B" {
		t.Fatalf("after another process applied version 3: %v, %v", codes(got), err)
	}
	// Uses counted by the other process reach this one's ranking too.
	if _, err := cli.Apply(ctx, encode(t, bundleOf(4, nil, [3]string{"C1", "Đăng ký khai tử", "Cấp tỉnh"}, [3]string{"C2", "Đăng ký khai tử", "Cấp tỉnh"}))); err != nil {
		t.Fatal(err)
	}
	if got, _ := kioskSvc.Search(ctx, "khai tu", 5); len(got) != 2 || got[0].Code != "C1" {
		t.Fatalf("before uses: %v", codes(got))
	}
	if err := cli.CountUse(ctx, "C2", kiosk.UseReceived); err != nil {
		t.Fatal(err)
	}
	if got, _ := kioskSvc.Search(ctx, "khai tu", 5); len(got) != 2 || got[0].Code != "C2" {
		t.Fatalf("after a use counted elsewhere: %v, want C2 first", codes(got))
	}
}
