package hub

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// The fleet view of a national roll-out: 3,300 kiosks (BENCH_KIOSKS) over 11 clusters,
// each with a heartbeat and every 20th with an open alert; one page of the fleet view
// (what a browser and each live refresh asks for) as province IT, grouped by cluster.
// ns/op is one page, rendered.
func BenchmarkFleetPage3300KiosksSQLite(b *testing.B) {
	st, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchFleetPage(b, st)
}

func BenchmarkFleetPage3300KiosksPostgres(b *testing.B) {
	pgtest.Server(b)
	st, err := OpenPostgres(context.Background(), pgtest.DB(b), WithPersonalKey(filepath.Join(b.TempDir(), PersonalKeyFile)))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchFleetPage(b, st)
}

func benchFleetPage(b *testing.B, st Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	n := envInt("BENCH_KIOSKS", 3300)
	var want []Alert
	for i := 0; i < n; i++ {
		tok, err := st.CreateToken(ctx, Token{Commune: fmt.Sprintf("Xã %04d", i/3), Cluster: fmt.Sprintf("Cụm %02d", i%11)}, now)
		if err != nil {
			b.Fatal(err)
		}
		pub, _, _ := ed25519.GenerateKey(nil)
		k, err := st.Enrol(ctx, tok, pub, "e", "h", now)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Heartbeat(ctx, k.ID, wire.Heartbeat{Version: "1.4.0", Clock: now, Backlog: int64(i % 40),
			Printer: wire.Printer{Online: true, PaperOut: i%20 == 0}}, now.Add(-time.Duration(i%30)*time.Minute)); err != nil {
			b.Fatal(err)
		}
		if i%20 == 0 {
			want = append(want, Alert{Kiosk: k.ID, Kind: AlertPaperOut})
		}
	}
	if _, _, err := st.SyncAlerts(ctx, want, now); err != nil {
		b.Fatal(err)
	}
	srv := &Server{Store: st, AdminToken: testAdminToken, Clock: func() time.Time { return now }}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	get := func() {
		req, _ := http.NewRequest("GET", ts.URL+"/fleet?group=1&page=7", nil)
		req.Header.Set("Authorization", "Bearer "+testAdminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) < 10000 {
			b.Fatalf("%d, %d bytes", resp.StatusCode, len(body))
		}
	}
	get()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		get()
	}
}
