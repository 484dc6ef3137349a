package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/web"
	"github.com/motcua/motcua/sync/client/update"
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
func runWindow(c *cli, o kiosk.Overrides) int {
	app, err := startApp(c, o)
	if err != nil {
		return c.fail(err)
	}
	defer app.Close()
	cfg := app.Config
	win := &kioskWindow{}
	asking, stopAsking := context.WithCancel(context.Background())
	defer stopAsking()
	app.server.Window = win
	var restarting atomic.Bool

	opts := &options.App{
		Title:     WindowTitle,
		Width:     1080,
		Height:    1920,
		MinWidth:  600,
		MinHeight: 800,
		AssetServer: &assetserver.Options{
			Assets:  dist(),
			Handler: app.windowAlive(web.FromWindow(app.Handler)),
		},
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		OnStartup: func(wctx context.Context) {
			win.set(wctx)
			// SIGTERM (systemd stop, the smoke test) quits the window cleanly.
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			go func() {
				select {
				case <-sig:
					app.Logger.Info("stopping", "reason", "signal")
				case <-app.restart:
					app.Logger.Info("stopping", "reason", "restart after an update or its roll-back")
					restarting.Store(true)
				}
				runtime.Quit(wctx)
			}()
		},
		// Ready for systemd once the page has loaded; from then on the page must answer.
		OnDomReady: func(wctx context.Context) {
			win.watch.Do(func() { app.watchWindow(asking, wctx) })
		},
		Linux: &linux.Options{
			ProgramName: "motcua",
			// No hardware acceleration: Wails' own default (it is only applied when Linux is
			// nil, and the zero value here means "always"). With it, WebKit composites through
			// GL, which without a GPU driver is Mesa's llvmpipe: the web process used 299 MB
			// RSS instead of 182 (smoke test, 1080×1920), for pages with nothing to animate.
			// It also avoids the blank windows of wailsapp/wails#2977 on some GPUs.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	}
	if cfg.KioskMode {
		// Locked for the public: no frame to drag or close, fullscreen (options.App.Fullscreen
		// is ignored on Linux; WindowStartState is not), no context menu.
		opts.Frameless = true
		opts.WindowStartState = options.Fullscreen
		opts.DisableResize = true
		opts.EnableDefaultContextMenu = false
	}
	if err := leanWebProcess(os.LookupEnv, os.Setenv); err != nil {
		return c.fail(err)
	}
	if err := wails.Run(opts); err != nil {
		// Includes the stub error of a build without the desktop,production tags: exit
		// non-zero so a wrong build never passes for a working one.
		fmt.Fprintln(os.Stderr, "motcua:", err)
		return 1
	}
	if restarting.Load() {
		return update.ExitRestart
	}
	return 0
}

// kioskWindow lets an admin leave the locked window through the LAN API.
type kioskWindow struct {
	mu    sync.Mutex
	ctx   context.Context
	watch sync.Once // the watchdog's questions start at the first page load only
}

func (w *kioskWindow) set(ctx context.Context) {
	w.mu.Lock()
	w.ctx = ctx
	w.mu.Unlock()
}

func (w *kioskWindow) get() (context.Context, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx == nil {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, "Cửa sổ kiosk chưa sẵn sàng", "the window is not up yet")
	}
	return w.ctx, nil
}

// LeaveKioskMode shows the window normally, with its frame, so the desktop can be reached.
func (w *kioskWindow) LeaveKioskMode() error {
	ctx, err := w.get()
	if err != nil {
		return err
	}
	runtime.WindowUnfullscreen(ctx)
	runtime.WindowSetSize(ctx, 1080, 1600)
	return nil
}

// Quit closes the application.
func (w *kioskWindow) Quit() {
	if ctx, err := w.get(); err == nil {
		runtime.Quit(ctx)
	}
}
