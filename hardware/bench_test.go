package hardware

import (
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
)

// Issue 5 targets: encode ≤ 2 ms a ticket, ≤ 6 KB a ticket, ≤ 0.6 s at 115200 baud 8N1.
func BenchmarkEncodeTicket(b *testing.B) {
	for _, c := range []struct {
		name string
		dots int
	}{{"58mm", escpos.Dots58}, {"80mm", escpos.Dots80}} {
		b.Run(c.name, func(b *testing.B) {
			t := sampleTicket()
			var n int
			for b.Loop() {
				out, err := EncodeTicket(nil, t, c.dots)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(n), "bytes/ticket")
			b.ReportMetric(SerialSeconds(n, 115200), "s@115200")
			b.ReportMetric(SerialSeconds(n, 9600), "s@9600")
		})
	}
}

func BenchmarkEncodeReceipt(b *testing.B) {
	f := sampleForm(b, kiosk.FormReceipt)
	var n int
	for b.Loop() {
		out, err := encodeForm(f, escpos.Dots80)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "bytes/receipt")
	b.ReportMetric(SerialSeconds(n, 115200), "s@115200")
}

// For comparison: the same ticket as one full-width image, as most systems print it.
func BenchmarkWholeImageTicket(b *testing.B) {
	data, _ := EncodeTicket(nil, sampleTicket(), escpos.Dots80)
	pg := decodePages(b, data, escpos.Dots80)[0]
	var n int
	for b.Loop() {
		var e escpos.Encoder
		e.Init().Image(pg).Cut(0)
		n = e.Len()
	}
	b.ReportMetric(float64(n), "bytes/ticket")
	b.ReportMetric(SerialSeconds(n, 115200), "s@115200")
}

func TestPreload(t *testing.T) {
	if err := Preload(TicketLayout, FormLayout(sampleForm(t, kiosk.FormReceipt)), TestPageLayout); err != nil {
		t.Fatal(err)
	}
	f, _ := Font(22, false)
	for _, r := range "ữỵĐ" {
		if g := f.glyph(r); g.adv == 0 || len(g.bits) == 0 {
			t.Fatalf("%c has no glyph", r)
		}
	}
}
