package portal_test

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog/portal"
)

// records reads the 402 real portal records (a copy of ../shared/data/dvcqg, so the test
// runs on a clean CI machine).
func records(t testing.TB) map[string][]byte {
	t.Helper()
	f, err := os.Open("testdata/dvcqg.tar.gz")
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
			break
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
	return out
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
	}
	if converted < 390 {
		t.Errorf("only %d of 402 converted", converted)
	}
	t.Logf("%d of %d converted", converted, len(recs))
}

func TestBirthRegistrationFromThePortal(t *testing.T) {
	c, err := portal.Convert(records(t)["1.001193.json"])
	if err != nil {
		t.Fatal(err)
	}
	p := c.Procedure
	if p.Name != "Thủ tục đăng ký khai sinh" || p.Field != "Hộ tịch" || p.Level != "Cấp xã" {
		t.Errorf("got %q %q %q", p.Name, p.Field, p.Level)
	}
	if p.ProcessingTime.WorkingDays == nil || *p.ProcessingTime.WorkingDays != 1 {
		t.Errorf("processing time %+v: the OTHER unit should fall back to the cases' working days", p.ProcessingTime)
	}
	if p.Fee.AmountVND == nil || *p.Fee.AmountVND != 0 {
		t.Errorf("fee %+v", p.Fee)
	}
	var tokhai bool
	for _, d := range p.Documents {
		if strings.HasPrefix(d.Name, "Tờ khai đăng ký khai sinh") && d.Original == 1 && d.Copy == 0 {
			tokhai = true
		}
		if strings.HasPrefix(d.Name, "-") || strings.Contains(d.Name, "  ") {
			t.Errorf("document name not cleaned: %q", d.Name)
		}
	}
	if !tokhai || len(p.LegalBasis) != 15 || p.Result != "Giấy khai sinh" {
		t.Errorf("documents/legal basis/result: %v %d %q", tokhai, len(p.LegalBasis), p.Result)
	}
}

func TestRefusalsSayWhy(t *testing.T) {
	for in, want := range map[string]string{
		`not json`:                         "not a portal record",
		`{"code":"OK"}`:                    `no "data"`,
		`{"data":{"name":"x"}}`:            "no procedure code",
		`{"data":{"code":"1.2"}}`:          "no procedure name",
		`{"data":{"code":"1","name":"x"}}`: "no field",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"FAX"}]}}`:                           "unknown submission method",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionCases":[{"profileComponents":[{"name":"a","originalQty":1.5}]}]}}`: "whole number",
		`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionCases":[{"profileComponents":[{"name":"","copyQty":2}]}]}}`:        "has no name",
	} {
		_, err := portal.Convert([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Convert(%s) = %v, want %q", in, err, want)
		}
	}
}

func FuzzConvert(f *testing.F) {
	for _, name := range []string{"1.001193.json", "1.115720.json", "1.003677.json"} {
		f.Add(records(f)[name])
	}
	f.Add([]byte(`{"data":{"code":"1","name":"x","category":{"name":"A"},"executionMethods":[{"submissionMethod":"DIRECT","processingTime":"7,5","processingTimeUnit":"WORKING_DAY","fees":[{"type":"FEE","value":"x"}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := portal.Convert(data)
		if err != nil && strings.Contains(err.Error(), "could not read this record") {
			t.Fatalf("the converter panicked: %v", err)
		}
	})
}
