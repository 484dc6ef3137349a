package client_test

import (
	"context"
	"net/http"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

// BenchmarkDrain50k: a 30-day offline backlog (50,000 events) drained to a hub on
// loopback, through the proxy, with no faults and with 10% of requests failing.
func BenchmarkDrain50k(b *testing.B) {
	for _, rate := range []float64{0, 0.10} {
		name := "clean"
		if rate > 0 {
			name = "10pct_failures"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				h := startHub(b)
				p := startProxy(b, h)
				var wireBytes atomic.Int64
				pick := randomFaults(uint64(i+1), rate, drop, lostAnswer, reset, status500, status503, status429)
				p.setPick(func(r *http.Request) fault {
					if strings.HasPrefix(r.URL.Path, wire.PathEvents) {
						wireBytes.Add(r.ContentLength)
					}
					return pick(r)
				})
				k := newKiosk(b, h, p.URL, nil)
				k.emit(b, 50_000)
				b.StartTimer()
				start := time.Now()
				k.drain(b, 10_000)
				elapsed := time.Since(start)
				b.StopTimer()
				assertSame(b, h, k)
				b.ReportMetric(elapsed.Seconds(), "s/drain")
				b.ReportMetric(float64(wireBytes.Load())/50_000, "wire-bytes/event")
			}
		})
	}
}

// BenchmarkHubIngest200Kiosks: 200 kiosks push at once straight to one hub; events/s is
// what the hub stores.
func BenchmarkHubIngest200Kiosks(b *testing.B) {
	const kiosks, perKiosk = 200, 500
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h := startHub(b)
		ks := make([]*kioskRig, kiosks)
		for j := range ks {
			ks[j] = newKiosk(b, h, h.url(), nil)
			ks[j].emit(b, perKiosk)
			ks[j].w.BatchEvents = 100
		}
		b.StartTimer()
		start := time.Now()
		var wg stdsync.WaitGroup
		for _, k := range ks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for try := 0; try < 200; try++ {
					if k.w.Push(context.Background()) == nil {
						return
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		n, err := h.Store().Events(context.Background(), hubAll())
		if err != nil || len(n) != kiosks*perKiosk {
			b.Fatalf("hub holds %d events, want %d (%v)", len(n), kiosks*perKiosk, err)
		}
		b.ReportMetric(float64(kiosks*perKiosk)/elapsed.Seconds(), "events/s")
	}
}

func hubAll() hub.EventQuery { return hub.EventQuery{Limit: 1 << 30} }
