package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WindowTitle is the kiosk window's title; the smoke test finds the window by it.
const WindowTitle = "Một Cửa Kiosk"

// runWindow opens the kiosk window with the LAN server and workers in the same process.
// The window's page reaches the same http.Handler in-process: every request that is not
// an embedded asset goes to it (DESIGN.md, Processes).
func runWindow() int {
	cfg, err := loadConfig("", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	ctx := context.Background()
	app, err := newApp(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	defer app.Close()
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	printAddresses(app.Addr())

	opts := &options.App{
		Title:     WindowTitle,
		Width:     1080,
		Height:    1920,
		MinWidth:  600,
		MinHeight: 800,
		AssetServer: &assetserver.Options{
			Assets:  dist(),
			Handler: app.Handler,
		},
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		OnStartup: func(wctx context.Context) {
			// SIGTERM (systemd stop, the smoke test) quits the window cleanly.
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			go func() {
				<-sig
				app.Logger.Info("stopping", "reason", "signal")
				runtime.Quit(wctx)
			}()
		},
		Linux: &linux.Options{ProgramName: "motcua"},
	}
	if cfg.KioskMode {
		// Locked for the public: no frame to drag or close, fullscreen (options.App.Fullscreen
		// is ignored on Linux; WindowStartState is not), no context menu.
		opts.Frameless = true
		opts.WindowStartState = options.Fullscreen
		opts.DisableResize = true
		opts.EnableDefaultContextMenu = false
	}
	if err := wails.Run(opts); err != nil {
		// Includes the stub error of a build without the desktop,production tags: exit
		// non-zero so a wrong build never passes for a working one.
		fmt.Fprintln(os.Stderr, "motcua:", err)
		return 1
	}
	return 0
}
