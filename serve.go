package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/sync/client/update"
)

// startApp settles the configuration, opens the store, starts the LAN server and workers,
// and prints the pages' addresses: what both the window and `serve` do first.
func startApp(c *cli, o kiosk.Overrides) (*App, error) {
	cfg, src, mismatch, err := c.loadConfig(o)
	if err != nil {
		return nil, err
	}
	clock, set, err := clockFromEnv(c.getenv)
	if err != nil {
		return nil, err
	}
	app, err := newApp(c.ctx, cfg, clock)
	if err != nil {
		return nil, err
	}
	app.setup.sources = src
	if !set.IsZero() {
		app.Logger.Warn("MOTCUA_CLOCK IS SET: this kiosk runs on a made-up time, for tests only; unset it on a real kiosk",
			"clock_started_at", set.Format(time.RFC3339), "wall_clock", time.Now().Format(time.RFC3339))
	}
	if mismatch != nil {
		app.Logger.Warn("the configured hub is not the one this kiosk enrolled with; sync uses the enrolled hub",
			"configured", mismatch.configured, "from", mismatch.from.String(), "enrolled", mismatch.enrolled)
	}
	if err := app.Start(); err != nil {
		app.Close()
		return nil, err
	}
	printAddresses(c.stdout, app.Addr())
	app.printMode(c.stdout)
	// Starting leaves tens of megabytes of garbage that a running kiosk never needs again
	// (the demo staff's PIN hashes are 19 MiB of argon2 memory each, migrations, the demo
	// catalog's import). Hand it back to the OS now: the runtime would otherwise keep it
	// for minutes, until the next collection and its slow background return.
	debug.FreeOSMemory()
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

const serveUsage = `motcua serve [--addr HOST:PORT] [--data DIR] [--demo]
  chạy mọi dịch vụ, không mở cửa sổ, đến khi nhận SIGINT/SIGTERM; in địa chỉ các trang
  run every service without a window until SIGINT/SIGTERM; prints the pages' addresses
`

// serve runs every service without a window until SIGINT or SIGTERM (or c.ctx ends).
func (c *cli) serve(args []string) int {
	cmd := c.command("serve", serveUsage)
	cmd.addrFlag()
	cmd.demoFlag()
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	app, err := startApp(c, cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	defer app.Close()
	app.watchdog.ready()
	select {
	case <-ctx.Done():
		app.Logger.Info("stopping", "reason", "signal")
		return 0
	case <-app.restart:
		app.Logger.Info("stopping", "reason", "restart after an update or its roll-back")
		return update.ExitRestart
	}
}

// printAddresses tells the installer where the pages are. The first line is stable
// ("listening on http://HOST:PORT/"): scripts wait for it.
func printAddresses(w io.Writer, addr string) {
	base := "http://" + loopback(addr) + "/"
	fmt.Fprintf(w, "listening on %s\n", base)
	fmt.Fprintf(w, "  Kiosk (màn hình cảm ứng):  %s#/kiosk\n", base)
	fmt.Fprintf(w, "  Quầy (cán bộ):             %s#/counter\n", base)
	fmt.Fprintf(w, "  Màn hình phòng chờ:        %s#/display\n", base)
	fmt.Fprintf(w, "  Đánh giá:                  %s#/rate\n", base)
	fmt.Fprintf(w, "  Quản trị:                  %s#/admin\n", base)
}

// loopback is addr with a wildcard host made 127.0.0.1: where this machine reaches it.
func loopback(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
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
