package hardware

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"periph.io/x/conn/v3"
)

// virtualConn is the virtual printer: it decodes what it is sent and writes each cut page as
// a PNG, with its text beside it (page-….txt). It always answers status as a ready printer.
type virtualConn struct {
	dir   string
	clock func() time.Time

	mu    sync.Mutex
	dec   *escpos.Decoder
	seq   int
	pages []*image.Gray
	err   error
}

// VirtualPageLimit is how many pages the virtual printer keeps in memory.
const VirtualPageLimit = 20

func newVirtual(dir string, dots int, clock func() time.Time) (*virtualConn, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("virtual printer folder: %w", err)
		}
	}
	v := &virtualConn{dir: dir, clock: clock}
	v.dec = escpos.NewDecoder(dots, v.page)
	return v, nil
}

func (v *virtualConn) String() string      { return "virtual:" }
func (v *virtualConn) Duplex() conn.Duplex { return conn.Full }

func (v *virtualConn) Tx(w, r []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(r) > 0 && len(w) == 3 && w[0] == escpos.DLE && w[1] == escpos.EOT {
		for i := range r {
			r[i] = 0x12
		}
		return nil
	}
	v.err = nil
	_, _ = v.dec.Write(w)
	return v.err
}

func (v *virtualConn) page(img *image.Gray) {
	v.seq++
	v.pages = append(v.pages, img)
	if len(v.pages) > VirtualPageLimit {
		v.pages = v.pages[1:]
	}
	if v.dir == "" {
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		v.err = err
		return
	}
	name := fmt.Sprintf("page-%s-%04d.png", v.clock().Format("20060102-150405"), v.seq)
	tmp := filepath.Join(v.dir, "."+name)
	if err := os.WriteFile(tmp, buf.Bytes(), 0o640); err != nil {
		v.err = fmt.Errorf("virtual printer: %w", err)
		return
	}
	// Beside the image, its text (escpos.Decoder.Text): the printer-font lines and QR data a
	// test or a developer can read without looking at the pixels. Written first, so a page's
	// PNG never appears without it.
	txt := strings.TrimSuffix(name, ".png") + ".txt"
	if err := os.WriteFile(filepath.Join(v.dir, txt), []byte(v.dec.Text()), 0o640); err != nil {
		v.err = fmt.Errorf("virtual printer: %w", err)
		return
	}
	if err := os.Rename(tmp, filepath.Join(v.dir, name)); err != nil {
		v.err = fmt.Errorf("virtual printer: %w", err)
	}
}

// VirtualPages returns the last pages the virtual printer printed since it was opened, oldest
// first; nil for a real printer.
func (p *Printer) VirtualPages() []*image.Gray {
	p.target.RLock()
	v := p.virt
	p.target.RUnlock()
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]*image.Gray(nil), v.pages...)
}

// LatestPages lists the newest n PNG pages in a virtual printer's folder, newest first (file
// names only), for the admin page.
func LatestPages(dir string, n int) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "page-") && strings.HasSuffix(e.Name(), ".png") {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	if len(names) > n {
		names = names[:n]
	}
	return names, nil
}
