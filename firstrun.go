package main

import (
	"bytes"
	"context"
	"errors"
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
	// devRoot is where printers are looked for: "/" on a kiosk, a temporary folder in tests.
	devRoot string
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
	var out []kiosk.PrinterChoice
	for _, d := range hardware.FindPrinters(f.devRoot) {
		c := kiosk.PrinterChoice{URI: d.URI, Kind: d.Kind}
		switch d.Kind {
		case "usblp":
			c.Label, c.LabelEN = "Máy in USB "+d.Path, "USB printer "+d.Path
		case "winspool":
			c.Label, c.LabelEN = "Máy in của Windows: "+d.Path, "Windows printer: "+d.Path
		default:
			c.Label, c.LabelEN = "Cổng nối tiếp "+d.Path, "Serial port "+d.Path
		}
		if d.Product != "" {
			c.Label += " (" + d.Product + ")"
			c.LabelEN += " (" + d.Product + ")"
		}
		out = append(out, c)
	}
	return append(out,
		kiosk.PrinterChoice{URI: "tcp://", Kind: "tcp", Label: "Máy in mạng (địa chỉ IP, cổng 9100)", LabelEN: "Network printer (IP address, port 9100)"},
		kiosk.PrinterChoice{URI: "virtual:", Kind: "virtual", Label: "Máy in ảo (lưu trang in thành ảnh, không in ra giấy)", LabelEN: "Virtual printer (pages saved as images, no paper)"},
	)
}

// openPrinter opens a printer setting for setup, as the kiosk opens its own.
func (f *firstRun) openPrinter(uri string) (*hardware.Printer, error) {
	p, err := hardware.Open(uri, hardware.Options{VirtualDir: printerVirtualDir(f.a.Config), Clock: f.a.clock})
	if err != nil {
		if _, perr := hardware.ParseURI(uri); perr != nil {
			return nil, kiosk.Invalid("printer", "Cấu hình máy in sai: "+perr.Error(), "bad printer setting: "+perr.Error())
		}
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không mở được máy in: "+err.Error(), "cannot open the printer: "+err.Error())
	}
	return p, nil
}

// TestPrint prints the test page on uri. The kiosk's own printer is used when it is the
// one chosen, since a serial port opens only once.
func (f *firstRun) TestPrint(ctx context.Context, uri string) (string, error) {
	var out bytes.Buffer
	p := f.a.printer
	if uri != p.CurrentURI() {
		var err error
		if p, err = f.openPrinter(uri); err != nil {
			return "", err
		}
		defer p.Close()
	}
	if err := p.PrintTestPage(ctx, &out, f.a.clock()); err != nil {
		return out.String(), kiosk.Errorf(kiosk.EUNAVAILABLE, "Không in được trang thử: "+err.Error(), "the test page did not print: "+err.Error())
	}
	return out.String(), nil
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
		var err error
		if next, err = f.openPrinter(cfg.Printer); err != nil {
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
		if enrolled, err = f.enrol(ctx, s.Hub, s.Token); err != nil {
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
	if running, _ := f.a.syncHooks(); enrolled != nil && running == nil && f.a.runCtx != nil {
		if err := f.a.startSync(f.a.runCtx, f.a.catalog); err != nil {
			f.a.Logger.Error("sync did not start after the first-run setup; it starts with the kiosk", "err", err)
		}
	}
	return cfg.Commune, nil
}

// enrol registers with the hub unless this kiosk already has: with the same hub, that
// enrolment stands; moving to another hub is `motcua enrol`'s job.
func (f *firstRun) enrol(ctx context.Context, hub, token string) (*client.Identity, error) {
	id, err := client.LoadIdentity(f.a.Config.DataDir)
	switch {
	case err == nil && client.SameHub(id.Hub, hub):
		return id, nil
	case err == nil:
		return nil, kiosk.Invalid("hub", fmt.Sprintf("Kiosk đã đăng ký với máy chủ tỉnh %s; muốn chuyển máy chủ, dùng lệnh motcua enrol", id.Hub),
			"this kiosk enrolled with "+id.Hub+"; to move, use motcua enrol")
	case !errors.Is(err, client.ErrNotEnrolled):
		return nil, err
	}
	return (&client.Enroller{Clock: f.a.clock, Attempts: 2}).Enrol(ctx, hub, token, f.a.Config.DataDir)
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
