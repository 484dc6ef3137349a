package escpos

import (
	"image"

	"github.com/skip2/go-qrcode"
	"golang.org/x/image/font/basicfont"
)

// MaxPageDots bounds a decoded page's height (2.5 m of paper): a stream that never cuts, or
// asks for a giant image, cannot make the virtual printer eat the memory.
const MaxPageDots = 20000

// Decoder is the virtual printer: it reads the ESC/POS motcua emits (and tolerates anything
// else) and draws the pages a printer would print. Feed it bytes in any chunks with Write;
// each cut hands a finished page to OnPage. It never fails: unknown commands are skipped.
type Decoder struct {
	Dots   int                    // paper width in dots (Dots58 or Dots80)
	OnPage func(page *image.Gray) // called at each cut with a page of exactly the printed height

	pending []byte
	page    *image.Gray
	y       int
	line    []cell
	align   Align
	bold    bool
	w, h    int // magnification
	spacing int // line spacing in dots
	qrData  []byte
	qrMod   int
	qrLevel byte
	text    []byte // the page's text so far (Text)
	last    string // the text of the page cut last
}

type cell struct {
	c    byte
	w, h int
	bold bool
}

// Font A cell of the printer.
const cellW, cellH = 12, 24

// NewDecoder returns a decoder for paper dots wide.
func NewDecoder(dots int, onPage func(*image.Gray)) *Decoder {
	d := &Decoder{Dots: dots, OnPage: onPage}
	d.reset()
	return d
}

func (d *Decoder) reset() {
	d.align, d.bold, d.w, d.h, d.spacing = Left, false, 1, 1, 30
	d.qrMod, d.qrLevel = 3, byte(QRLevelL)
}

// Text is what the page cut last printed in the printer's own font, a line per line, and
// each QR code's data as a line "[QR] data": what a test can read where pixels cannot be
// compared (Vietnamese lines are raster images and have no text here). Read it in OnPage.
func (d *Decoder) Text() string { return d.last }

// Write decodes p; a command cut off at the end of p waits for the next Write.
func (d *Decoder) Write(p []byte) (int, error) {
	d.pending = append(d.pending, p...)
	n := 0
	for n < len(d.pending) {
		k := d.step(d.pending[n:])
		if k == 0 {
			break
		}
		n += k
	}
	d.pending = append(d.pending[:0], d.pending[n:]...)
	return len(p), nil
}

// Flush ends the current page without a cut, if anything was printed on it.
func (d *Decoder) Flush() {
	d.printLine(false)
	if d.y > 0 {
		d.emit()
	}
}

// step decodes one command at the start of b and returns its length, or 0 when b holds
// only part of it.
func (d *Decoder) step(b []byte) int {
	n := CommandLen(b)
	if n > 0 {
		d.exec(b[:n])
	}
	return n
}

// exec draws or applies one whole command (CommandLen long).
func (d *Decoder) exec(b []byte) {
	switch c := b[0]; {
	case c == LF:
		d.printLine(true)
	case c == ESC:
		if len(b) == 2 {
			if b[1] == '@' {
				d.line = d.line[:0]
				d.reset()
			} else {
				d.spacing = 30 // ESC 2
			}
			return
		}
		n := int(b[2])
		switch b[1] {
		case 'E':
			d.bold = n&1 == 1
		case 'a':
			if n <= 2 {
				d.align = Align(n)
			} else if n >= '0' && n <= '2' {
				d.align = Align(n - '0')
			}
		case 'J':
			d.printLine(false)
			d.advance(n)
		case 'd':
			d.printLine(true)
			d.advance(n * d.spacing)
		case '3':
			d.spacing = n
		}
		// ESC - n, ESC t n, ESC M n and the like: skipped
	case c == GS:
		switch b[1] {
		case '!':
			d.w, d.h = int(b[2]>>4&7)+1, int(b[2]&7)+1
		case 'V':
			d.printLine(false)
			if len(b) == 4 {
				d.advance(int(b[3]))
			}
			d.emit()
		case 'v':
			wb := int(b[4]) | int(b[5])<<8
			h := int(b[6]) | int(b[7])<<8
			d.printLine(false)
			d.raster(wb, h, b[8:])
		case '(':
			if b[2] == 'k' {
				d.qr(b[5:])
			}
		}
	case c >= 0x20:
		ch := c
		if c > 0x7e {
			ch = '?'
		}
		d.line = append(d.line, cell{ch, d.w, d.h, d.bold})
	}
	// DLE EOT n (answered by the printer, draws nothing) and other control bytes: ignored
}

