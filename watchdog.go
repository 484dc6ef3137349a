package main

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// watchdog tells systemd that the kiosk is up (READY=1) and, while every part that signed
// up has shown life within its allowance, that it is alive (WATCHDOG=1). A part that stops
// (a window whose page no longer answers, a print or sync worker stuck on a call) stops the
// pings, and systemd restarts the kiosk after the unit's WatchdogSec. Outside systemd
// (NOTIFY_SOCKET unset) every message is a no-op.
type watchdog struct {
	// notify sends one state to the service manager (daemon.SdNotify).
	notify func(state string) error
	// now measures silences. Monotonic time (time.Now), not the kiosk's clock: a clock set
	// for tests (MOTCUA_CLOCK) or stepped by NTP must not look like a hang.
	now    func() time.Time
	logger *slog.Logger

	mu        sync.Mutex
	readySaid bool
	parts     map[string]*livePart
	stale     []string // the parts that stopped the last ping, logged once per change
}

// livePart is one part's last sign of life and how long it may stay silent.
type livePart struct {
	last   time.Time
	within time.Duration
}

func newWatchdog(logger *slog.Logger) *watchdog {
	return &watchdog{
		notify: func(state string) error { _, err := daemon.SdNotify(false, state); return err },
		now:    time.Now,
		logger: logger,
		parts:  map[string]*livePart{},
	}
}

// part signs up a part that must show life at least every within, and returns the beat it
// calls from its own loop. Signing up counts as a beat. Safe from any goroutine.
func (w *watchdog) part(name string, within time.Duration) (beat func()) {
	w.mu.Lock()
	w.parts[name] = &livePart{last: w.now(), within: within}
	w.mu.Unlock()
	return func() { w.beat(name) }
}

// beat records life of the part signed up as name; nothing if there is none (yet).
func (w *watchdog) beat(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p, ok := w.parts[name]; ok {
		p.last = w.now()
	}
}

// silent returns the parts that have been quiet for longer than they may be, by name.
func (w *watchdog) silent() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	var out []string
	for name, p := range w.parts {
		if now.Sub(p.last) > p.within {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// ready says the kiosk is up: the LAN server listens and the workers run (and, with a
// window, its page has loaded).
func (w *watchdog) ready() {
	w.mu.Lock()
	w.readySaid = true
	w.mu.Unlock()
	w.send(daemon.SdNotifyReady)
}

// isReady tells whether ready was said: an update on trial counts it (update.go).
func (w *watchdog) isReady() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.readySaid
}

// stopping says a shutdown was asked for, so systemd does not take it for a hang.
func (w *watchdog) stopping() { w.send(daemon.SdNotifyStopping) }

// tick pings the watchdog if every part is alive and reports whether it did. A silent part
// is logged when the set of silent parts changes, not at every tick.
func (w *watchdog) tick() bool {
	stale := w.silent()
	w.mu.Lock()
	changed := !slices.Equal(stale, w.stale)
	w.stale = stale
	w.mu.Unlock()
	if len(stale) > 0 {
		if changed {
			w.logger.Error("watchdog: parts stopped answering; systemd will restart the kiosk", "parts", stale)
		}
		return false
	}
	if changed {
		w.logger.Info("watchdog: every part answers again")
	}
	w.send(daemon.SdNotifyWatchdog)
	return true
}

// run ticks every until ctx ends.
func (w *watchdog) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.tick()
		}
	}
}

func (w *watchdog) send(state string) {
	if err := w.notify(state); err != nil {
		w.logger.Warn("sd_notify failed", "state", state, "err", err)
	}
}

// watchdogEvery is how often to ping: half the unit's WatchdogSec, as systemd asks; zero
// when the service has no watchdog (or this process is not the one it watches).
func watchdogEvery() time.Duration {
	d, err := daemon.SdWatchdogEnabled(false)
	if err != nil || d <= 0 {
		return 0
	}
	return d / 2
}
