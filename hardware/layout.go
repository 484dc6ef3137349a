package hardware

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
)

// Layout is a printed form as data: blocks from top to bottom, each a Go text/template over
// the form's data (Ticket, Receipt, …). A province adjusts the wording, order, sizes and
// what is shown by editing a layout's JSON; the code stays the same.
type Layout struct {
	Name   string  `json:"name"`
	Blocks []Block `json:"blocks"`

	tmpl []*template.Template
}

// Block is one part of a layout.
//
//	kind "text"   (default) Text, one or more lines ("\n"); a line of printable ASCII prints with
//	              the printer's own font, any other line as a raster strip in DejaVu Sans Size
//	              dots high (default 22); long lines wrap at spaces.
//	kind "number" Text in the printer's font magnified Size times (1–8, default 4): the big
//	              ticket number. ASCII only.
//	kind "qr"     Text encoded by the printer's own QR generator, Size dots a module (default 5),
//	              with a quiet zone of 4 modules above and below.
//	kind "rule"   a line of dashes.
//	kind "feed"   Size dots of paper.
//	kind "cut"    feed to the cutter and cut.
//
// A block whose Text renders empty (after trimming) is skipped, so `{{if .Priority}}…{{end}}`
// shows a line only when there is something to say.
type Block struct {
	Kind  string `json:"kind,omitempty"`
	Text  string `json:"text,omitempty"`
	Align string `json:"align,omitempty"` // left (default), center, right
	Size  int    `json:"size,omitempty"`
	Bold  bool   `json:"bold,omitempty"`
}

// Funcs are the template functions layouts may use.
var Funcs = template.FuncMap{
	"upper":    strings.ToUpper,
	"date":     func(t time.Time) string { return t.Format("02/01/2006") },
	"hhmm":     func(t time.Time) string { return t.Format("15:04") },
	"datetime": func(t time.Time) string { return t.Format("15:04 02/01/2006") },
	"minutes":  func(d time.Duration) int { return int((d + time.Minute - 1) / time.Minute) },
	"mask":     Mask,
	"inc":      func(i int) int { return i + 1 },
	"row":      tableRow,
}

// Mask hides all but the last three characters of an identity number, as a thermal slip
// that leaves the hall must.
func Mask(id string) string {
	r := []rune(strings.TrimSpace(id))
	if len(r) <= 3 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-3) + string(r[len(r)-3:])
}

// ParseLayout reads a layout from JSON and compiles it; errors name the block.
func ParseLayout(data []byte) (*Layout, error) {
	var l Layout
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	if err := l.Compile(); err != nil {
		return nil, err
	}
	return &l, nil
}

// Compile checks every block and parses its template. Call it at start-up so a bad layout
// is found then, not at the first ticket.
func (l *Layout) Compile() error {
	l.tmpl = make([]*template.Template, len(l.Blocks))
	for i, b := range l.Blocks {
		switch b.Kind {
		case "", "text", "number", "qr", "rule", "feed", "cut":
		default:
			return fmt.Errorf("layout %q block %d: unknown kind %q", l.Name, i+1, b.Kind)
		}
		switch b.Align {
		case "", "left", "center", "right":
		default:
			return fmt.Errorf("layout %q block %d: align %q (want left, center or right)", l.Name, i+1, b.Align)
		}
		if b.Size < 0 || b.Size > 200 {
			return fmt.Errorf("layout %q block %d: size %d out of range", l.Name, i+1, b.Size)
		}
		t, err := template.New(fmt.Sprintf("%s#%d", l.Name, i+1)).Funcs(Funcs).Option("missingkey=error").Parse(b.Text)
		if err != nil {
			return fmt.Errorf("layout %q block %d: %w", l.Name, i+1, err)
		}
		l.tmpl[i] = t
	}
	return nil
}

// Render encodes the layout filled with data for paper dots wide (escpos.Dots58 or Dots80).
func (l *Layout) Render(data any, dots int) ([]byte, error) {
	return l.RenderFor(data, Output{Dots: dots})
}

// RenderFor encodes the layout filled with data for the printer out describes
// (Printer.Output).
func (l *Layout) RenderFor(data any, out Output) ([]byte, error) {
	dots := out.Dots
	if l.tmpl == nil {
		if err := l.Compile(); err != nil {
			return nil, err
		}
	}
	p := page{e: escpos.NewEncoder(4096), dots: dots, align: 255, out: out}
	p.e.Init()
	var sb strings.Builder
	for i, b := range l.Blocks {
		sb.Reset()
		if err := l.tmpl[i].Execute(&sb, data); err != nil {
			return nil, fmt.Errorf("layout %q block %d: %w", l.Name, i+1, err)
		}
		text := strings.TrimSpace(NFC(sb.String()))
		kind := b.Kind
		if kind == "" {
			kind = "text"
		}
		if text == "" && (kind == "text" || kind == "number" || kind == "qr") {
			continue
		}
		if err := p.block(kind, text, b); err != nil {
			return nil, fmt.Errorf("layout %q block %d: %w", l.Name, i+1, err)
		}
	}
	return p.e.Bytes(), nil
}

