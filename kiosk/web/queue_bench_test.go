package web

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkCallToDisplay measures the time from a counter's call-next request to the
// ticket.called frame arriving at a display's SSE stream, over real HTTP. Target ≤ 100 ms.
func BenchmarkCallToDisplay(b *testing.B) {
	ts, _ := lanServerB(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	events := readSSE(res.Body)
	<-events // hello
	clerk := loggedInClerk(b, ts.URL)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if res, err := http.Post(ts.URL+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"hotich"}`)); err != nil {
			b.Fatal(err)
		} else {
			res.Body.Close()
		}
		drain(events)
		b.StartTimer()
		start := time.Now()
		res, err := clerk.Post(ts.URL+"/api/v1/counters/1/call-next", "application/json", nil)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("call: %v %v", err, res.Status)
		}
		res.Body.Close()
		for e := range events {
			if e.kind == "ticket.called" {
				break
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func drain(events <-chan sseEvent) {
	for {
		select {
		case <-events:
		case <-time.After(20 * time.Millisecond):
			return
		}
	}
}
