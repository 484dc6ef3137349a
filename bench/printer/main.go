// Command printer times tickets on a real printer: status, print, status, for n tickets,
// and reports bytes and wall time per ticket next to what the serial line alone would take.
//
//	go run ./bench/printer -printer 'serial:///dev/ttyUSB0?baud=115200' -n 5
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua/hardware"
)

func main() {
	uri := flag.String("printer", "virtual:", "printer URI")
	n := flag.Int("n", 3, "tickets to print")
	dir := flag.String("virtual-dir", "", "where the virtual printer writes pages")
	flag.Parse()
	if err := run(*uri, *n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(uri string, n int, dir string) error {
	if err := hardware.Preload(hardware.TicketLayout); err != nil {
		return err
	}
	p, err := hardware.Open(uri, hardware.Options{VirtualDir: dir})
	if err != nil {
		return err
	}
	defer p.Close()
	ctx := context.Background()
	baud := p.Target.Baud
	for i := 1; i <= n; i++ {
		t := hardware.Ticket{Commune: "UBND xã Hòa An", Service: "Chứng thực, hộ tịch", Number: fmt.Sprintf("B%03d", i),
			Priority: "Người cao tuổi", IssuedAt: time.Now(), Ahead: i, Wait: time.Duration(i*3) * time.Minute,
			LookupURL: fmt.Sprintf("https://hoaan.example.vn/t/B%03d", i), Footer: "Xin vui lòng chờ gọi số. Cảm ơn quý khách!"}
		t0 := time.Now()
		job, err := hardware.EncodeTicket(nil, t, p.Dots())
		if err != nil {
			return err
		}
		enc := time.Since(t0)
		st, err := p.Status(ctx)
		if err != nil || !st.Ready() {
			return fmt.Errorf("before ticket %d: %s %v", i, st.Problem(), err)
		}
		if _, err := p.Print(ctx, job); err != nil {
			return err
		}
		st, err = p.Status(ctx) // answered once the printer has taken the bytes
		total := time.Since(t0)
		line := ""
		if baud > 0 {
			line = fmt.Sprintf(", line alone %.3f s at %d 8N1", hardware.SerialSeconds(len(job), baud), baud)
		}
		fmt.Printf("ticket %d: %d bytes, encode %v, status+print+status %v%s; after: %q %v\n",
			i, len(job), enc.Round(time.Microsecond), total.Round(time.Millisecond), line, st.Problem(), err)
	}
	return nil
}
