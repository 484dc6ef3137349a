// Package escpos writes and reads the subset of ESC/POS that motcua prints with: initialise,
// the printer's own font with sizes and emphasis, alignment, feeds, raster images (GS v 0),
// native QR codes (GS ( k), cut, and the real-time status commands (DLE EOT n).
//
// It knows nothing of tickets or fonts; hardware builds pages from it.
package escpos

import (
	"image"
)

// Paper widths in dots at 203 dpi (8 dots/mm): the printable width of 58 mm and 80 mm rolls.
const (
	Dots58 = 384
	Dots80 = 576
)

// Control bytes.
const (
	ESC = 0x1b
	GS  = 0x1d
	DLE = 0x10
	EOT = 0x04
	LF  = 0x0a
	FS  = 0x1c
)

// Align is the justification set by ESC a; it applies to text and raster images.
type Align byte

const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
)

// QR error-correction levels for GS ( k function 169.
type QRLevel byte

const (
	QRLevelL QRLevel = 48
	QRLevelM QRLevel = 49
	QRLevelQ QRLevel = 50
	QRLevelH QRLevel = 51
)

// Encoder appends commands to a byte slice. The zero value is ready to use; Bytes returns
// what was written. Methods return the encoder so a page reads top to bottom.
type Encoder struct {
	b []byte
}

// NewEncoder returns an encoder whose buffer starts with capacity n.
func NewEncoder(n int) *Encoder { return &Encoder{b: make([]byte, 0, n)} }

// Bytes returns the commands written so far (the encoder's own buffer, not a copy).
func (e *Encoder) Bytes() []byte { return e.b }

// Len is the number of bytes written so far.
func (e *Encoder) Len() int { return len(e.b) }

// Reset empties the buffer, keeping its capacity.
func (e *Encoder) Reset() { e.b = e.b[:0] }

// Raw appends bytes as they are.
func (e *Encoder) Raw(p ...byte) *Encoder { e.b = append(e.b, p...); return e }

// Init is ESC @: clears the print buffer and resets modes to the printer's defaults.
func (e *Encoder) Init() *Encoder { return e.Raw(ESC, '@') }

// Bold is ESC E n: emphasised printer font.
func (e *Encoder) Bold(on bool) *Encoder { return e.Raw(ESC, 'E', b2(on)) }

// Underline is ESC - n (0 off, 1 one dot, 2 two dots).
func (e *Encoder) Underline(n byte) *Encoder {
	if n > 2 {
		n = 2
	}
	return e.Raw(ESC, '-', n)
}

// Size is GS ! n: the printer font magnified w times wide and h times high (1–8 each).
func (e *Encoder) Size(w, h int) *Encoder {
	return e.Raw(GS, '!', byte(clamp(w, 1, 8)-1)<<4|byte(clamp(h, 1, 8)-1))
}

// Align is ESC a n.
func (e *Encoder) Align(a Align) *Encoder {
	if a > Right {
		a = Left
	}
	return e.Raw(ESC, 'a', byte(a))
}

// Text appends printable ASCII as it is; any other byte becomes '?', since the printer's
// code page is not known here. Use LF or Line to end the line.
func (e *Encoder) Text(s string) *Encoder {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		e.b = append(e.b, c)
	}
	return e
}

// Line is Text followed by LF.
func (e *Encoder) Line(s string) *Encoder { return e.Text(s).LF() }

// LF prints the buffer and feeds one line.
func (e *Encoder) LF() *Encoder { return e.Raw(LF) }

// FeedLines is ESC d n: print and feed n lines.
func (e *Encoder) FeedLines(n int) *Encoder { return e.Raw(ESC, 'd', byte(clamp(n, 0, 255))) }

// FeedDots is ESC J n: print and feed n dots (n > 255 becomes several commands).
func (e *Encoder) FeedDots(n int) *Encoder {
	for n > 0 {
		k := min(n, 255)
		e.Raw(ESC, 'J', byte(k))
		n -= k
	}
	return e
}

// Raster is GS v 0 m=0: a 1-bit image, rows of (width+7)/8 bytes, MSB first, 1 = black.
// rows holds exactly widthBytes*height bytes. Heights over 2,047 are split into several
// commands, the largest many printers accept in one.
func (e *Encoder) Raster(widthBytes, height int, rows []byte) *Encoder {
	for y := 0; y < height; {
		h := min(height-y, 2047)
		e.Raw(GS, 'v', '0', 0, byte(widthBytes), byte(widthBytes>>8), byte(h), byte(h>>8))
		e.b = append(e.b, rows[y*widthBytes:(y+h)*widthBytes]...)
		y += h
	}
	return e
}

// Image encodes img as a raster: any pixel darker than mid-grey prints.
func (e *Encoder) Image(img image.Image) *Encoder {
	wb, h, rows := Pack(img)
	return e.Raster(wb, h, rows)
}

// Pack turns img into raster rows for GS v 0: (width+7)/8 bytes a row, 1 = black.
func Pack(img image.Image) (widthBytes, height int, rows []byte) {
	r := img.Bounds()
	widthBytes = (r.Dx() + 7) / 8
	height = r.Dy()
	rows = make([]byte, widthBytes*height)
	if g, ok := img.(*image.Gray); ok {
		for y := 0; y < height; y++ {
			line := g.Pix[(y+r.Min.Y-g.Rect.Min.Y)*g.Stride+(r.Min.X-g.Rect.Min.X):]
			for x := 0; x < r.Dx(); x++ {
				if line[x] < 0x80 {
					rows[y*widthBytes+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
		return
	}
	for y := 0; y < height; y++ {
		for x := 0; x < r.Dx(); x++ {
			cr, cg, cb, ca := img.At(r.Min.X+x, r.Min.Y+y).RGBA()
			lum := (299*cr + 587*cg + 114*cb) / 1000
			if ca > 0x8000 && lum < 0x8000 {
				rows[y*widthBytes+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return
}

// QR prints data as a QR code with the printer's own generator (GS ( k, model 2): module
// size 1–16 dots, the given error-correction level. data is at most 7,089 bytes.
func (e *Encoder) QR(data string, module int, level QRLevel) *Encoder {
	if level < QRLevelL || level > QRLevelH {
		level = QRLevelM
	}
	e.Raw(GS, '(', 'k', 4, 0, '1', 'A', '2', 0)                     // fn 165: model 2
	e.Raw(GS, '(', 'k', 3, 0, '1', 'C', byte(clamp(module, 1, 16))) // fn 167: module size
	e.Raw(GS, '(', 'k', 3, 0, '1', 'E', byte(level))                // fn 169: error correction
	n := len(data) + 3
	e.Raw(GS, '(', 'k', byte(n), byte(n>>8), '1', 'P', '0') // fn 180: store
	e.b = append(e.b, data...)
	return e.Raw(GS, '(', 'k', 3, 0, '1', 'Q', '0') // fn 181: print
}

// Cut is GS V 66 n: feed n dots past the print head to the cutter, then a partial cut.
func (e *Encoder) Cut(feed int) *Encoder { return e.Raw(GS, 'V', 66, byte(clamp(feed, 0, 255))) }

// StatusRequest is DLE EOT n (n = 1–4): the printer answers one status byte at once,
// even while busy or offline.
func StatusRequest(n byte) []byte { return []byte{DLE, EOT, n} }

func b2(on bool) byte {
	if on {
		return 1
	}
	return 0
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
