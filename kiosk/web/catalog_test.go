package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

func newCatalogServer(t *testing.T) (string, *Server) {
	t.Helper()
	ts, s, db := newTestServer(t)
	svc := catalog.NewService(sqlite.NewCatalogStore(db), s.Broker)
	if _, err := svc.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Catalog = svc
	return ts.URL, s
}

func getJSON(t *testing.T, u string, status int, v any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != status {
		t.Fatalf("GET %s = %d, want %d", u, res.StatusCode, status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestCatalogAPISearchAndRead(t *testing.T) {
	base, _ := newCatalogServer(t)
	var found struct{ Procedures []kiosk.ProcedureSummary }
	getJSON(t, base+"/api/v1/catalog/procedures?q="+url.QueryEscape("dang ky khai sinh"), 200, &found)
	if len(found.Procedures) == 0 || found.Procedures[0].Code != "1.001193" {
		t.Fatalf("search: %+v", found.Procedures)
	}
	var p kiosk.Procedure
	getJSON(t, base+"/api/v1/catalog/procedures/1.001193", 200, &p)
	if p.Name != "Thủ tục đăng ký khai sinh" || len(p.Documents) != 7 || p.Fee.Text == "" {
		t.Fatalf("procedure: %+v", p)
	}
	var fields struct{ Fields []kiosk.FieldCount }
	getJSON(t, base+"/api/v1/catalog/fields", 200, &fields)
	if len(fields.Fields) != 15 || fields.Fields[0].Translations["en"] != "Civil status" {
		t.Fatalf("fields: %+v", fields.Fields)
	}
	var byField struct{ Procedures []kiosk.ProcedureSummary }
	getJSON(t, base+"/api/v1/catalog/procedures?field="+url.QueryEscape("Cư trú"), 200, &byField)
	if len(byField.Procedures) != 9 {
		t.Fatalf("by field: %d", len(byField.Procedures))
	}
	var info kiosk.CatalogInfo
	getJSON(t, base+"/api/v1/catalog", 200, &info)
	if info.Version != 1 || info.Procedures != 56 {
		t.Fatalf("info: %+v", info)
	}
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/catalog/procedures/9.999999", 404, kiosk.ENOTFOUND},
		{"/api/v1/catalog/procedures?field=" + url.QueryEscape("Không có"), 404, kiosk.ENOTFOUND},
		{"/api/v1/catalog/procedures", 400, kiosk.EINVALID},
		{"/api/v1/catalog/procedures?q=x&limit=1000", 400, kiosk.EINVALID},
	} {
		var e errorBody
		getJSON(t, base+tc.path, tc.status, &e)
		if e.Error.Code != tc.code || e.Error.Message == "" {
			t.Errorf("%s: %+v", tc.path, e)
		}
	}
}

func TestCatalogAPIBundleUploadAndPrint(t *testing.T) {
	base, s := newCatalogServer(t)
	post := func(path string, body []byte) *http.Response {
		t.Helper()
		res, err := http.Post(base+path, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// A broken bundle is refused with the record named, and the catalog stays.
	var b map[string]any
	_ = json.Unmarshal(catalog.DemoBundle(), &b)
	b["version"] = 2
	b["procedures"].([]any)[0].(map[string]any)["documents"] = "none"
	broken, _ := json.Marshal(b)
	res := post("/api/v1/admin/catalog", broken)
	e := decodeError(t, res)
	if res.StatusCode != 400 || e.Error.Field != "/procedures/0/documents" {
		t.Fatalf("broken bundle: %d %+v", res.StatusCode, e)
	}
	b["procedures"].([]any)[0].(map[string]any)["documents"] = []any{}
	good, _ := json.Marshal(b)
	res = post("/api/v1/admin/catalog", good)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("good bundle: %d", res.StatusCode)
	}

	// Printing is unavailable until the printer area provides a queue.
	res = post("/api/v1/catalog/procedures/1.001193/print", nil)
	if e := decodeError(t, res); res.StatusCode != 503 || e.Error.Code != kiosk.EUNAVAILABLE {
		t.Fatalf("print without printer: %d %+v", res.StatusCode, e)
	}
	var printed *kiosk.Procedure
	var ticked []int
	s.PrintChecklist = func(ctx context.Context, p *kiosk.Procedure, lang string, documents []int) (int64, error) {
		printed, ticked = p, documents
		return 7, nil
	}
	res = post("/api/v1/catalog/procedures/2.000815/print", []byte(`{"lang":"vi","documents":[0,2]}`))
	res.Body.Close()
	if res.StatusCode != 202 || printed == nil || printed.Code != "2.000815" || len(ticked) != 2 || ticked[1] != 2 {
		t.Fatalf("print: %d %v %v", res.StatusCode, printed, ticked)
	}
}

// A search that matches nothing well says so (found: false, no list); opening a procedure
// and printing its slip count as uses of it, for search's ranking.
func TestCatalogAPISaysNotFoundAndCountsUses(t *testing.T) {
	ts, s, db := newTestServer(t)
	svc := catalog.NewService(sqlite.NewCatalogStore(db), s.Broker)
	if _, err := svc.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Catalog = svc
	type answer struct {
		Procedures []kiosk.ProcedureSummary
		Found      *bool
	}
	for q, want := range map[string]string{"ho ngheo": "", "dang ky xe": "", "bao tu": "1.000656", "giay doc than": "1.004873"} {
		var a answer
		getJSON(t, ts.URL+"/api/v1/catalog/procedures?q="+url.QueryEscape(q), 200, &a)
		switch {
		case a.Found == nil:
			t.Errorf("%q: no found flag", q)
		case want == "" && (*a.Found || len(a.Procedures) != 0):
			t.Errorf("%q: found %v %v, want nothing", q, *a.Found, a.Procedures)
		case want != "" && (!*a.Found || len(a.Procedures) == 0 || a.Procedures[0].Code != want || a.Procedures[0].Score < kiosk.SearchThreshold):
			t.Errorf("%q: found %v %+v, want %s first", q, *a.Found, a.Procedures, want)
		}
	}
	var byField answer
	getJSON(t, ts.URL+"/api/v1/catalog/procedures?field="+url.QueryEscape("Hộ tịch"), 200, &byField)
	if byField.Found != nil {
		t.Errorf("a field's list carries a found flag: %v", *byField.Found)
	}

	var p kiosk.Procedure
	getJSON(t, ts.URL+"/api/v1/catalog/procedures/1.000656", 200, &p)
	getJSON(t, ts.URL+"/api/v1/catalog/procedures/1.000656", 200, &p)
	s.PrintChecklist = func(ctx context.Context, p *kiosk.Procedure, lang string, _ []int) (int64, error) { return 1, nil }
	res, err := http.Post(ts.URL+"/api/v1/catalog/procedures/1.000656/print", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var opened, printed int
	if err := db.Reader().QueryRow(`SELECT opened, printed FROM catalog_usage WHERE code = '1.000656'`).Scan(&opened, &printed); err != nil || opened != 2 || printed != 1 {
		t.Fatalf("uses of 1.000656: opened %d, printed %d (%v); want 2 and 1", opened, printed, err)
	}
}
