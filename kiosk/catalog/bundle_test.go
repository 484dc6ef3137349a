package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/catalog/catalogtest"
	"golang.org/x/text/unicode/norm"
)

// The demo bundle as a tree to break (catalogtest, shared with the store's tests).
var (
	demo      = catalogtest.DemoTree
	encode    = catalogtest.Encode
	procedure = catalogtest.Procedure
)

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
		{"a synonym without its meaning", func(b map[string]any) {
			synonym(b, 0)["means"] = nil
		}, "bundle, /synonyms/0/means"},
		{"a synonym with no terms", func(b map[string]any) { synonym(b, 2)["terms"] = []any{} }, "bundle, /synonyms/2/terms"},
		{"a misspelt synonym key", func(b map[string]any) { synonym(b, 1)["meaning"] = "x" }, "bundle, /synonyms/1"},
		{"a term of punctuation only", func(b map[string]any) { synonym(b, 3)["terms"] = []any{"sổ đỏ 2", "—"} }, "synonyms/3, /terms/1"},
		{"a term longer than a query reads", func(b map[string]any) {
			synonym(b, 3)["terms"] = []any{"một hai ba bốn năm sáu bảy tám chín"}
		}, "synonyms/3, /terms/0"},
		{"a term given twice, marks aside", func(b map[string]any) {
			b["synonyms"] = append(b["synonyms"].([]any), map[string]any{"terms": []any{"xin", "SO DO"}, "means": "x"})
		}, `/terms/1: term "SO DO" is also synonyms/`},
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

// synonym returns the i-th synonym of a bundle tree.
func synonym(b map[string]any, i int) map[string]any {
	return b["synonyms"].([]any)[i].(map[string]any)
}

func TestDemoAndConvertedBundlesCarryTheSynonyms(t *testing.T) {
	b, err := catalog.Parse(catalog.DemoBundle())
	if err != nil {
		t.Fatal(err)
	}
	def := catalog.DefaultSynonyms()
	if len(def) < 40 || len(b.Synonyms) != len(def) || b.Synonyms[0].Means != def[0].Means {
		t.Errorf("demo synonyms %d, default list %d", len(b.Synonyms), len(def))
	}
	for _, s := range def {
		if err := s.Validate(); err != nil {
			t.Errorf("synonyms.json: %v", err)
		}
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
