package hardware

import (
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

// The wire budget of issue 5: a typical ticket is at most 6 KB, so it prints in well under a
// second on a 115200-baud line.
func TestTicketBudget(t *testing.T) {
	for _, dots := range []int{escpos.Dots58, escpos.Dots80} {
		b, err := EncodeTicket(nil, sampleTicket(), dots)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 6*1024 {
			t.Errorf("%d dots: ticket is %d bytes, budget 6144", dots, len(b))
		}
		if s := SerialSeconds(len(b), 115200); s > 0.6 {
			t.Errorf("%d dots: %.2f s at 115200 baud", dots, s)
		}
		t.Logf("%d dots: ticket %d bytes, %.3f s at 115200 8N1", dots, len(b), SerialSeconds(len(b), 115200))
	}
}

func TestWrap(t *testing.T) {
	n := func(s string) int { return len([]rune(s)) }
	cases := []struct {
		in   string
		max  int
		want []string
	}{
		{"một hai ba", 7, []string{"một hai", "ba"}},
		{"  ", 5, nil},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"xã Hòa An", 20, []string{"xã Hòa An"}},
	}
	for _, c := range cases {
		got := Wrap(c.in, c.max, n)
		if len(got) != len(c.want) {
			t.Fatalf("%q: %q", c.in, got)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Fatalf("%q: %q", c.in, got)
			}
		}
	}
}

func TestNFCAndMask(t *testing.T) {
	if NFC("Hoa\u0300") != "Hoà" || !NeedsRaster("Hoà") || NeedsRaster("A023 08:15") {
		t.Fatal("NFC / NeedsRaster")
	}
	// A decomposed name prints exactly like the precomposed one.
	tk := sampleTicket()
	a, _ := EncodeTicket(nil, tk, escpos.Dots80)
	tk.Commune = "UBND xa\u0303 Ho\u0300a An"
	b, _ := EncodeTicket(nil, tk, escpos.Dots80)
	if string(a) != string(b) {
		t.Fatal("NFD input printed differently")
	}
	for in, want := range map[string]string{"054190001234": "*********234", "12": "**", "": ""} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q", in, got)
		}
	}
}

func TestLayoutErrors(t *testing.T) {
	for _, src := range []string{
		`{"name":"x","blocks":[{"kind":"barcode"}]}`,
		`{"name":"x","blocks":[{"align":"middle"}]}`,
		`{"name":"x","blocks":[{"text":"{{.Nope"}]}`,
		`{"name":"x","blocks":[{"colour":"red"}]}`,
	} {
		if _, err := ParseLayout([]byte(src)); err == nil {
			t.Errorf("%s accepted", src)
		}
	}
	l, err := ParseLayout([]byte(`{"name":"mini","blocks":[{"kind":"number","text":"{{.Number}}","size":3},{"text":"{{.Missing}}"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Render(sampleTicket(), escpos.Dots58); err == nil {
		t.Fatal("a field the data lacks should fail at render")
	}
	l, _ = ParseLayout([]byte(`{"name":"mini","blocks":[{"kind":"number","text":"{{.Number}}","size":3},{"kind":"cut"}]}`))
	b, err := l.Render(sampleTicket(), escpos.Dots58)
	if err != nil {
		t.Fatal(err)
	}
	want := "\x1b@\x1ba\x00\x1bE\x01\x1d!\x22A023\n\x1d!\x00\x1bE\x00\x1dVB\x00"
	if string(b) != want {
		t.Fatalf("got %q", b)
	}
}
