package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A landscape PNG becomes a square JPEG of Side pixels, cropped from its middle: the red
// bands at the sides are cut off, the blue centre stays.
func TestBadgeCropsSquareAndResizes(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 1200; x++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < 200 || x >= 1000 {
				c = color.RGBA{255, 0, 0, 255}
			}
			src.Set(x, y, c)
		}
	}
	var in bytes.Buffer
	if err := png.Encode(&in, src); err != nil {
		t.Fatal(err)
	}
	out, err := Badge(&in)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, Side, Side) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	for _, p := range []image.Point{{2, 2}, {Side - 3, Side / 2}, {Side / 2, Side / 2}} {
		r, _, b, _ := img.At(p.X, p.Y).RGBA()
		if r > 0x3000 || b < 0xc000 {
			t.Errorf("pixel %v is not blue: r=%x b=%x", p, r, b)
		}
	}
}

// Not an image, an image of another format, or over 10 MB: refused in words.
func TestBadgeRefuses(t *testing.T) {
	gif := "GIF89a\x01\x00\x01\x00\x00\x00\x00;"
	cases := []struct {
		name, body, code, says string
	}{
		{"a text file", "Họ và tên: Nguyễn Thị Lan", kiosk.EINVALID, "không phải ảnh JPEG hoặc PNG"},
		{"a GIF", gif, kiosk.EINVALID, "không phải ảnh JPEG hoặc PNG"},
		{"empty", "", kiosk.EINVALID, "không phải ảnh"},
		{"11 MB", "\xff\xd8" + strings.Repeat("x", 11<<20), kiosk.ETOOLARGE, "tối đa 10 MB"},
	}
	for _, tc := range cases {
		_, err := Badge(strings.NewReader(tc.body))
		e := kiosk.ErrorOf(err)
		if e.Code != tc.code || !strings.Contains(e.Message, tc.says) {
			t.Errorf("%s: got %v (%s)", tc.name, err, e.Message)
		}
	}
}

func TestSquareOfAPortraitSitsHigh(t *testing.T) {
	if got := Square(image.Rect(0, 0, 600, 1000)); got != image.Rect(0, 100, 600, 700) {
		t.Errorf("portrait: %v", got)
	}
	if got := Square(image.Rect(0, 0, 1000, 600)); got != image.Rect(200, 0, 800, 600) {
		t.Errorf("landscape: %v", got)
	}
}
