package main

import (
	"context"
	"os/exec"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// screenLead is how long before the day's first session the screen lights up, and how
// long after its last it stays lit: villagers who come early read when the desk opens,
// and the clerks finishing the day still see the queue. The lunch break stays lit.
const screenLead = 30 * time.Minute

// screenLit says whether the kiosk's screen should be lit at now under the working week h.
func screenLit(h kiosk.Hours, now time.Time) bool {
	st := h.At(now)
	switch {
	case st.Open, h.At(now.Add(-screenLead)).Open:
		return true
	case st.NextOpen.IsZero():
		return false
	case st.NextOpen.Sub(now) <= screenLead:
		return true
	}
	// Between two of today's sessions (the lunch break): lit.
	if kiosk.LocalDay(st.NextOpen) != kiosk.LocalDay(now) || len(st.Today) == 0 {
		return false
	}
	first, err := time.ParseInLocation("15:04", st.Today[0][:5], kiosk.Zone)
	if err != nil {
		return false
	}
	local := now.In(kiosk.Zone)
	return local.Hour()*60+local.Minute() >= first.Hour()*60+first.Minute()
}

// screenSwitch runs the configured screen command when the screen should change, on the
// kiosk's clock and the hours in force (a config bundle may change them at any time).
type screenSwitch struct {
	app *App
	lit *bool // nil until the first check, which always says where the screen stands
}

// check runs `ScreenCommand on|off` if the screen's state at now differs from the last one
// set, and returns the word it ran with ("" when nothing changed).
func (s *screenSwitch) check(ctx context.Context, now time.Time) string {
	a := s.app
	q, err := a.queueAdmin.QueueConfig(ctx)
	if err != nil {
		a.Logger.Warn("screen: cannot read the hours", "err", err)
		return ""
	}
	lit := screenLit(q.OpeningHours(), now)
	if s.lit != nil && *s.lit == lit {
		return ""
	}
	word := map[bool]string{true: "on", false: "off"}[lit]
	run, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(run, a.Config.ScreenCommand, word).CombinedOutput(); err != nil {
		a.Logger.Warn("screen command failed; trying again in a minute", "command", a.Config.ScreenCommand, "arg", word, "err", err, "output", string(out))
		return ""
	}
	s.lit = &lit
	a.Logger.Info("screen switched", "state", word)
	return word
}

// startScreen checks every minute whether the screen should be lit, when a screen command
// is configured.
func (a *App) startScreen(ctx context.Context) {
	if a.Config.ScreenCommand == "" {
		return
	}
	s := &screenSwitch{app: a}
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			s.check(ctx, a.clock())
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}