// page tracks what the printer was last told, so each command is sent only when it changes,
// and paper still owed below the last raster strip, to merge into the next feed.
type page struct {
	e     *escpos.Encoder
	dots  int
	align escpos.Align
	owed  int
	out   Output
	table bool // ESC t sent
}

// Font A of ESC/POS printers: 12×24 dots a character, lines 30 dots apart by default.
const (
	fontAW    = 12
	fontALine = 30
)

func (p *page) setAlign(a string) {
	v := escpos.Left
	switch a {
	case "center":
		v = escpos.Center
	case "right":
		v = escpos.Right
	}
	if v != p.align {
		p.e.Align(v)
		p.align = v
	}
}

func (p *page) pay() {
	p.e.FeedDots(p.owed)
	p.owed = 0
}

func (p *page) block(kind, text string, b Block) error {
	p.setAlign(b.Align)
	switch kind {
	case "text":
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				p.owed += fontALine / 2
				continue
			}
			if err := p.textLine(line, b); err != nil {
				return err
			}
		}
	case "number":
		if NeedsRaster(text) {
			return fmt.Errorf("number %q: only ASCII prints in the printer's font", text)
		}
		mag := b.Size
		if mag == 0 {
			mag = 4
		}
		mag = min(max(mag, 1), 8)
		p.pay()
		p.e.Bold(true).Size(mag, mag)
		for _, l := range Wrap(text, p.dots/(fontAW*mag), func(s string) int { return len(s) }) {
			p.e.Line(l)
		}
		p.e.Size(1, 1).Bold(false)
	case "qr":
		if len(text) > 7089 {
			return fmt.Errorf("qr: %d bytes is more than a QR code holds", len(text))
		}
		m := b.Size
		if m == 0 {
			m = 5
		}
		// The quiet zone QR readers need: four modules of blank paper above and below (a
		// centred code has more than that at its sides).
		quiet := 4 * min(max(m, 1), 16)
		p.owed = max(p.owed, quiet)
		p.pay()
		p.e.QR(text, m, escpos.QRLevelM)
		p.owed = quiet
	case "rule":
		p.pay()
		p.e.Line(strings.Repeat("-", p.dots/fontAW))
	case "feed":
		p.owed += b.Size
	case "cut":
		p.owed += 0
		p.pay()
		p.e.Cut(b.Size)
	}
	return nil
}

func (p *page) textLine(line string, b Block) error {
	raster := NeedsRaster(line)
	cp := false
	if raster && p.out.CP1258 {
		_, cp = encodeCP1258(line)
	}
	if !raster || cp {
		if cp && !p.table {
			p.e.Raw(escpos.ESC, 't', p.out.CodeTable)
			p.table = true
		}
		mag := 1
		if b.Size >= 32 {
			mag = 2
		}
		p.pay()
		if b.Bold {
			p.e.Bold(true)
		}
		if mag > 1 {
			p.e.Size(mag, mag)
		}
		for _, l := range Wrap(line, p.dots/(fontAW*mag), runeWidth) {
			if cp {
				enc, _ := encodeCP1258(l)
				p.e.Raw(enc...).LF()
			} else {
				p.e.Line(l)
			}
		}
		if mag > 1 {
			p.e.Size(1, 1)
		}
		if b.Bold {
			p.e.Bold(false)
		}
		return nil
	}
	px := b.Size
	if px == 0 {
		px = 22
	}
	f, err := Font(px, b.Bold)
	if err != nil {
		return err
	}
	for _, l := range Wrap(line, p.dots, f.Width) {
		s := f.Render(l, p.dots)
		p.owed += s.Above
		if s.Height > 0 {
			p.pay()
			p.e.Raster(s.WidthBytes, s.Height, s.Rows)
		}
		p.owed += s.Below
	}
	return nil
}

// Clone returns a deep copy to edit; call Compile (or Render, which compiles an uncompiled
// layout) on it afterwards. Editing a shared layout in place is a data race.
func (l *Layout) Clone() *Layout {
	return &Layout{Name: l.Name, Blocks: append([]Block(nil), l.Blocks...)}
}

// mustLayout compiles a built-in layout; it panics on a mistake in the source.
func mustLayout(l Layout) *Layout {
	if err := l.Compile(); err != nil {
		panic(err)
	}
	return &l
}
