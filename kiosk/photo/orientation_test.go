package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// withOrientation puts an EXIF block with the Orientation tag right after a JPEG's SOI,
// as a phone writes it (big- or little-endian TIFF).
func withOrientation(jpg []byte, o uint16, bo binary.ByteOrder) []byte {
	tiff := make([]byte, 26)
	if bo == binary.BigEndian {
		copy(tiff, "MM\x00*")
	} else {
		copy(tiff, "II*\x00")
	}
	bo.PutUint32(tiff[4:], 8)       // first IFD
	bo.PutUint16(tiff[8:], 1)       // one entry
	bo.PutUint16(tiff[10:], 0x0112) // Orientation
	bo.PutUint16(tiff[12:], 3)      // SHORT
	bo.PutUint32(tiff[14:], 1)
	bo.PutUint16(tiff[18:], o)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(app1)+2))
	return append(append(append([]byte{}, jpg[:2]...), append(seg, app1...)...), jpg[2:]...)
}

// landscape is a 400×200 picture, red on its left half and blue on its right.
func landscape(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := range 200 {
		for x := range 400 {
			c := color.RGBA{255, 0, 0, 255}
			if x >= 200 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOrientationTag(t *testing.T) {
	jpg := landscape(t)
	if o := orientation(jpg); o != 1 {
		t.Errorf("no EXIF: orientation %d, want 1", o)
	}
	for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for o := uint16(1); o <= 8; o++ {
			if got := orientation(withOrientation(jpg, o, bo)); got != int(o) {
				t.Errorf("%v orientation %d read as %d", bo, o, got)
			}
		}
	}
	for _, bad := range [][]byte{nil, []byte("not a jpeg"), withOrientation(jpg, 9, binary.BigEndian), withOrientation(jpg, 6, binary.BigEndian)[:30]} {
		if o := orientation(bad); o != 1 {
			t.Errorf("%q…: orientation %d, want 1 (as stored)", bad[:min(len(bad), 8)], o)
		}
	}
}

// Each orientation maps the stored picture's corners where a viewer shows them: a 3×2
// picture with four marked corners, checked against the EXIF specification's drawings.
func TestUprightCorners(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	tl, tr, bl, br := color.RGBA{1, 0, 0, 255}, color.RGBA{2, 0, 0, 255}, color.RGBA{3, 0, 0, 255}, color.RGBA{4, 0, 0, 255}
	src.Set(0, 0, tl)
	src.Set(2, 0, tr)
	src.Set(0, 1, bl)
	src.Set(2, 1, br)
	// The upright picture's corners (top-left, top-right, bottom-left, bottom-right).
	want := map[int][4]color.RGBA{
		1: {tl, tr, bl, br},
		2: {tr, tl, br, bl}, // mirrored
		3: {br, bl, tr, tl}, // upside down
		4: {bl, br, tl, tr}, // mirrored upside down
		5: {tl, bl, tr, br}, // transposed
		6: {bl, tl, br, tr}, // stored turned left: turned right to show
		7: {br, tr, bl, tl}, // transversed
		8: {tr, br, tl, bl}, // stored turned right: turned left to show
	}
	for o, w := range want {
		img := upright(src, o)
		b := img.Bounds()
		if (o >= 5) != (b.Dx() == 2 && b.Dy() == 3) {
			t.Errorf("orientation %d: size %v", o, b.Size())
		}
		at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
		got := [4]color.RGBA{at(0, 0), at(b.Dx()-1, 0), at(0, b.Dy()-1), at(b.Dx()-1, b.Dy()-1)}
		if got != w {
			t.Errorf("orientation %d: corners %v, want %v", o, got, w)
		}
	}
}

// A phone's portrait photo stored landscape with orientation 6 becomes an upright badge:
// the stored left half (red) is its top, so the badge's bottom is blue; without the tag
// the same picture is cropped from its middle and the bottom-left stays red.
func TestBadgeTurnsPhonePhotoUpright(t *testing.T) {
	jpg := landscape(t)
	bottomLeft := func(in []byte) color.RGBA {
		out, err := Badge(bytes.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		r, g, b, _ := img.At(5, Side-5).RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
	}
	if c := bottomLeft(jpg); c.R < 200 || c.B > 60 {
		t.Errorf("without orientation: bottom-left %v, want red", c)
	}
	if c := bottomLeft(withOrientation(jpg, 6, binary.BigEndian)); c.B < 200 || c.R > 60 {
		t.Errorf("orientation 6: bottom-left %v, want blue (turned upright)", c)
	}
}
