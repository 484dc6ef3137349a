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

func TestUnknownCommandExitsNonZero(t *testing.T) {
	if code := run([]string{"frobnicate"}); code != 2 {
		t.Fatalf("exit %d", code)
	}
}
