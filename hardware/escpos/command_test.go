package escpos

import (
	"bytes"
	"image"
	"testing"
)

// A printer that got any prefix of a job, then Resync, then the next job, prints the next
// job whole at the bottom of its page: nothing of it is swallowed as image data. The cut
// lands everywhere, including inside the raster header, its data, and the QR's data.
func TestResyncAfterEveryCut(t *testing.T) {
	var e Encoder
	rows := bytes.Repeat([]byte{0xf0, 0x0f, 0xaa}, 40)
	e.Init().Align(Center).Line("A023").Raster(3, 40, rows).QR("https://example.vn/t/1", 4, QRLevelM).Line("ok").Cut(0)
	job := append([]byte(nil), e.Bytes()...)
	var n Encoder
	n.Init().Align(Center).Size(4, 4).Line("B001").Size(1, 1).Raster(2, 3, []byte{0xff, 0xff, 0x81, 0x81, 0xff, 0xff}).Cut(0)
	next := n.Bytes()

	decode := func(b []byte) []*image.Gray {
		var pages []*image.Gray
		d := NewDecoder(Dots58, func(g *image.Gray) { pages = append(pages, g) })
		d.Write(b)
		return pages
	}
	want := decode(next)[0]
	resync := Resync(job)
	if len(resync) < 8+3*40 || !bytes.HasSuffix(resync, []byte{ESC, '@'}) {
		t.Fatalf("resync of %d bytes does not cover the 120-byte image", len(resync))
	}
	for k := 0; k <= len(job); k++ {
		stream := append(append(append([]byte(nil), job[:k]...), resync...), next...)
		pages := decode(stream)
		if len(pages) == 0 {
			t.Fatalf("cut at %d: the next job never finished its page", k)
		}
		last := pages[len(pages)-1]
		off := (last.Rect.Dy() - want.Rect.Dy()) * last.Stride
		if off < 0 || !bytes.Equal(last.Pix[off:], want.Pix) {
			t.Fatalf("cut at %d of %d: the next job is not printed whole at the bottom of its page", k, len(job))
		}
	}
}

func TestCommandLen(t *testing.T) {
	cases := []struct {
		b    []byte
		want int
	}{
		{nil, 0},
		{[]byte{LF, 'x'}, 1},
		{[]byte{0}, 1},
		{[]byte{ESC}, 0},
		{[]byte{ESC, '@', 'x'}, 2},
		{[]byte{ESC, 'a'}, 0},
		{[]byte{ESC, 'a', 1, 'x'}, 3},
		{[]byte{GS, 'V', 66}, 0},
		{[]byte{GS, 'V', 66, 0}, 4},
		{[]byte{GS, 'V', 0, 'x'}, 3},
		{[]byte{GS, 'v', '0', 0, 2, 0, 3, 0, 1, 2, 3, 4, 5}, 0},
		{[]byte{GS, 'v', '0', 0, 2, 0, 3, 0, 1, 2, 3, 4, 5, 6, 'x'}, 14},
		{[]byte{GS, '(', 'k', 3, 0, '1', 'Q'}, 0},
		{[]byte{GS, '(', 'k', 3, 0, '1', 'Q', '0'}, 8},
		{[]byte{DLE, EOT, 1}, 3},
	}
	for _, c := range cases {
		if got := CommandLen(c.b); got != c.want {
			t.Errorf("% x: %d, want %d", c.b, got, c.want)
		}
	}
}
