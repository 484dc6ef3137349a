package hardware

import (
	"bytes"
	"image"
	"slices"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

// The QR code keeps four modules of blank paper above and below it, whatever comes before
// and after in the layout.
func TestTicketQRQuietZone(t *testing.T) {
	for _, dots := range []int{escpos.Dots58, escpos.Dots80} {
		data, err := EncodeTicket(nil, sampleTicket(), dots)
		if err != nil {
			t.Fatal(err)
		}
		page := decodePages(t, data, dots)[0]
		top, bottom := qrRows(page)
		if top < 0 {
			t.Fatalf("%d dots: no QR code found", dots)
		}
		quiet := 4 * 5
		if blank := blankRows(page, top-1, -1); blank < quiet {
			t.Errorf("%d dots: %d blank rows above the QR, want ≥ %d", dots, blank, quiet)
		}
		if blank := blankRows(page, bottom+1, +1); blank < quiet {
			t.Errorf("%d dots: %d blank rows below the QR, want ≥ %d", dots, blank, quiet)
		}
	}
}

// qrRows finds the QR code's top and bottom rows by its finder patterns: their middle rows
// (module rows 2–4 of 7) run black, white, black, white, black in widths 1:1:3:1:1 modules
// of 5 dots.
func qrRows(g *image.Gray) (top, bottom int) {
	top, bottom = -1, -1
	want := []int{5, 5, 15, 5, 5}
	for y := 0; y < g.Rect.Dy(); y++ {
		var runs []int
		for x, last := 0, false; x < g.Rect.Dx(); x++ {
			ink := g.GrayAt(x, y).Y < 0x80
			if len(runs) == 0 && !ink {
				continue
			}
			if len(runs) == 0 || ink != last {
				runs = append(runs, 0)
			}
			runs[len(runs)-1]++
			last = ink
		}
		if len(runs) >= 5 && slices.Equal(runs[:5], want) {
			if top < 0 {
				top = y - 10
			}
			bottom = y + 10
		}
	}
	return top, bottom
}

// blankRows counts rows without ink from y in direction dir (-1 up, +1 down).
func blankRows(g *image.Gray, y, dir int) int {
	n := 0
	for ; y >= 0 && y < g.Rect.Dy(); y += dir {
		for x := 0; x < g.Rect.Dx(); x++ {
			if g.GrayAt(x, y).Y < 0x80 {
				return n
			}
		}
		n++
	}
	return n
}

// A reprint is the same ticket with "IN LẠI" added; "Quý vị sẽ được gọi ngay" is printed
// only when a counter for the line is open.
func TestTicketJobReprintAndWording(t *testing.T) {
	tk := sampleTicket()
	tk.Ahead = 0
	data, reprint, err := TicketJob(nil, tk, Output{Dots: escpos.Dots80})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(data, reprint) || len(reprint) <= len(data) {
		t.Fatalf("reprint (%d bytes) is not the ticket (%d bytes) plus a mark", len(reprint), len(data))
	}
	if !bytes.Contains(reprint, strip(t, "IN LẠI", 40, true)) || bytes.Contains(data, strip(t, "IN LẠI", 40, true)) {
		t.Fatal("the reprint is not marked IN LẠI, or the first print is")
	}
	if !bytes.Contains(data, strip(t, "Số thứ tự", 22, false)) {
		t.Fatal("no \"Số thứ tự\" above the number")
	}
	now := strip(t, "Quý vị sẽ được gọi ngay", 22, false)
	if bytes.Contains(data, now) {
		t.Fatal("promises an immediate call with no counter open")
	}
	tk.CounterOpen = true
	open, _, _ := TicketJob(nil, tk, Output{Dots: escpos.Dots80})
	if !bytes.Contains(open, now) {
		t.Fatal("an open counter and nobody ahead: the ticket should say so")
	}
}

// strip is the raster image (GS v 0 and its data) a line of Vietnamese prints as.
func strip(t *testing.T, s string, size int, bold bool) []byte {
	l := &Layout{Name: "strip", Blocks: []Block{{Text: s, Align: "center", Bold: bold, Size: size}}}
	b, err := l.Render(nil, escpos.Dots80)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte{escpos.GS, 'v', '0'})
	if i < 0 {
		t.Fatalf("%q is not printed as an image", s)
	}
	return b[i:]
}
