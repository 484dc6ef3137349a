package main

import (
	"context"

	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// seedDemo makes the kiosk's data match its mode. In demo mode (`make run`, the browser
// and window tests) an empty database gets the demo staff, whose PINs are in docs/api.md,
// and the demo catalog, and every screen says DEMO. Outside it nothing is seeded, and demo
// staff that still have the manual's PINs (left by demo mode, or by an older release that
// seeded them by default) are removed: a real kiosk starts with no staff and asks for its
// first-run setup.
func (a *App) seedDemo(ctx context.Context, cat *catalog.Service, auth *sqlite.AuthService) error {
	if a.Config.Queue.DemoStaff != nil {
		a.Logger.Warn("queue.demo_staff is no longer read: demo staff come with demo mode alone (demo, MOTCUA_DEMO=1, --demo)")
	}
	if !a.Config.Demo {
		removed, err := auth.RemoveDemoStaff(ctx)
		if len(removed) > 0 {
			a.Logger.Warn("demo staff with the manual's PINs removed: this kiosk is not in demo mode", "staff", removed)
		}
		return err
	}
	a.Logger.Warn("DEMO MODE: demo staff with known PINs (docs/api.md) and the demo catalog; never on a real kiosk")
	if seeded, err := auth.SeedDemoStaff(ctx); err != nil {
		return err
	} else if seeded {
		a.Logger.Info("demo staff seeded")
	}
	if loaded, err := cat.LoadDemoIfEmpty(ctx); err != nil {
		return err
	} else if loaded {
		a.Logger.Info("demo catalog loaded")
	}
	return nil
}
