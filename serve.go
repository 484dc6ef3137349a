package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/motcua/motcua/kiosk"
)

// startApp settles the configuration, opens the store, starts the LAN server and workers,
// and prints the pages' addresses: what both the window and `serve` do first.
func startApp(c *cli, o kiosk.Overrides) (*App, error) {
	cfg, src, err := kiosk.LoadConfig(c.getenv, o)
	if err != nil {
		return nil, err
	}
	mismatch, err := applyEnrolment(&cfg, src)
	if err != nil {
		return nil, err
	}
	app, err := newApp(c.ctx, cfg)
	if err != nil {
		return nil, err
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
	return app, nil
}

const serveUsage = `motcua serve [--addr HOST:PORT] [--data DIR]
  chạy mọi dịch vụ, không mở cửa sổ, đến khi nhận SIGINT/SIGTERM; in địa chỉ các trang
  run every service without a window until SIGINT/SIGTERM; prints the pages' addresses
`

// serve runs every service without a window until SIGINT or SIGTERM (or c.ctx ends).
func (c *cli) serve(args []string) int {
	cmd := c.command("serve", serveUsage)
	cmd.addrFlag()
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
	<-ctx.Done()
	app.Logger.Info("stopping", "reason", "signal")
	return 0
}

// printAddresses tells the installer where the pages are. The first line is stable
// ("listening on http://HOST:PORT/"): scripts wait for it.
func printAddresses(w io.Writer, addr string) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	base := "http://" + net.JoinHostPort(host, port) + "/"
	fmt.Fprintf(w, "listening on %s\n", base)
	fmt.Fprintf(w, "  Kiosk (màn hình cảm ứng):  %s#/kiosk\n", base)
	fmt.Fprintf(w, "  Quầy (cán bộ):             %s#/counter\n", base)
	fmt.Fprintf(w, "  Màn hình phòng chờ:        %s#/display\n", base)
	fmt.Fprintf(w, "  Đánh giá:                  %s#/rate\n", base)
	fmt.Fprintf(w, "  Quản trị:                  %s#/admin\n", base)
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