// qr handles GS ( k with cn = 49 (QR): p is cn fn [params].
func (d *Decoder) qr(p []byte) {
	if len(p) < 2 || p[0] != '1' {
		return
	}
	switch p[1] {
	case 'C':
		if len(p) >= 3 {
			d.qrMod = min(max(int(p[2]), 1), 16)
		}
	case 'E':
		if len(p) >= 3 {
			d.qrLevel = p[2]
		}
	case 'P':
		if len(p) >= 3 {
			d.qrData = append(d.qrData[:0], p[3:]...)
		}
	case 'Q':
		d.printLine(false)
		lv := map[byte]qrcode.RecoveryLevel{48: qrcode.Low, 49: qrcode.Medium, 50: qrcode.High, 51: qrcode.Highest}[d.qrLevel]
		q, err := qrcode.New(string(d.qrData), lv)
		if err != nil || len(d.qrData) == 0 {
			return
		}
		d.text = append(append(append(d.text, "[QR] "...), d.qrData...), '\n')
		q.DisableBorder = true
		bm := q.Bitmap()
		size := len(bm) * d.qrMod
		x0 := d.x0(size)
		d.grow(size)
		for my, row := range bm {
			for mx, on := range row {
				if on {
					d.fill(x0+mx*d.qrMod, d.y+my*d.qrMod, d.qrMod, d.qrMod)
				}
			}
		}
		d.advance(size)
	}
}

func (d *Decoder) x0(w int) int {
	switch d.align {
	case Center:
		return max(0, (d.Dots-w)/2)
	case Right:
		return max(0, d.Dots-w)
	}
	return 0
}

func (d *Decoder) raster(wb, h int, data []byte) {
	w := wb * 8
	x0 := d.x0(w)
	d.grow(h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if data[y*wb+x/8]&(0x80>>(x%8)) != 0 {
				d.set(x0+x, d.y+y)
			}
		}
	}
	d.advance(h)
}

// printLine prints the text buffer, if any; with lf and an empty buffer it feeds one line.
func (d *Decoder) printLine(lf bool) {
	if len(d.line) == 0 {
		if lf {
			d.advance(d.spacing)
		}
		return
	}
	w, h := 0, 0
	for _, c := range d.line {
		w += cellW * c.w
		h = max(h, cellH*c.h)
	}
	w = min(w, d.Dots)
	x := d.x0(w)
	d.grow(h)
	for _, c := range d.line {
		cw, ch := cellW*c.w, cellH*c.h
		if x+cw > d.Dots {
			break
		}
		d.char(c, x, d.y+h-ch, cw, ch)
		d.text = append(d.text, c.c)
		x += cw
	}
	d.text = append(d.text, '\n')
	d.line = d.line[:0]
	d.advance(max(h, d.spacing))
}

// char draws c from the 6×13 basic font stretched into a cw×ch cell.
func (d *Decoder) char(c cell, x0, y0, cw, ch int) {
	f := basicfont.Face7x13
	idx := int(c.c) - 32
	if idx < 0 || idx >= 95 {
		return
	}
	for y := 0; y < ch; y++ {
		sy := y * 13 / ch
		for x := 0; x < cw; x++ {
			sx := x * 6 / cw
			if f.Mask.(*image.Alpha).AlphaAt(sx, idx*13+sy).A > 0 {
				d.set(x0+x, y0+y)
				if c.bold {
					d.set(x0+x+1, y0+y)
				}
			}
		}
	}
}

// advance moves down n dots without allocating: blank rows cost nothing until something is
// drawn below them or the page is cut, so a stream of giant feeds stays cheap.
func (d *Decoder) advance(n int) {
	d.y = min(d.y+max(n, 0), MaxPageDots)
}

// grow makes room for n more rows below y.
func (d *Decoder) grow(n int) {
	want := min(d.y+n, MaxPageDots)
	if d.page == nil || d.page.Rect.Dx() != d.Dots {
		d.page = blank(d.Dots, max(want, 256))
		return
	}
	if want <= d.page.Rect.Dy() {
		return
	}
	nh := min(max(want, 2*d.page.Rect.Dy()), MaxPageDots)
	p := blank(d.Dots, nh)
	copy(p.Pix, d.page.Pix)
	d.page = p
}

func blank(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	return g
}

func (d *Decoder) set(x, y int) {
	if d.page != nil && x >= 0 && x < d.Dots && y >= 0 && y < d.page.Rect.Dy() {
		d.page.Pix[y*d.page.Stride+x] = 0
	}
}

func (d *Decoder) fill(x, y, w, h int) {
	for j := y; j < y+h; j++ {
		for i := x; i < x+w; i++ {
			d.set(i, j)
		}
	}
}

func (d *Decoder) emit() {
	if d.page == nil {
		d.page = blank(d.Dots, 1)
	}
	h := max(d.y, 1)
	out := image.NewGray(image.Rect(0, 0, d.Dots, h))
	copy(out.Pix, d.page.Pix[:d.Dots*min(h, d.page.Rect.Dy())])
	for i := d.Dots * min(h, d.page.Rect.Dy()); i < len(out.Pix); i++ {
		out.Pix[i] = 0xff
	}
	d.page, d.y = nil, 0
	d.last, d.text = string(d.text), d.text[:0]
	if d.OnPage != nil {
		d.OnPage(out)
	}
}
