package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client/update"
)

// Program updates on the kiosk (docs/updates.md): the packaged service runs
// DATA/update/current, a link that `motcua update prepare` (ExecStartPre) keeps and the
// update bundle switches; the running version reports healthy or is put back.

// installer is the kiosk's update installer over cfg's data directory. packaged is the
// binary the service runs with no update installed.
func installer(cfg kiosk.Config, clock kiosk.Clock, packaged string) *update.Installer {
	return &update.Installer{
		Dir:      filepath.Join(cfg.DataDir, "update"),
		Packaged: packaged,
		Running:  version,
		Clock:    clock,
		Deadline: time.Duration(cfg.UpdateHealthySeconds) * time.Second,
	}
}

// updatable tells whether this kiosk takes program updates: on Linux, run through the
// switchable link (the packaged units do; `make run` does not, and installing there would
// switch a link nothing runs). Windows is updated by a new installer for now.
func updatable(inst *update.Installer) bool {
	if runtime.GOOS != "linux" {
		return false
	}
	_, err := inst.Current()
	return err == nil
}

// updateHealth is the last update's outcome as the admin page reads it (nil for none).
func updateHealth(o *wire.UpdateOutcome) *kiosk.UpdateHealth {
	if o == nil {
		return nil
	}
	at, _ := time.Parse(time.RFC3339, o.At)
	return &kiosk.UpdateHealth{Version: o.Version, From: o.From, State: o.State, Reason: o.Reason, ReasonVI: o.ReasonVI, At: at}
}

// requestRestart asks the kiosk to exit with update.ExitRestart (the window or serve
// returns it); the service starts the binary now current.
func (a *App) requestRestart() {
	select {
	case a.restart <- struct{}{}:
	default:
	}
}

// healthyEvery paces the checks of a version on trial.
const healthyEvery = 5 * time.Second

// watchUpdate, while the running version is on trial, reports it healthy once the kiosk
// is whole: the window's page loaded or `serve` ready (the watchdog's READY), every part
// the watchdog watches alive, the LAN server answering its health API on loopback (the
// database read), and the sync worker having turned once. Past the deadline without that,
// it puts the previous binary back and restarts into it.
func (a *App) watchUpdate(ctx context.Context) {
	inst := a.updates
	if inst == nil || !inst.Trying() {
		return
	}
	a.Logger.Info("this version is on trial: it must report healthy in time or the previous one comes back", "version", version)
	t := time.NewTicker(healthyEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if why := a.unhealthy(ctx); why == "" {
			if err := inst.Healthy(); err != nil {
				a.Logger.Error("update: could not record the healthy report", "err", err)
				continue
			}
			a.Logger.Info("update installed: this version reported healthy", "version", version)
			return
		} else if rolled, err := inst.Overdue(); err != nil {
			a.Logger.Error("update: roll-back failed", "err", err)
		} else if rolled {
			a.Logger.Error("update rolled back: this version did not report healthy in time; restarting into the previous one", "version", version, "last_check", why)
			a.requestRestart()
			return
		}
	}
}

// unhealthy says what keeps the kiosk from counting as healthy ("" when nothing does).
func (a *App) unhealthy(ctx context.Context) string {
	if !a.watchdog.isReady() {
		return "not ready (window page or services)"
	}
	if stale := a.watchdog.silent(); len(stale) > 0 {
		return "silent parts"
	}
	if turned := a.syncTurned; turned != nil && !turned() {
		return "sync worker has not run"
	}
	if _, err := a.health(ctx); err != nil {
		return "database: " + err.Error()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+loopback(a.Addr())+"/api/v1/health", nil)
	if err != nil {
		return err.Error()
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "LAN server: " + err.Error()
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "LAN server health: " + resp.Status
	}
	return ""
}

// executable is the path this binary was started by, unresolved: the packaged one for
// `motcua update prepare` run from the unit.
func executable() string {
	if p, err := os.Executable(); err == nil {
		return p
	}
	return "/usr/bin/motcua"
}
