package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	rtmetrics "runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// The dossiers' export at a province's scale: BENCH_DOSSIERS (10,000) dossiers from 10
// kiosks, each received (procedure, fee, applicant), processed, finished and returned (4
// events), exported through the hub's HTTP handler as JSON, CSV and progress CSV. Reported:
// dossiers/s, the answer's size, and the highest live heap seen while it streamed
// (runtime/metrics, sampled every millisecond): when the export streams, the heap stays
// far below the answer and does not grow with the count.
func BenchmarkDossierExportSQLite(b *testing.B) {
	benchDossierExport(b, func() Store {
		st, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "hub.db"))
		if err != nil {
			b.Fatal(err)
		}
		return st
	})
}

func BenchmarkDossierExportPostgres(b *testing.B) {
	server := pgtest.Server(b)
	benchDossierExport(b, func() Store {
		st, err := OpenPostgres(context.Background(), pgtest.NewDB(b, server), WithPersonalKey(filepath.Join(b.TempDir(), PersonalKeyFile)))
		if err != nil {
			b.Fatal(err)
		}
		return st
	})
}

func benchDossierExport(b *testing.B, open func() Store) {
	ctx := context.Background()
	st := open()
	defer st.Close()
	n, kiosks := envInt("BENCH_DOSSIERS", 10000), 10
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	for k := range kiosks {
		secret, err := st.CreateToken(ctx, Token{Commune: fmt.Sprintf("xa-%02d", k)}, at)
		if err != nil {
			b.Fatal(err)
		}
		pub, _, _ := ed25519.GenerateKey(nil)
		kiosk, err := st.Enrol(ctx, secret, pub, "e", "may", at)
		if err != nil {
			b.Fatal(err)
		}
		batch := &wire.Batch{Kiosk: kiosk.ID, Epoch: "e", FromSeq: 1}
		flush := func() {
			if _, err := st.Ingest(ctx, batch, nil, at); err != nil {
				b.Fatal(err)
			}
			batch = &wire.Batch{Kiosk: kiosk.ID, Epoch: "e", FromSeq: batch.LastSeq() + 1}
		}
		for i := range n / kiosks {
			code := fmt.Sprintf("000.00.%02d.H56-260302-%04d", k, i)
			t := at.Add(time.Duration(i) * time.Minute)
			for j, body := range []string{
				fmt.Sprintf(`{"code":%q,"action":"receive","status":2,"staff_id":"canbo1","at":%q,"appointment":%q,"dossier":{"code":%[1]q,"procedure":{"code":"1.001193","name":"Đăng ký khai sinh","field":"Hộ tịch"},"fee":{"amount_vnd":8000,"status":"paid"},"documents":[{"name":"Tờ khai đăng ký khai sinh","original":1},{"name":"Giấy chứng sinh","original":1}]},"applicant":{"name":"Nguyễn Văn An","id_number":"001090012345","phone":"0912345678","email":"an@example.vn","address":"Thôn Đông, xã Tân Lập"}}`,
					code, ts(t), ts(t.Add(72*time.Hour))),
				fmt.Sprintf(`{"code":%q,"action":"process","status":4,"staff_id":"canbo1","at":%q,"appointment":%q}`, code, ts(t.Add(time.Hour)), ts(t.Add(72*time.Hour))),
				fmt.Sprintf(`{"code":%q,"action":"done","status":9,"staff_id":"canbo2","at":%q,"appointment":%q}`, code, ts(t.Add(48*time.Hour)), ts(t.Add(72*time.Hour))),
				fmt.Sprintf(`{"code":%q,"action":"return","status":10,"staff_id":"canbo1","at":%q,"appointment":%q}`, code, ts(t.Add(50*time.Hour)), ts(t.Add(72*time.Hour))),
			} {
				kind := DossierChangedKind
				if j == 0 {
					kind = DossierReceivedKind
				}
				batch.Events = append(batch.Events, wire.Event{Seq: batch.FromSeq + int64(len(batch.Events)), Kind: kind, Body: json.RawMessage(body), CreatedAt: t})
			}
			if len(batch.Events) >= 400 {
				flush()
			}
		}
		if len(batch.Events) > 0 {
			flush()
		}
	}
	srv := httptest.NewServer((&Server{Store: st, AdminToken: testAdminToken}).Handler())
	defer srv.Close()
	for _, kind := range []string{exportJSON, exportCSV, exportProgressCSV} {
		b.Run(kind, func(b *testing.B) {
			var size int64
			runtime.GC()
			peak, stop := heapPeak()
			b.ResetTimer()
			for range b.N {
				req, _ := http.NewRequest("GET", srv.URL+"/admin/v1/dossiers/"+kind, nil)
				req.Header.Set("Authorization", "Bearer "+testAdminToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				size, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("%d %v", resp.StatusCode, err)
				}
			}
			b.StopTimer()
			stop()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "dossiers/s")
			b.ReportMetric(float64(size)/1e6, "answer-MB")
			b.ReportMetric(float64(peak.Load())/1e6, "peak-heap-MB")
		})
	}
}

func ts(t time.Time) string { return t.Format(time.RFC3339) }

// heapPeak samples the live heap every millisecond until stop, keeping the highest.
func heapPeak() (*atomic.Int64, func()) {
	var peak atomic.Int64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		s := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			rtmetrics.Read(s)
			if v := int64(s[0].Value.Uint64()); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return &peak, func() { close(done); <-finished }
}
