package escpos

import (
	"bytes"
	"image"
	"testing"
)

func samplePage() []byte {
	var e Encoder
	e.Init().Align(Center).Bold(true).Size(4, 4).Line("A023").Size(1, 1).Bold(false)
	e.Raster(2, 3, []byte{0xff, 0xff, 0x81, 0x81, 0xff, 0xff})
	e.FeedDots(10).QR("https://example.vn/t/1", 4, QRLevelM).Align(Left).Line("ok").FeedLines(2).Cut(0)
	return e.Bytes()
}

func TestDecodeDrawsWhatWasSent(t *testing.T) {
	var pages []*image.Gray
	d := NewDecoder(Dots58, func(g *image.Gray) { pages = append(pages, g) })
	d.Write(samplePage())
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	g := pages[0]
	if g.Rect.Dx() != Dots58 {
		t.Fatalf("width %d", g.Rect.Dx())
	}
	// The big number: 4× font A = 96 dots high, centred: ink in the middle, none at the edges.
	black := func(x0, y0, x1, y1 int) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if g.GrayAt(x, y).Y < 0x80 {
					n++
				}
			}
		}
		return n
	}
	if black(0, 0, 90, 96) != 0 || black(96, 0, 288, 96) == 0 {
		t.Fatal("number not centred")
	}
	// The raster right below it, centred: 16 dots wide from x=184.
	if black(184, 96, 200, 97) != 16 || black(184, 97, 200, 98) != 4 || black(0, 96, 184, 99) != 0 {
		t.Fatal("raster not where expected")
	}
	// Streaming: byte-at-a-time gives the same page.
	var one []*image.Gray
	d = NewDecoder(Dots58, func(g *image.Gray) { one = append(one, g) })
	for _, b := range samplePage() {
		d.Write([]byte{b})
	}
	if len(one) != 1 || !bytes.Equal(one[0].Pix, g.Pix) {
		t.Fatal("chunked decode differs")
	}
}

// The decoder reads bytes from outside (whatever a caller sends to the virtual printer): it
// must never panic, never make a page wider than the paper or taller than MaxPageDots, and
// give the same pages however the stream is split.
func FuzzDecoder(f *testing.F) {
	f.Add(samplePage(), 7)
	f.Add([]byte{0x1d, 'v', '0', 0, 0xff, 0xff, 0xff, 0xff}, 3)
	f.Add([]byte{0x1d, '(', 'k', 3, 0, '1', 'Q', '0', 0x1d, 'V', 0}, 1)
	f.Add([]byte{0x1b, 'J', 255, 0x1b, 'd', 255, 0x1d, '!', 0x77, 'W', 0x0a, 0x1d, 'V', 66, 255}, 5)
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		if len(data) > 1<<16 {
			return
		}
		run := func(parts ...[]byte) (out [][]byte) {
			d := NewDecoder(Dots58, func(g *image.Gray) {
				if g.Rect.Dx() != Dots58 || g.Rect.Dy() > MaxPageDots || g.Rect.Dy() < 1 {
					t.Fatalf("page %v", g.Rect)
				}
				out = append(out, g.Pix)
			})
			for _, p := range parts {
				d.Write(p)
			}
			d.Flush()
			return out
		}
		whole := run(data)
		if split < 0 {
			split = -split
		}
		k := split % (len(data) + 1)
		parts := run(data[:k], data[k:])
		if len(whole) != len(parts) {
			t.Fatalf("%d pages whole, %d split at %d", len(whole), len(parts), k)
		}
		for i := range whole {
			if !bytes.Equal(whole[i], parts[i]) {
				t.Fatalf("page %d differs when split at %d", i, k)
			}
		}
	})
}

// A page's text is what it printed in the printer's font and its QR data, for tests that
// cannot read pixels; the next page starts empty.
func TestDecodeKeepsThePageText(t *testing.T) {
	var texts []string
	var d *Decoder
	d = NewDecoder(Dots58, func(*image.Gray) { texts = append(texts, d.Text()) })
	d.Write(samplePage())
	var e Encoder
	d.Write(e.Init().Line("B001").Cut(0).Bytes())
	want := []string{"A023\n[QR] https://example.vn/t/1\nok\n", "B001\n"}
	if len(texts) != 2 || texts[0] != want[0] || texts[1] != want[1] {
		t.Fatalf("texts %q, want %q", texts, want)
	}
}
