//go:build linux

package portal_test

import (
	"syscall"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog/portal"
)

// BenchmarkReadHugeString feeds a 200 MB record of one JSON string, made on the fly, and
// reports the process's peak resident memory (the first converter, reading the file whole,
// took 7.6 GB and 34 s for it). Run it alone, so nothing else raises the peak:
//
//	go test ./kiosk/catalog/portal -run '^$' -bench HugeString -benchmem
func BenchmarkReadHugeString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := portal.Read(newHugeRecord(200 << 20)); err == nil {
			b.Fatal("a 200 MB record converted")
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // Maxrss is in KB on Linux
}

// BenchmarkConvertRealRecords is the converter's speed on the 402 real records.
func BenchmarkConvertRealRecords(b *testing.B) {
	recs := records(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range recs {
			_, _ = portal.Convert(data)
		}
	}
}
