package escpos

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

func TestCommandsExactBytes(t *testing.T) {
	cases := []struct {
		name string
		f    func(e *Encoder)
		want []byte
	}{
		{"init", func(e *Encoder) { e.Init() }, []byte{0x1b, 0x40}},
		{"bold on", func(e *Encoder) { e.Bold(true) }, []byte{0x1b, 0x45, 1}},
		{"bold off", func(e *Encoder) { e.Bold(false) }, []byte{0x1b, 0x45, 0}},
		{"underline", func(e *Encoder) { e.Underline(9) }, []byte{0x1b, 0x2d, 2}},
		{"size 1x1", func(e *Encoder) { e.Size(1, 1) }, []byte{0x1d, 0x21, 0x00}},
		{"size 4x5", func(e *Encoder) { e.Size(4, 5) }, []byte{0x1d, 0x21, 0x34}},
		{"size clamps", func(e *Encoder) { e.Size(0, 99) }, []byte{0x1d, 0x21, 0x07}},
		{"align center", func(e *Encoder) { e.Align(Center) }, []byte{0x1b, 0x61, 1}},
		{"align right", func(e *Encoder) { e.Align(Right) }, []byte{0x1b, 0x61, 2}},
		{"align bad", func(e *Encoder) { e.Align(7) }, []byte{0x1b, 0x61, 0}},
		{"text line", func(e *Encoder) { e.Line("A-012") }, []byte("A-012\n")},
		{"text non-ascii", func(e *Encoder) { e.Text("a\x01é") }, []byte("a???")},
		{"feed lines", func(e *Encoder) { e.FeedLines(3) }, []byte{0x1b, 0x64, 3}},
		{"feed dots", func(e *Encoder) { e.FeedDots(300) }, []byte{0x1b, 0x4a, 255, 0x1b, 0x4a, 45}},
		{"feed zero", func(e *Encoder) { e.FeedDots(0) }, nil},
		{"raster", func(e *Encoder) { e.Raster(2, 2, []byte{0xff, 0x80, 0x01, 0x00}) },
			[]byte{0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0xff, 0x80, 0x01, 0x00}},
		{"qr", func(e *Encoder) { e.QR("AB", 6, QRLevelM) }, []byte{
			0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0,
			0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6,
			0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31,
			0x1d, 0x28, 0x6b, 5, 0, 0x31, 0x50, 0x30, 'A', 'B',
			0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30}},
		{"cut", func(e *Encoder) { e.Cut(40) }, []byte{0x1d, 0x56, 66, 40}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e Encoder
			c.f(&e)
			if !bytes.Equal(e.Bytes(), c.want) {
				t.Fatalf("got % x\nwant % x", e.Bytes(), c.want)
			}
		})
	}
}

func TestRasterSplitsTallImages(t *testing.T) {
	rows := make([]byte, 3000)
	var e Encoder
	e.Raster(1, 3000, rows)
	want := 8 + 2047 + 8 + 953
	if e.Len() != want {
		t.Fatalf("len %d, want %d", e.Len(), want)
	}
	if !bytes.Equal(e.Bytes()[2055:2063], []byte{0x1d, 0x76, 0x30, 0, 1, 0, 0xb9, 0x03}) {
		t.Fatalf("second header % x", e.Bytes()[2055:2063])
	}
}

func TestPack(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 10, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.SetGray(0, 0, color.Gray{0})
	img.SetGray(9, 0, color.Gray{0x20})
	img.SetGray(8, 1, color.Gray{0x90}) // light: not printed
	wb, h, rows := Pack(img)
	if wb != 2 || h != 2 || !bytes.Equal(rows, []byte{0x80, 0x40, 0, 0}) {
		t.Fatalf("got %d %d % x", wb, h, rows)
	}
	rgba := image.NewRGBA(image.Rect(0, 0, 10, 2))
	rgba.Set(0, 0, color.Black)
	rgba.Set(9, 0, color.Black)
	_, _, rows = Pack(rgba)
	if !bytes.Equal(rows, []byte{0x80, 0x40, 0, 0}) {
		t.Fatalf("rgba got % x", rows)
	}
}

func TestStatusEachBit(t *testing.T) {
	ok := [4]byte{0x12, 0x12, 0x12, 0x12}
	cases := []struct {
		name  string
		reply int
		b     byte
		check func(Status) bool
	}{
		{"all clear", 0, 0x12, func(s Status) bool { return s == Status{Raw: ok} }},
		{"offline", 0, 0x1a, func(s Status) bool { return s.Offline }},
		{"waiting recovery", 0, 0x32, func(s Status) bool { return s.WaitingRecovery }},
		{"cover open", 1, 0x16, func(s Status) bool { return s.CoverOpen }},
		{"feed button", 1, 0x1a, func(s Status) bool { return s.FeedButton }},
		{"stopped paper end", 1, 0x32, func(s Status) bool { return s.StoppedPaperEnd }},
		{"error occurred", 1, 0x52, func(s Status) bool { return s.ErrorOccurred }},
		{"mechanical", 2, 0x16, func(s Status) bool { return s.MechanicalError }},
		{"cutter", 2, 0x1a, func(s Status) bool { return s.CutterError }},
		{"unrecoverable", 2, 0x32, func(s Status) bool { return s.Unrecoverable }},
		{"auto recoverable", 2, 0x52, func(s Status) bool { return s.AutoRecoverable }},
		{"near end", 3, 0x1e, func(s Status) bool { return s.PaperNearEnd && !s.PaperEnd }},
		{"paper end", 3, 0x72, func(s Status) bool { return s.PaperEnd && !s.PaperNearEnd }},
		{"both", 3, 0x7e, func(s Status) bool { return s.PaperEnd && s.PaperNearEnd }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ok
			r[c.reply] = c.b
			s, err := ParseStatus(r)
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(s) {
				t.Fatalf("%#02x in reply %d: %+v", c.b, c.reply+1, s)
			}
			// No other flag is set by this one bit.
			n := 0
			for _, f := range []bool{s.Offline, s.WaitingRecovery, s.CoverOpen, s.FeedButton, s.StoppedPaperEnd,
				s.ErrorOccurred, s.MechanicalError, s.CutterError, s.Unrecoverable, s.AutoRecoverable, s.PaperNearEnd, s.PaperEnd} {
				if f {
					n++
				}
			}
			if want := map[string]int{"all clear": 0, "both": 2}[c.name]; c.name == "all clear" || c.name == "both" {
				if n != want {
					t.Fatalf("%d flags set, want %d", n, want)
				}
			} else if n != 1 {
				t.Fatalf("%d flags set, want 1: %+v", n, s)
			}
		})
	}
}

func TestStatusRefusesInvalidReplies(t *testing.T) {
	for _, b := range []byte{0x00, 0xff, 0x10, 0x02, 0x13, 0x92, 0x11} {
		r := [4]byte{0x12, 0x12, 0x12, 0x12}
		r[2] = b
		if _, err := ParseStatus(r); err == nil {
			t.Errorf("%#02x accepted", b)
		}
	}
	if !ValidReply(0x12) || !ValidReply(0x7e) || ValidReply(0x12|0x80) {
		t.Fatal("ValidReply")
	}
}
