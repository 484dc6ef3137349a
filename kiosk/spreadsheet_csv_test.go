package kiosk

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

func TestInertCell(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+84912": "'+84912", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\r=1": "'\r=1", "": "", "0912345678": "0912345678", "Đăng ký": "Đăng ký", "a=b": "a=b", "12.5": "12.5"} {
		if got := InertCell(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

// The byte-order mark once, before the first record; CRLF line ends; a formula made text,
// the rest as it was, read back whole by encoding/csv.
func TestSpreadsheetCSV(t *testing.T) {
	var b bytes.Buffer
	c := NewSpreadsheetCSV(&b)
	for _, rec := range [][]string{{"Cán bộ", "Lượt"}, {`=HYPERLINK("http://x.vn","Bấm")`, "3"}, {"Nguyễn Thị Lan, \"Lan\"", "-1"}} {
		if err := c.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\uFEFFCán bộ,Lượt\r\n") || strings.Count(out, "\uFEFF") != 1 {
		t.Fatalf("%q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 3 || !slices.Equal(recs[1], []string{`'=HYPERLINK("http://x.vn","Bấm")`, "3"}) ||
		!slices.Equal(recs[2], []string{`Nguyễn Thị Lan, "Lan"`, "'-1"}) {
		t.Fatalf("%q %v", recs, err)
	}
}
