// Package photo turns an uploaded picture into a staff badge photo: decoded (JPEG or PNG
// only), turned upright as its EXIF orientation says (orientation.go), cropped square, resized and re-encoded as a small JPEG. Re-encoding also drops
// whatever else the file carried (EXIF location, comments).
package photo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // PNG uploads are decoded too
	"io"

	"github.com/motcua/motcua/kiosk"
	"golang.org/x/image/draw"
)

const (
	// MaxBytes is the largest upload accepted: a phone's photo fits easily.
	MaxBytes = 10 << 20
	// Side is the badge's width and height in pixels: sharp on a 4K hall display's badge.
	Side = 320
	// maxPixels refuses a small file that would decode to a huge image (a "decompression
	// bomb"): 50 megapixels is above any phone camera.
	maxPixels = 50_000_000
)

var (
	errTooLarge = kiosk.Errorf(kiosk.ETOOLARGE, "Ảnh quá lớn: tối đa 10 MB. Xin chọn ảnh nhỏ hơn hoặc chụp lại với độ phân giải thấp hơn.",
		"the photo is over 10 MB; choose a smaller one")
	errNotImage = kiosk.Invalid("photo", "Tệp này không phải ảnh JPEG hoặc PNG. Xin chọn một tệp ảnh chân dung.",
		"the file is not a JPEG or PNG image")
)

// Badge reads an uploaded picture from r and returns the badge JPEG. Over MaxBytes is
// ETOOLARGE, anything not a JPEG or PNG picture EINVALID, both in words for the admin.
func Badge(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read photo: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, errTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, errNotImage
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, kiosk.Invalid("photo", "Ảnh có quá nhiều điểm ảnh (trên 50 megapixel)", "the picture has over 50 megapixels")
	}
	img, _, err := image.Decode(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, errors.Join(errNotImage, err)
	}
	if format == "jpeg" {
		img = upright(img, orientation(data))
	}
	dst := image.NewRGBA(image.Rect(0, 0, Side, Side))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, Square(img.Bounds()), draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("encode badge: %w", err)
	}
	return out.Bytes(), nil
}

// Square is the largest square inside b, centred across and, for a portrait picture, a
// little above the middle: a face in a portrait sits in the upper part.
func Square(b image.Rectangle) image.Rectangle {
	w, h := b.Dx(), b.Dy()
	if w >= h {
		x := b.Min.X + (w-h)/2
		return image.Rect(x, b.Min.Y, x+h, b.Max.Y)
	}
	y := b.Min.Y + (h-w)/4
	return image.Rect(b.Min.X, y, b.Max.X, y+w)
}
