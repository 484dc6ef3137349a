package portal_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog/catalogtest"
	"github.com/motcua/motcua/kiosk/catalog/portal"
	"golang.org/x/text/unicode/norm"
)

// records reads the 402 real portal records.
func records(t testing.TB) map[string][]byte {
	return catalogtest.PortalRecordFiles(t, "testdata/dvcqg.tar.gz")
}

// components counts the document rows a record holds, wherever the portal puts them.
func components(t *testing.T, data []byte) int {
	var r struct {
		Data struct {
			ExecutionCases    []struct{ ProfileComponents []json.RawMessage }
			ProfileComponents []json.RawMessage
			Cases             []struct{ ProfileComponents []json.RawMessage }
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	n := len(r.Data.ProfileComponents)
	for _, c := range r.Data.ExecutionCases {
		n += len(c.ProfileComponents)
	}
	for _, c := range r.Data.Cases {
		n += len(c.ProfileComponents)
	}
	return n
}

func TestEveryRealRecordConvertsOrIsRefusedWithAReason(t *testing.T) {
	recs := records(t)
	if len(recs) != 402 {
		t.Fatalf("%d records, want 402", len(recs))
	}
	converted := 0
	for name, data := range recs {
		c, err := portal.Convert(data)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" || strings.Contains(err.Error(), "could not read this record") {
				t.Errorf("%s: refused without a reason: %v", name, err)
			}
			continue
		}
		converted++
		left := 0
		for _, w := range c.Warnings {
			if strings.Contains(w, "left out") {
				left++
			}
		}
		if got, want := len(c.Procedure.Documents)+left, components(t, data); got != want {
			t.Errorf("%s: %d documents (+%d reported as left out), the record has %d", name, len(c.Procedure.Documents), left, want)
		}
		p := c.Procedure
		if p.Code+".json" != name || p.Name == "" || p.Field == "" || len(p.Methods) == 0 || p.Fee.Text == "" {
			t.Errorf("%s: incomplete procedure %+v", name, p)
		}
		realText(t, name, p)
	}
	if converted < 390 {
		t.Errorf("only %d of 402 converted", converted)
	}
	t.Logf("%d of %d converted", converted, len(recs))
}

// texts are all the strings of a procedure, as its JSON carries them.
func texts(t *testing.T, p kiosk.Procedure) []string {
	t.Helper()
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	var tree any
	if err := json.Unmarshal(js, &tree); err != nil {
		t.Fatal(err)
	}
	walk(tree)
	return out
}

// cleanText checks what every converted text is, whatever the input: NFC, with no tab,
// control or invisible character.
func cleanText(t *testing.T, name string, p kiosk.Procedure) {
	t.Helper()
	for _, s := range texts(t, p) {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%s: not NFC: %q", name, s)
		}
		if strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)) }) {
			t.Errorf("%s: a tab, control or invisible character in %q", name, s)
		}
	}
}

// realText checks what the real records' texts must also be: no U+FFFD, no "::" from
// joining a heading to its text, no agency twice.
func realText(t *testing.T, name string, p kiosk.Procedure) {
	t.Helper()
	cleanText(t, name, p)
	for _, s := range texts(t, p) {
		if strings.Contains(s, "::") || strings.ContainsRune(s, utf8.RuneError) {
			t.Errorf("%s: %q", name, s)
		}
	}
	seen := map[string]bool{}
	for _, a := range strings.Split(p.Agency, "; ") {
		if seen[strings.ToLower(a)] {
			t.Errorf("%s: agency %q twice in %q", name, a, p.Agency)
		}
		seen[strings.ToLower(a)] = true
	}
}

func TestRefusalsSayWhy(t *testing.T) {
	for in, want := range map[string]string{
		`not json`:                         "not a portal record",
		`{"code":"OK"}`:                    `no "data"`,
		`{"data":{"name":"x"}}`:            "no procedure code",
		`{"data":{"code":"1.2"}}`:          "no procedure name",
		`{"data":{"code":"1","name":"x"}}`: "no field",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"FAX"}]}}`:                                                                             "unknown submission method",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionCases":[{"profileComponents":[{"name":"a","originalQty":1.5}]}]}}`:                                                   "whole number",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionCases":[{"profileComponents":[{"name":"","copyQty":2}]}]}}`:                                                          "has no name",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"DIRECT","fees":[{"value":5,"currencyName":"Euro"}]}]}}`:                               "currency the converter does not know",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"DIRECT","fees":[{"value":5,"currencyId":"019b0000-0000-0000-0000-000000000000"}]}]}}`: "currency the converter does not know",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"fees":[{"value":5,"currencyName":"Bitcoin"}]}}`:                                                                               "fees[0]: a fee is in a currency",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"DIRECT","processingTime":2,"processingTimeUnit":"WEEK"}]}}`:                           "unknown processing time unit",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"cases":[{"processingDay":{"qty":2,"type":"FORTNIGHT"}}]}}`:                                                                    "cases[0]: unknown processing time unit",
		"{\"data\":{\"code\":\"1.2\",\"name\":\"Đăng k\xffý\",\"category\":{\"name\":\"A\"}}}":                                                                                                 `record 1.2 is not valid UTF-8 at byte 38 (after "Đăng k")`,
	} {
		_, err := portal.Convert([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Convert(%s) = %v, want %q", in, err, want)
		}
	}
}

// FuzzConvert feeds the decoder records from outside: it never panics, never lets invalid
// UTF-8 through, and what it converts is valid and clean.
func FuzzConvert(f *testing.F) {
	recs := records(f)
	for _, name := range []string{"1.001193.json", "1.115720.json", "1.003677.json", "1.001020.json", "1.115503.json", "1.000656.json"} {
		f.Add(recs[name])
	}
	f.Add([]byte(`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"DIRECT","processingTime":"7,5","processingTimeUnit":"WORKING_DAY","fees":[{"type":"FEE","value":"x"}]}]}}`))
	f.Add([]byte(`{"data":{"code":"1","name":"x\u200e","category":{"name":"A"},"executionSteps":[{"name":"B:","description":"-a"}],"executionMethods":[{"submissionMethod":"DIRECT","processingTime":2.5,"processingTimeUnit":"DAY","fees":[{"value":5,"currencyName":"USD","attachment":{"fileName":"a.docx"}}]}],"cases":[{"name":"c","processingDay":{"qty":3,"type":"HOUR"}}]}}`))
	f.Add([]byte("{\"data\":{\"code\":\"1\",\"name\":\"\xff\",\"category\":{\"name\":\"A\"}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := portal.Convert(data)
		if err != nil {
			if strings.Contains(err.Error(), "could not read this record") {
				t.Fatalf("the converter panicked: %v", err)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("invalid UTF-8 converted: %q", c.Procedure.Name)
		}
		if err := c.Procedure.Validate(); err != nil {
			t.Fatalf("converted an invalid procedure: %v", err)
		}
		cleanText(t, "fuzz", c.Procedure)
	})
}
