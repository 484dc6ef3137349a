package main

import (
	"context"
	"net/http"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// alivePath is where the window's page answers the liveness question. Only the window's
// own asset server routes to it (windowAlive wraps that handler), never the LAN server.
const alivePath = "/_motcua/alive"

// The window asks its page to answer every windowAskEvery; a page silent for windowSilence
// counts as hung. The question goes Go → GTK main loop → WebKit → the page's JavaScript →
// fetch → back to Go, so a stuck main loop, a dead web process or a wedged page each stop
// the answers.
const (
	windowAskEvery = 10 * time.Second
	windowSilence  = time.Minute
)

// windowAlive answers the page's liveness POST with the window's beat and passes
// everything else on.
func (a *App) windowAlive(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == alivePath && r.Method == http.MethodPost {
			a.watchdog.beat("window")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// watchWindow signs the window up with the watchdog once its page has loaded (OnDomReady,
// once), says the kiosk is ready, and asks the page (wctx, Wails' context) to answer until
// ctx ends.
func (a *App) watchWindow(ctx, wctx context.Context) {
	a.watchdog.part("window", windowSilence)
	a.watchdog.ready()
	go func() {
		t := time.NewTicker(windowAskEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				runtime.WindowExecJS(wctx, `fetch("`+alivePath+`", {method: "POST"}).catch(() => {})`)
			}
		}
	}()
}
