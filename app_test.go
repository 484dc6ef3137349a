package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func testConfig(t *testing.T) kiosk.Config {
	cfg := kiosk.DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Listen = "127.0.0.1:0"
	return cfg
}

func TestAppServesTheLANAndStops(t *testing.T) {
	app, err := newApp(context.Background(), testConfig(t), kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + app.Addr() + "/api/v1/info")
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		Commune kiosk.Commune `json:"commune"`
	}
	err = json.NewDecoder(res.Body).Decode(&info)
	res.Body.Close()
	if err != nil || info.Commune.Name != kiosk.DefaultConfig().Commune.Name {
		t.Fatalf("info %+v, %v", info, err)
	}
	res, err = http.Get("http://" + app.Addr() + "/api/v1/admin/health")
	if err != nil {
		t.Fatal(err)
	}
	var h kiosk.Health
	err = json.NewDecoder(res.Body).Decode(&h)
	res.Body.Close()
	if err != nil || h.Epoch != app.DB.Epoch() || h.DiskFreeBytes == 0 || h.DBBytes == 0 {
		t.Fatalf("health %+v, %v", h, err)
	}
	app.Close()
	if _, err := http.Get("http://" + app.Addr() + "/api/v1/info"); err == nil {
		t.Fatal("server still answers after Close")
	}
	if _, err := os.Stat(filepath.Join(app.Config.DataDir, "logs", "motcua.log")); err != nil {
		t.Fatalf("no log file in the data directory: %v", err)
	}
}

func TestBusyPortIsAnErrorAtStart(t *testing.T) {
	a, err := newApp(context.Background(), testConfig(t), kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Listen = a.Addr()
	b, err := newApp(context.Background(), cfg, kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Start(); err == nil {
		t.Fatal("a second server started on a busy port")
	}
}

func TestDataDirThatIsAFileIsRefused(t *testing.T) {
	cfg := testConfig(t)
	file := filepath.Join(cfg.DataDir, "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = file
	if _, err := newApp(context.Background(), cfg, kiosk.SystemClock); err == nil {
		t.Fatal("a data directory that is a file was accepted")
	}
}

// Loopback trust follows the setting, and by default only a server that listens on
// loopback alone trusts it (a LAN-facing kiosk behind a local proxy must not).
func TestTrustLoopbackSetting(t *testing.T) {
	yes, no := true, false
	for _, c := range []struct {
		listen string
		set    *bool
		want   bool
	}{
		{":8080", nil, false},
		{"0.0.0.0:8080", nil, false},
		{"127.0.0.1:8080", nil, true},
		{"127.0.0.1:8080", &no, false},
		{":8080", &yes, true},
	} {
		cfg := kiosk.DefaultConfig()
		cfg.Listen, cfg.TrustLoopback = c.listen, c.set
		if got := trustLoopback(cfg); got != c.want {
			t.Errorf("listen %s, set %v: trust %v, want %v", c.listen, c.set, got, c.want)
		}
	}
}
