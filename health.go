package main

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

// health gathers the kiosk's state: what the store knows, plus the disk under the data
// directory. Printer and sync fill their parts through the hooks set in newApp.
func (a *App) health(ctx context.Context) (kiosk.Health, error) {
	h := kiosk.Health{
		Version:   version,
		KioskID:   a.DB.KioskID(),
		Epoch:     a.DB.Epoch(),
		StartedAt: a.started,
		Clock:     a.clock(),
		DBBytes:   a.DB.Size(),
		Printer:   kiosk.PrinterHealth{Configured: a.Config.Printer},
		Sync:      kiosk.SyncHealth{Hub: a.Config.Hub},
	}
	h.DiskFreeBytes = diskFree(a.Config.DataDir)
	var err error
	if h.Backlog, h.OldestPending, err = a.DB.Backlog(ctx); err != nil {
		return h, err
	}
	if a.printerHealth != nil {
		h.Printer = a.printerHealth()
	}
	if sync, _ := a.syncHooks(); sync != nil {
		h.Sync = sync()
	}
	if a.updates != nil {
		h.Update = updateHealth(a.updates.Outcome())
	}
	return h, nil
}
