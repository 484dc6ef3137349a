package sqlite_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
	"golang.org/x/text/unicode/norm"
)

func demoCatalog(t testing.TB) (*catalog.Service, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := catalog.NewService(sqlite.NewCatalogStore(db), nil)
	loaded, err := svc.LoadDemoIfEmpty(ctx)
	if err != nil || !loaded {
		t.Fatalf("LoadDemoIfEmpty = %v, %v", loaded, err)
	}
	return svc, db
}

func TestCatalogSearchFindsWhatPeopleTypeWithoutMarks(t *testing.T) {
	svc, _ := demoCatalog(t)
	ctx := context.Background()
	tests := []struct {
		query string
		first string
	}{
		{"dang ky khai sinh", "1.001193"},
		{"Đăng ký khai sinh", "1.001193"},
		{norm.NFD.String("Đăng ký khai sinh"), "1.001193"},
		{"DANG KY KHAI SINH", "1.001193"},
		{"dang ky khai s", "1.001193"}, // still typing
		{"khai sinh", "1.001193"},
		{"dang ky ket hon", "1.000894"},
		{"chung thuc ban sao", "2.000815"},
		{"khai tu", "1.000656"},
		{"xac nhan tinh trang hon nhan", "1.004873"},
		{"chung thuc chu ky", "2.000884"},
		{"dang ky tam tru", "1.004194"},
		{"khai bao tam vang", "1.003677"},
		{"1.001193", "1.001193"},
	}
	for _, tc := range tests {
		got, err := svc.Search(ctx, tc.query, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", tc.query, err)
		}
		if len(got) == 0 || got[0].Code != tc.first {
			t.Errorf("Search(%q) first = %v, want %s", tc.query, codes(got), tc.first)
		}
	}
}

func TestCatalogSearchRanksLongNamesWithThePhraseAboveOthers(t *testing.T) {
	svc, _ := demoCatalog(t)
	got, err := svc.Search(context.Background(), "dang ky khai sinh", 10)
	if err != nil {
		t.Fatal(err)
	}
	// Every name holding the phrase (the 22-word "Liên thông…" too) before names that do not.
	want := []string{"1.001193", "1.000689", "1.004772", "2.001023", "1.004884"}
	if c := codes(got); len(c) < len(want) || strings.Join(c[:len(want)], " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v first", c, want)
	}
}

func TestCatalogSearchReadsVillagersWords(t *testing.T) {
	svc, _ := demoCatalog(t)
	ctx := context.Background()
	// The demo's synonyms and the built-in fillers: what people say, not what the law says.
	for q, want := range map[string]string{
		"giay chung sinh":            "1.001193", // the hospital's paper, brought to register a birth
		"lam giay khai sinh cho con": "1.001193",
		"bao tu":                     "1.000656",
		"giay doc than":              "1.004873",
		"so do":                      "1.115750",
		"mo quan ban hang":           "1.001612",
		"dang ki ket hon":            "1.000894", // ki for ky
		"xac nh tinh trang hon nhan": "1.004873", // a word cut short mid-query
	} {
		got, err := svc.Search(ctx, q, 3)
		if err != nil || !contains(codes(got), want) {
			t.Errorf("Search(%q) = %v, %v; want %s in the first three", q, codes(got), err, want)
		}
	}
	// Nothing matching well is nothing, not a list of what shares a word; a word found
	// only in the document lists no longer counts.
	for _, q := range []string{"", "   ", "!!!", "ho ngheo", "dang ky xe", "lam can cuoc", "tien dien", "to khai"} {
		if got, err := svc.Search(ctx, q, 20); err != nil || len(got) != 0 {
			t.Errorf("Search(%q) = %v, %v; want nothing", q, codes(got), err)
		}
	}
}

func TestCatalogBrowseAndRead(t *testing.T) {
	svc, _ := demoCatalog(t)
	ctx := context.Background()
	fields, err := svc.Fields(ctx)
	if err != nil || len(fields) != 15 || fields[0].Name != "Hộ tịch" || fields[0].Count != 16 {
		t.Fatalf("Fields = %+v, %v", fields[:1], err)
	}
	list, err := svc.ByField(ctx, "Chứng thực")
	if err != nil || len(list) != 7 {
		t.Fatalf("ByField = %d, %v", len(list), err)
	}
	if _, err := svc.ByField(ctx, "Không có"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown field: %v", err)
	}
	p, err := svc.Procedure(ctx, "1.001193")
	if err != nil || len(p.Documents) != 7 || p.Documents[1].Name != "Giấy chứng sinh" || p.Fee.AmountVND == nil {
		t.Fatalf("Procedure = %+v, %v", p, err)
	}
	if _, err := svc.Procedure(ctx, "9.999999"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown code: %v", err)
	}
	info, err := svc.Info(ctx)
	if err != nil || info.Version != 1 || !info.Demo || info.Procedures != 56 {
		t.Errorf("Info = %+v, %v", info, err)
	}
	if loaded, err := svc.LoadDemoIfEmpty(ctx); loaded || err != nil {
		t.Errorf("second LoadDemoIfEmpty = %v, %v; want no-op", loaded, err)
	}
}

func codes(ps []kiosk.ProcedureSummary) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// What the portal converter keeps — the note, times in their own units, a case's time, a
// fee in USD, the fee schedule's file — comes back from the store as it went in.
func TestCatalogStoreKeepsNotesTimesCurrenciesAndAttachments(t *testing.T) {
	svc, _ := demoCatalog(t)
	ctx := context.Background()
	var b map[string]any
	if err := json.Unmarshal(catalog.DemoBundle(), &b); err != nil {
		t.Fatal(err)
	}
	b["version"], b["demo"] = 2, false
	p := b["procedures"].([]any)[0].(map[string]any)
	p["note"] = "Cá nhân có quyền lựa chọn thực hiện thủ tục hành chính về hộ tịch tại cơ quan đăng ký hộ tịch nơi cư trú."
	p["processing_time"] = map[string]any{"working_days": nil, "value": 30, "unit": "day", "text": "30 ngày"}
	p["case_times"] = []any{map[string]any{"case": "Trường hợp phải xác minh", "processing_time": map[string]any{"working_days": 60, "value": 60, "unit": "working_day", "text": "60 ngày làm việc"}}}
	p["fee"] = map[string]any{"amount_vnd": nil, "amount": 5, "currency": "USD", "text": "Lệ phí: 5 USD",
		"attachments": []any{map[string]any{"name": "PL3 1 .docx", "file_id": "019f3b95-94b7-75bf-bdf0-7997d722fd23"}}}
	bundle, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := catalog.Parse(bundle)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Apply(ctx, bundle); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Procedure(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(parsed.Procedures[0])
	if string(g) != string(w) {
		t.Errorf("stored and read back:\n%s\nwant\n%s", g, w)
	}
	if got.Fee.Currency != "USD" || got.ProcessingTime.Unit != kiosk.UnitDay || got.Note == "" || len(got.CaseTimes) != 1 || len(got.Fee.Attachments) != 1 {
		t.Errorf("fields lost: %+v", got)
	}
}
