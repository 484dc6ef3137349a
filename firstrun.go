package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/sync/client"
)

// firstRun is the kiosk's first-run setup (kiosk.SetupService): hardware finds and tests
// the printers, sync/client enrols with the hub, the store keeps the settings and the
// admin in one transaction, and the running kiosk then prints on the chosen printer under
// the commune's name at once, with no restart. The LAN server decides who may call it.
type firstRun struct {
	a *App
	// sources are where the running configuration's values came from, so a value an
	// environment variable or a flag set stays as it is (kiosk.Config.ApplySetup).
	sources kiosk.Sources

	mu   sync.Mutex  // one setup at a time, enrolment included
	done atomic.Bool // staff were seen: set up for good in this process

	communeMu sync.RWMutex
	commune   *kiosk.Commune // the commune setup gave, once it has
}

var _ kiosk.SetupService = (*firstRun)(nil)

// Required is true while the kiosk is not in demo mode and has no staff. Once staff are
// seen it stays false for the life of the process.
func (f *firstRun) Required(ctx context.Context) (bool, error) {
	if f.a.Config.Demo || f.done.Load() {
		return false, nil
	}
	n, err := f.a.auth.StaffCount(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		f.done.Store(true)
	}
	return n == 0, nil
}

// Printers lists the printer ports found on this PC, then a network printer and the
// virtual one.
func (f *firstRun) Printers(context.Context) []kiosk.PrinterChoice {
	return printerChoices(f.a.devRoot)
}

// TestPrint prints the test page on uri, one of the choices (printer_choice.go).
func (f *firstRun) TestPrint(ctx context.Context, uri string) (string, error) {
	if _, err := checkPrinterChoice(uri, printerChoices(f.a.devRoot)); err != nil {
		return "", err
	}
	return f.a.testPrint(ctx, uri)
}

// Complete opens the chosen printer, enrols when asked, then saves the settings and the
// admin in one transaction; only once that commits does the running kiosk take the new
// printer, commune and sync. Anything refused before the commit leaves the kiosk as it
// was, but for an enrolment, which is kept (the hub answers a retry with the same kiosk).
func (f *firstRun) Complete(ctx context.Context, s kiosk.Setup) (kiosk.Commune, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s.Normalize()
	if err := s.Validate(); err != nil {
		return kiosk.Commune{}, err
	}
	if required, err := f.Required(ctx); err != nil {
		return kiosk.Commune{}, err
	} else if !required {
		return kiosk.Commune{}, kiosk.ErrSetUp
	}
	cfg, src := f.a.Config, maps.Clone(f.sources)
	if src == nil {
		src = kiosk.Sources{}
	}
	cfg.ApplySetup(s.Settings(), src, filepath.Join(cfg.DataDir, sqlite.FileName))
	var next *hardware.Printer // nil: the kiosk's printer stays
	if cfg.Printer != f.a.printer.CurrentURI() {
		if _, err := checkPrinterChoice(cfg.Printer, printerChoices(f.a.devRoot)); err != nil {
			return kiosk.Commune{}, err
		}
		var err error
		if next, err = f.a.openPrinterSetting(cfg.Printer); err != nil {
			return kiosk.Commune{}, err
		}
	}
	abandon := func(err error) (kiosk.Commune, error) {
		if next != nil {
			next.Close()
		}
		return kiosk.Commune{}, err
	}
	var enrolled *client.Identity
	kioskID := ""
	if s.Hub != "" {
		var err error
		if enrolled, err = f.a.enrol(ctx, s.Hub, s.Token, false); err != nil {
			return abandon(err)
		}
		kioskID = enrolled.KioskID
	}
	if err := f.a.auth.CompleteSetup(ctx, s, kioskID); err != nil {
		return abandon(err)
	}
	f.done.Store(true)
	f.communeMu.Lock()
	f.commune = &cfg.Commune
	f.communeMu.Unlock()
	if next != nil {
		if err := f.a.printer.Replace(next); err != nil {
			f.a.Logger.Warn("closing the printer replaced at setup", "err", err)
		}
		f.a.spool.Kick()
	}
	if running, _ := f.a.syncHooks(); enrolled != nil && running == nil {
		if err := f.a.restartSync(); err != nil {
			f.a.Logger.Error("sync did not start after the first-run setup; it starts with the kiosk", "err", err)
		}
	}
	return cfg.Commune, nil
}

// communeName is the commune on tickets and slips: the one setup gave while the kiosk
// ran, else the configuration's.
func (a *App) communeName() string {
	if a.setup != nil {
		a.setup.communeMu.RLock()
		defer a.setup.communeMu.RUnlock()
		if a.setup.commune != nil {
			return a.setup.commune.Name
		}
	}
	return a.Config.Commune.Name
}

// printMode tells the person who started the kiosk what state it is in: demo mode, or
// waiting for its first-run setup and where that can be done.
func (a *App) printMode(w io.Writer) {
	if a.Config.Demo {
		fmt.Fprintln(w, "  CHẾ ĐỘ DÙNG THỬ / DEMO: cán bộ mẫu, mã PIN công khai (docs/api.md); không dùng cho xã thật")
		fmt.Fprintln(w, "    demo mode: demo staff with published PINs; never on a real kiosk")
		return
	}
	if required, err := a.setup.Required(context.Background()); err != nil || !required {
		return
	}
	fmt.Fprintln(w, "  Kiosk chưa được cài đặt / not set up. Cài đặt trên màn hình kiosk hoặc bằng lệnh motcua staff add")
	fmt.Fprintln(w, "    set it up in the kiosk window or with motcua staff add")
	if a.server.TrustLoopback {
		_, port, _ := net.SplitHostPort(a.Addr())
		fmt.Fprintf(w, "    hoặc trên trình duyệt của chính máy này / or in a browser on this PC: http://127.0.0.1:%s/\n", port)
	}
}
