package hardware

import (
	"fmt"
	"image"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// RasterFont draws text the printer's code pages cannot (Vietnamese above all) into 1-bit
// raster strips. Glyphs are rasterised once and kept, so a ticket's lines cost a copy each.
// Safe for concurrent use.
type RasterFont struct {
	face    font.Face
	ascent  int
	descent int

	mu     sync.Mutex
	glyphs map[rune]*glyph
}

type glyph struct {
	r    image.Rectangle // relative to the pen on the baseline
	bits []bool          // r.Dx()*r.Dy(), true = ink
	adv  int             // advance in whole dots
}

var (
	fontsMu sync.Mutex
	fonts   = map[fontKey]*RasterFont{}
)

type fontKey struct {
	px   int
	bold bool
}

// Font returns the embedded DejaVu Sans (or Bold) at px dots per em. DejaVu Sans covers every
// Vietnamese letter precomposed (NFC), and the ethnic-minority letters Latin script adds.
func Font(px int, bold bool) (*RasterFont, error) {
	k := fontKey{px, bold}
	fontsMu.Lock()
	defer fontsMu.Unlock()
	if f := fonts[k]; f != nil {
		return f, nil
	}
	ttf := dejavusans.TTF
	if bold {
		ttf = dejavusansbold.TTF
	}
	ft, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("embedded font: %w", err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("embedded font at %d px: %w", px, err)
	}
	m := face.Metrics()
	f := &RasterFont{face: face, ascent: m.Ascent.Ceil(), descent: m.Descent.Ceil(), glyphs: map[rune]*glyph{}}
	// Capitals with stacked marks (Ẫ, Ỗ, Ẩ) rise above the font's ascent and ỵ, ợ sink below
	// its descent: make room for them, or their marks are cut off and a hook reads as an acute.
	for _, r := range "ẪỖẨỞỠỮỸẴỄỔỶỵỢỰợựgjyq" {
		g := f.glyph(r)
		f.ascent = max(f.ascent, -g.r.Min.Y)
		f.descent = max(f.descent, g.r.Max.Y)
	}
	fonts[k] = f
	return f, nil
}

// LineHeight is the distance between baselines of consecutive lines, in dots.
func (f *RasterFont) LineHeight() int { return f.ascent + f.descent }

func (f *RasterFont) glyph(r rune) *glyph {
	f.mu.Lock()
	defer f.mu.Unlock()
	if g := f.glyphs[r]; g != nil {
		return g
	}
	g := &glyph{}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, mp, adv, _ = f.face.Glyph(fixed.Point26_6{}, '?')
	}
	g.r, g.adv = dr, adv.Round()
	g.bits = make([]bool, dr.Dx()*dr.Dy())
	// The face reuses its mask buffer on the next call: copy it now.
	for y := 0; y < dr.Dy(); y++ {
		for x := 0; x < dr.Dx(); x++ {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			g.bits[y*dr.Dx()+x] = a >= 0x7000
		}
	}
	f.glyphs[r] = g
	return g
}

// Width is the advance of s in dots.
func (f *RasterFont) Width(s string) int {
	w := 0
	for _, r := range s {
		w += f.glyph(r).adv
	}
	return w
}

// Strip is one rendered line: rows for GS v 0 with only the rows that hold ink, and where
// they sit in the line's full height so the page keeps an even baseline.
type Strip struct {
	WidthBytes, Height int
	Rows               []byte
	Above, Below       int // empty dots cut off above and below the ink
}

// Render draws s (already NFC) on one line, at most maxWidth dots wide (the rest is cut).
func (f *RasterFont) Render(s string, maxWidth int) Strip {
	w := min(f.Width(s), maxWidth)
	if w <= 0 {
		return Strip{Above: f.LineHeight()}
	}
	wb := (w + 7) / 8
	h := f.LineHeight()
	rows := make([]byte, wb*h)
	x := 0
	for _, r := range s {
		g := f.glyph(r)
		gw := g.r.Dx()
		for gy := 0; gy < g.r.Dy(); gy++ {
			y := f.ascent + g.r.Min.Y + gy
			if y < 0 || y >= h {
				continue
			}
			for gx := 0; gx < gw; gx++ {
				px := x + g.r.Min.X + gx
				if px < 0 || px >= w || !g.bits[gy*gw+gx] {
					continue
				}
				rows[y*wb+px/8] |= 0x80 >> (px % 8)
			}
		}
		x += g.adv
		if x >= w {
			break
		}
	}
	top, bottom := 0, h
	for top < h && allZero(rows[top*wb:(top+1)*wb]) {
		top++
	}
	for bottom > top && allZero(rows[(bottom-1)*wb:bottom*wb]) {
		bottom--
	}
	return Strip{WidthBytes: wb, Height: bottom - top, Rows: rows[top*wb : bottom*wb], Above: top, Below: h - bottom}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// NeedsRaster reports whether s has anything outside printable ASCII, which the printer's
// own font cannot be trusted to show.
func NeedsRaster(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return true
		}
	}
	return false
}

// NFC normalises s, so a letter typed as base + combining marks finds its precomposed glyph.
func NFC(s string) string { return norm.NFC.String(s) }

// Wrap breaks s into lines no wider than max by width, at spaces; a word wider than a
// whole line is broken between letters.
func Wrap(s string, max int, width func(string) int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	var lines []string
	cur := ""
	for _, w := range words {
		for width(w) > max {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			cut := fitPrefix(w, max, width)
			lines = append(lines, w[:cut])
			w = w[cut:]
		}
		switch {
		case cur == "":
			cur = w
		case width(cur+" "+w) <= max:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fitPrefix is the byte length of the longest prefix of w (at least one rune) within max.
func fitPrefix(w string, max int, width func(string) int) int {
	_, first := utf8.DecodeRuneInString(w)
	cut := first
	for i := range w {
		if i == 0 {
			continue
		}
		if width(w[:i]) > max {
			break
		}
		cut = i
	}
	if width(w) <= max {
		cut = len(w)
	}
	return cut
}

// vietnameseLetters is every letter of Vietnamese, both cases, plus digits and punctuation:
// what Preload rasterises ahead of the first ticket.
const vietnameseLetters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ" +
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ" +
	"fjwzFJWZ0123456789 .,:;!?-–·/()*"

// Preload parses the fonts the layouts use and rasterises every Vietnamese letter in them,
// so the first ticket after start-up costs what every other does (~0.1 ms, not ~5 ms).
func Preload(layouts ...*Layout) error {
	for _, l := range layouts {
		for _, b := range l.Blocks {
			if b.Kind != "" && b.Kind != "text" {
				continue
			}
			px := b.Size
			if px == 0 {
				px = 22
			}
			f, err := Font(px, b.Bold)
			if err != nil {
				return err
			}
			f.Width(vietnameseLetters)
		}
	}
	return nil
}
