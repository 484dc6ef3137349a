package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// loadConfig reads the configuration and applies command-line overrides.
func loadConfig(addr, dataDir string) (kiosk.Config, error) {
	cfg, err := kiosk.LoadConfig(os.Getenv)
	if err != nil {
		return cfg, err
	}
	if dataDir != "" {
		cfg.DataDir = dataDir
	}
	if addr != "" {
		cfg.Listen = addr
	}
	return cfg, cfg.Validate()
}

// startApp loads the configuration, opens the store, starts the LAN server and workers,
// and prints the pages' addresses: what both the window and `serve` do first.
func startApp(ctx context.Context, addr, dataDir string) (*App, error) {
	cfg, err := loadConfig(addr, dataDir)
	if err != nil {
		return nil, err
	}
	clock, set, err := clockFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	app, err := newApp(ctx, cfg, clock)
	if err != nil {
		return nil, err
	}
	if !set.IsZero() {
		app.Logger.Warn("MOTCUA_CLOCK IS SET: this kiosk runs on a made-up time, for tests only; unset it on a real kiosk",
			"clock_started_at", set.Format(time.RFC3339), "wall_clock", time.Now().Format(time.RFC3339))
	}
	if err := app.Start(); err != nil {
		app.Close()
		return nil, err
	}
	printAddresses(app.Addr())
	return app, nil
}

// clockFromEnv returns the product's one clock: the wall clock, or under MOTCUA_CLOCK (an
// RFC 3339 instant, e.g. 2026-12-02T09:00:00+07:00) a clock that reads that instant at
// start and runs on from there, so a browser test can choose the day and the hour (opening
// hours, the day's numbering). The instant set is returned too; zero when unset.
func clockFromEnv(getenv func(string) string) (kiosk.Clock, time.Time, error) {
	v := getenv("MOTCUA_CLOCK")
	if v == "" {
		return kiosk.SystemClock, time.Time{}, nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, time.Time{}, kiosk.Invalid("MOTCUA_CLOCK",
			"MOTCUA_CLOCK phải là một thời điểm dạng RFC 3339, ví dụ 2026-12-02T09:00:00+07:00",
			"MOTCUA_CLOCK must be an RFC 3339 instant, e.g. 2026-12-02T09:00:00+07:00")
	}
	return kiosk.ClockFrom(at, kiosk.SystemClock), at, nil
}

// runServe runs every service without a window until SIGINT or SIGTERM.
func runServe(args []string) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fl.String("addr", "", "LAN address, e.g. :8080 or 127.0.0.1:0 (overrides config)")
	dataDir := fl.String("data", "", "data directory (overrides config)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app, err := startApp(ctx, *addr, *dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	defer app.Close()
	<-ctx.Done()
	app.Logger.Info("stopping", "reason", "signal")
	return 0
}

// printAddresses tells the installer where the pages are. The first line is stable
// ("listening on http://HOST:PORT/"): scripts wait for it.
func printAddresses(addr string) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	base := "http://" + net.JoinHostPort(host, port) + "/"
	fmt.Printf("listening on %s\n", base)
	fmt.Printf("  Kiosk (màn hình cảm ứng):  %s#/kiosk\n", base)
	fmt.Printf("  Quầy (cán bộ):             %s#/counter\n", base)
	fmt.Printf("  Màn hình phòng chờ:        %s#/display\n", base)
	fmt.Printf("  Đánh giá:                  %s#/rate\n", base)
	fmt.Printf("  Quản trị:                  %s#/admin\n", base)
}

// describe gives the person at the terminal the Vietnamese message of a kiosk error, with
// the English and the cause after it.
func describe(err error) string {
	if kiosk.ErrorCode(err) == kiosk.EINTERNAL {
		return err.Error()
	}
	e := kiosk.ErrorOf(err)
	return e.Message + "\n  " + err.Error()
}
