package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// The hub at a national scale (issue 13): 1,000 simulated kiosks push a backlog at once
// to one hub, as their workers do (signed, gzipped batches, one kiosk's batches in turn,
// a 503 waited out), while IT opens the fleet list and a kiosk's history. Reported:
// events/s stored, a batch's p50 and p99, and the p99 of the fleet list and of a kiosk's
// history during the ingest and after it. PostgreSQL runs with its durable defaults
// (fsync, synchronous commit), on the same two cores as the hub and the kiosks.
//
// Knobs (environment): BENCH_KIOSKS (1000), BENCH_EVENTS per kiosk (500), BENCH_BATCH
// (100), BENCH_POOL PostgreSQL connections (8), MOTCUA_BENCH_PG a server to use instead
// of a throwaway cluster.
func BenchmarkHubIngest1000KiosksPostgres(b *testing.B) {
	server := os.Getenv("MOTCUA_BENCH_PG")
	if server == "" {
		c, err := pgtest.Start(pgtest.Options{Durable: true, Settings: []string{"shared_buffers=256MB", "max_wal_size=4GB"}})
		if err == pgtest.ErrNotInstalled {
			b.Skip(err)
		}
		if err != nil {
			b.Fatal(err)
		}
		defer c.Stop()
		server = c.URL
	}
	benchIngest(b, func() Store {
		st, err := OpenPostgres(context.Background(), pgtest.NewDB(b, server)+"&pool_max_conns="+strconv.Itoa(envInt("BENCH_POOL", 8)),
			WithPersonalKey(filepath.Join(b.TempDir(), PersonalKeyFile)))
		if err != nil {
			b.Fatal(err)
		}
		return st
	})
}

// The same load on the embedded SQLite store, for comparison.
func BenchmarkHubIngest1000KiosksSQLite(b *testing.B) {
	benchIngest(b, func() Store {
		st, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "hub.db"))
		if err != nil {
			b.Fatal(err)
		}
		return st
	})
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func benchIngest(b *testing.B, open func() Store) {
	kiosks, perKiosk, per := envInt("BENCH_KIOSKS", 1000), envInt("BENCH_EVENTS", 500), envInt("BENCH_BATCH", 100)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := open()
		_, key, _ := ed25519.GenerateKey(nil)
		// As `motcua-hub serve` runs: at most 64 requests served at once, the rest told to
		// come back (503, Retry-After 2 s), which a kiosk does with jitter.
		srv := &Server{Store: st, SigningKey: key, AdminToken: testAdminToken, MaxInFlight: envInt("BENCH_INFLIGHT", 64)}
		ts := httptest.NewServer(srv.Handler())
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: kiosks + 16, MaxConnsPerHost: kiosks + 16}, Timeout: 2 * time.Minute}
		signers := benchEnrol(b, st, client, ts.URL, kiosks)

		// Each kiosk's batches, made and gzipped before the clock starts (a kiosk's worker
		// does that work on its own machine).
		bodies := make([][][]byte, kiosks)
		for k, s := range signers {
			for from := 1; from <= perKiosk; from += per {
				bt := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: int64(from)}
				for seq := from; seq < from+per && seq <= perKiosk; seq++ {
					bt.Events = append(bt.Events, wire.Event{Seq: int64(seq), Kind: "ticket.issued", CreatedAt: time.Now(),
						Body: json.RawMessage(fmt.Sprintf(`{"ticket":"A%04d","service":"ho-tich","priority":false,"counter":%d,"issued_at":"2026-12-01T08:%02d:00+07:00"}`, seq, seq%4+1, seq%60))})
				}
				body, _ := wire.EncodeBatch(bt)
				bodies[k] = append(bodies[k], body)
			}
		}

		var lat []time.Duration
		var mu stdsync.Mutex
		var shed atomic.Int64
		done := make(chan struct{})
		readers := benchReaders(b, client, ts.URL, signers, done)
		var wg stdsync.WaitGroup
		b.StartTimer()
		start := time.Now()
		for k, s := range signers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, body := range bodies[k] {
					for {
						t := time.Now()
						code := benchSend(client, ts.URL, s, wire.PathEvents, body, true)
						if code == http.StatusServiceUnavailable {
							shed.Add(1)
							time.Sleep(time.Duration(rand.Int64N(int64(2 * time.Second))))
							continue
						}
						if code != 200 {
							b.Errorf("kiosk %s: batch answered %d", s.Kiosk, code)
							return
						}
						mu.Lock()
						lat = append(lat, time.Since(t))
						mu.Unlock()
						break
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		close(done)
		during := <-readers
		after := benchReads(b, client, ts.URL, signers, 200)

		evs, err := st.Events(context.Background(), EventQuery{Limit: 1 << 30})
		if err != nil || len(evs) != kiosks*perKiosk {
			b.Fatalf("the hub holds %d events, want %d (%v)", len(evs), kiosks*perKiosk, err)
		}
		b.ReportMetric(float64(kiosks*perKiosk)/elapsed.Seconds(), "events/s")
		b.ReportMetric(ms(pct(lat, 50)), "batch-p50-ms")
		b.ReportMetric(ms(pct(lat, 99)), "batch-p99-ms")
		b.ReportMetric(ms(pct(during.fleet, 99)), "fleet-p99-ms-loaded")
		b.ReportMetric(ms(pct(during.history, 99)), "history-p99-ms-loaded")
		b.ReportMetric(ms(pct(after.fleet, 50)), "fleet-p50-ms")
		b.ReportMetric(ms(pct(after.fleet, 99)), "fleet-p99-ms")
		b.ReportMetric(ms(pct(after.history, 99)), "history-p99-ms")
		b.ReportMetric(float64(shed.Load()), "shed")
		b.Logf("%d kiosks × %d events in batches of %d: %.1f s; fleet list read %d times, history %d times during the ingest",
			kiosks, perKiosk, per, elapsed.Seconds(), len(during.fleet), len(during.history))
		ts.Close()
		st.Close()
	}
}

