package hardware

import (
	"context"
	"fmt"
	"io"
	"time"
)

// TestPageData fills TestPageLayout.
type TestPageData struct {
	URI  string
	Dots int
	At   time.Time
}

// TestPageLayout is what `motcua printer test` prints: every size the kiosk uses, all the
// Vietnamese letters, a QR code and the cut, so an installer sees at once what is wrong.
var TestPageLayout = mustLayout(Layout{Name: "testpage", Blocks: []Block{
	{Text: "TRANG IN THỬ · MỘT CỬA", Align: "center", Bold: true, Size: 24},
	{Text: "{{.URI}}  {{.Dots}} dots", Align: "center"},
	{Kind: "rule"},
	{Text: "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y", Size: 22},
	{Text: "A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y", Size: 22},
	{Text: "à á ả ã ạ · ằ ắ ẳ ẵ ặ · ầ ấ ẩ ẫ ậ · ề ế ể ễ ệ · ồ ố ổ ỗ ộ · ờ ớ ở ỡ ợ · ừ ứ ử ữ ự · ỳ ý ỷ ỹ ỵ", Size: 22},
	{Text: "Tiếng Việt có dấu: Hồ sơ được tiếp nhận lúc 8 giờ sáng.", Size: 22, Bold: true},
	{Text: "Printer font: 0123456789 ABC abc"},
	{Kind: "number", Text: "A123", Align: "center", Size: 4},
	{Kind: "qr", Text: "motcua printer test {{datetime .At}}", Align: "center", Size: 5},
	{Text: "{{datetime .At}}", Align: "center"},
	{Kind: "cut"},
}})

// TestPage opens the printer at uri, reports its status to out, prints the test page and
// reports the status again: `motcua printer test`. Pages of the virtual printer go to
// opts[0].VirtualDir (none: kept in memory only). The error says what went wrong in words an installer can act on.
func TestPage(ctx context.Context, uri string, out io.Writer, opts ...Options) error {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	p, err := Open(uri, o)
	if err != nil {
		return err
	}
	defer p.Close()
	// The page says when it was printed in Vietnam time (o.Zone), whatever the machine's zone.
	zone := o.Zone
	if zone == nil {
		zone = Vietnam
	}
	if err := p.PrintTestPage(ctx, out, p.clock().In(zone)); err != nil {
		return err
	}
	if o.VirtualDir != "" && p.virt != nil {
		fmt.Fprintf(out, "Trang in ảo đã lưu trong %s\n", o.VirtualDir)
	}
	return nil
}

// PrintTestPage reports the printer's status to out, prints the test page stamped at,
// and reports the status again; the error says what went wrong in words an installer can
// act on. The first-run setup calls it on the kiosk's own printer when that is the one
// chosen, since a serial port opens only once.
func (p *Printer) PrintTestPage(ctx context.Context, out io.Writer, at time.Time) error {
	report := func(when string) Status {
		s, err := p.Status(ctx)
		switch {
		case err != nil:
			fmt.Fprintf(out, "%s: %s (%v)\n", when, s.Problem(), err)
		case s.Problem() != "":
			fmt.Fprintf(out, "%s: %s\n", when, s.Problem())
		default:
			msg := "Máy in sẵn sàng."
			if s.PaperNearEnd {
				msg = "Máy in sẵn sàng; giấy sắp hết."
			}
			fmt.Fprintf(out, "%s: %s\n", when, msg)
		}
		return s
	}
	uri, dots := p.CurrentURI(), p.Dots()
	fmt.Fprintf(out, "Máy in: %s (khổ %d điểm)\n", uri, dots)
	before := report("Trước khi in")
	data, err := TestPageLayout.Render(TestPageData{URI: uri, Dots: dots, At: at}, dots)
	if err != nil {
		return err
	}
	if _, err := p.Print(ctx, data); err != nil {
		return fmt.Errorf("in trang thử / print test page: %w", err)
	}
	fmt.Fprintf(out, "Đã gửi %d byte (%.2f s ở 115200 baud).\n", len(data), SerialSeconds(len(data), 115200))
	after := report("Sau khi in")
	if !before.Ready() || !after.Ready() {
		return fmt.Errorf("printer not ready: %s", after.Problem())
	}
	return nil
}

// SerialSeconds is how long n bytes take on a serial line at baud with 8N1 framing (10 bits a
// byte).
func SerialSeconds(n, baud int) float64 { return float64(n) * 10 / float64(baud) }
