package kiosk

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

type cccdVectors struct {
	Now   time.Time `json:"now"`
	Cases []struct {
		Name  string    `json:"name"`
		Scan  string    `json:"scan"`
		Want  Applicant `json:"want"`
		Error string    `json:"error"`
	} `json:"cases"`
}

func loadCCCDVectors(t testing.TB) cccdVectors {
	b, err := os.ReadFile("testdata/cccd_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v cccdVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Scans in the card's real format fill the applicant; partial and malformed ones fill
// nothing and say so in Vietnamese, without repeating the scanned (personal) text.
func TestParseCCCD(t *testing.T) {
	v := loadCCCDVectors(t)
	if len(v.Cases) < 10 {
		t.Fatalf("only %d vectors", len(v.Cases))
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			got, err := ParseCCCD(c.Scan, v.Now)
			if c.Error != "" {
				if err == nil {
					t.Fatalf("parsed %+v, want an error", got)
				}
				if got != (Applicant{}) {
					t.Fatalf("filled %+v on error", got)
				}
				e := ErrorOf(err)
				if e.Code != EINVALID || e.Field != "scan" || !strings.Contains(e.Message, c.Error) || !strings.Contains(e.Message, "quét lại") {
					t.Fatalf("error %+v, want invalid scan saying %q and to scan again", e, c.Error)
				}
				if len(c.Scan) > 20 && strings.Contains(e.Message+e.MessageEN, c.Scan[:12]) {
					t.Fatalf("the error repeats the scan: %q", e.Message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.Want {
				t.Fatalf("got  %+v\nwant %+v", got, c.Want)
			}
			// What a scan fills is a valid applicant.
			if err := got.Validate(v.Now); err != nil {
				t.Fatalf("a parsed scan does not validate: %v", err)
			}
		})
	}
}

// A scan typed into another field of the form is caught by the applicant's validation.
func TestScanInTheWrongFieldIsCaught(t *testing.T) {
	v := loadCCCDVectors(t)
	scan := v.Cases[0].Scan
	for _, field := range []string{"name", "address", "phone"} {
		a := Applicant{Name: "Nguyễn Văn An", Address: "Hà Nội"}
		switch field {
		case "name":
			a.Name = scan
		case "address":
			a.Address = scan
		case "phone":
			a.Phone = scan
		}
		a.Normalize()
		err := a.Validate(v.Now)
		if e := ErrorOf(err); err == nil || e.Field != "applicant."+field || !strings.Contains(e.Message, "quét nhầm ô") {
			t.Errorf("%s holding a scan: %v", field, err)
		}
	}
}

func FuzzParseCCCD(f *testing.F) {
	for _, c := range loadCCCDVectors(f).Cases {
		f.Add(c.Scan)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, Zone)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseCCCD(s, now)
		if err != nil {
			if a != (Applicant{}) {
				t.Fatalf("filled on error: %+v", a)
			}
			return
		}
		if err := a.Validate(now); err != nil {
			t.Fatalf("parsed %q into an invalid applicant: %v", s, err)
		}
	})
}

func TestMasks(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn An":      "Nguyễn V. A.",
		"Đặng Thị Ngọc Ánh":  "Đặng T. N. Á.",
		"  Lò   Văn Sử ":     "Lò V. S.",
		"An":                 "A.",
		"":                   "",
		"nguyễn đức thắng":   "nguyễn Đ. T.",
		"Nguyễn Văn An Khoa": "Nguyễn V. A. K.",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskID("001099012345"); got != "*********345" {
		t.Errorf("MaskID = %q", got)
	}
	for in, want := range map[string]string{"+84 912 345 678": "0912345678", "84912345678": "0912345678",
		"0912.345.678": "0912345678", "912345678": "0912345678", "(024) 3825-1234": "02438251234",
		"+84 24 3825 1234": "02438251234", "091234567": "", "0912345678x": "", "12345": "", "09123456789": ""} {
		got, ok := NormalizePhone(in)
		if ok != (want != "") || (ok && got != want) {
			t.Errorf("NormalizePhone(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}