// benchEnrol enrols n kiosks through the hub and sends each one heartbeat (so the fleet
// list carries what a real one does).
func benchEnrol(b *testing.B, st Store, client *http.Client, base string, n int) []wire.Signer {
	signers := make([]wire.Signer, n)
	var wg stdsync.WaitGroup
	sem := make(chan struct{}, 16)
	for i := range signers {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ctx := context.Background()
			secret, err := st.CreateToken(ctx, Token{Commune: fmt.Sprintf("Xã %04d", i), Cluster: fmt.Sprintf("cụm %d", i%30)}, time.Now())
			if err != nil {
				b.Error(err)
				return
			}
			pub, priv, _ := ed25519.GenerateKey(nil)
			k, err := st.Enrol(ctx, secret, pub, "epoch-1", "may-kiosk", time.Now())
			if err != nil {
				b.Error(err)
				return
			}
			signers[i] = wire.Signer{Kiosk: k.ID, Epoch: "epoch-1", Key: priv}
			hb, _ := json.Marshal(wire.Heartbeat{Version: "1.4.0", Clock: time.Now(), Backlog: 500, DiskFreeBytes: 40 << 30,
				Printer: wire.Printer{Online: true}, BundleVersions: map[string]int64{"catalog": 12, "config": 3}})
			if code := benchSend(client, base, signers[i], wire.PathHeartbeat, hb, false); code != 200 {
				b.Errorf("heartbeat: %d", code)
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	return signers
}

func benchSend(client *http.Client, base string, s wire.Signer, path string, body []byte, gz bool) int {
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	s.Sign(req, wire.BodyHash(body), time.Now())
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

type readTimes struct{ fleet, history []time.Duration }

// benchReaders reads the fleet list and a kiosk's history in turn every 250 ms (a few IT
// people at their pages, each refreshing every minute or so, would ask far less), until
// done.
func benchReaders(b *testing.B, client *http.Client, base string, signers []wire.Signer, done chan struct{}) chan readTimes {
	out := make(chan readTimes, 1)
	go func() {
		var rt readTimes
		for {
			select {
			case <-done:
				out <- rt
				return
			case <-time.After(250 * time.Millisecond):
			}
			r := benchReads(b, client, base, signers, 1)
			rt.fleet, rt.history = append(rt.fleet, r.fleet...), append(rt.history, r.history...)
		}
	}()
	return out
}

// benchReads times n fleet lists and n histories (a random kiosk's latest 100 events).
func benchReads(b *testing.B, client *http.Client, base string, signers []wire.Signer, n int) readTimes {
	var rt readTimes
	get := func(path string) time.Duration {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+testAdminToken)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return 0
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		return time.Since(t)
	}
	for range n {
		rt.fleet = append(rt.fleet, get("/admin/v1/kiosks"))
		k := signers[rand.IntN(len(signers))].Kiosk
		rt.history = append(rt.history, get("/admin/v1/events?kiosk="+k+"&limit=100"))
	}
	return rt
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
