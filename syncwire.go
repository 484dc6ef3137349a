package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
)

// startSync runs the sync worker when the kiosk has enrolled with a hub: the outbox goes
// up, signed bundles (catalog, config, holidays, staff) come down through the same Apply as
// an import or the admin page, and
// heartbeats carry the kiosk's health. Not enrolled: nothing is sent, and a configured hub
// is a reminder in the log.
func (a *App) startSync(ctx context.Context, cat *catalog.Service) error {
	id, err := client.LoadIdentity(a.Config.DataDir)
	if errors.Is(err, client.ErrNotEnrolled) {
		if a.Config.Hub != "" {
			a.Logger.Warn("a hub is configured but this kiosk has not enrolled: run `motcua enrol --hub URL --token-file FILE`", "hub", a.Config.Hub)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("sync identity: %w", err)
	}
	w := &client.Worker{
		Clock:    a.clock,
		Outbox:   a.DB,
		State:    a.DB,
		Identity: id,
		Appliers: map[string]client.Applier{
			wire.BundleCatalog: client.ApplierFunc(func(ctx context.Context, _ int64, payload []byte) error {
				_, err := cat.Apply(ctx, payload)
				return err
			}),
			// The hall's queue configuration, as PUT /api/v1/admin/queue takes it.
			wire.BundleConfig: client.ApplierFunc(func(ctx context.Context, _ int64, payload []byte) error {
				return kiosk.ApplyConfigBundle(ctx, a.queueAdmin, payload)
			}),
			// The working-day calendar: holidays, make-up days, swapped Saturdays.
			wire.BundleHolidays: client.ApplierFunc(func(ctx context.Context, _ int64, payload []byte) error {
				_, err := kiosk.ApplyHolidaysBundle(ctx, a.dossiers, payload)
				return err
			}),
			// The commune's staff with argon2id PIN hashes set at the province.
			wire.BundleStaff: client.ApplierFunc(func(ctx context.Context, _ int64, payload []byte) error {
				return kiosk.ApplyStaffBundle(ctx, a.auth, payload)
			}),
		},
		// States set upstream (dossier_state) are taken as the hub through the same service
		// as the counter's, each in one transaction with its outbox event.
		Dossiers:       a.dossiers,
		HeartbeatInfo:  a.heartbeat,
		HeartbeatEvery: time.Duration(a.Config.HubHeartbeatSeconds) * time.Second,
		Logs:           a.logTail,
		Logger:         a.Logger,
		// One call is capped at 2 minutes; a long outbox beats between batches.
		Alive: a.watchdog.part("sync", 10*time.Minute),
	}
	if a.updates != nil {
		// A program update, verified with the same province keys, then installed on trial.
		w.Appliers[wire.BundleUpdate] = &client.Updater{Worker: w, Installer: a.updates,
			Target: runtime.GOOS + "/" + runtime.GOARCH, Restart: a.requestRestart}
	}
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	a.syncMu.Lock()
	a.syncHealth, a.syncNow = w.Health, w.SyncNow
	a.syncTurned = func() bool { return !w.Status().LastAttempt.IsZero() }
	a.syncStop = func() { stop(); <-done }
	a.syncMu.Unlock()
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	a.Logger.Info("sync worker started", "hub", id.Hub, "kiosk_id", id.KioskID)
	return nil
}

// syncHooks are the running sync worker's health and "sync now"; nil before it runs.
func (a *App) syncHooks() (health func() kiosk.SyncHealth, now func()) {
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	return a.syncHealth, a.syncNow
}

// logPath is the kiosk's current log file (older ones are rotated beside it).
func logPath(dataDir string) string { return filepath.Join(dataDir, "logs", "motcua.log") }

// logTailBytes is how much of the end of motcua.log the send_logs command uploads.
const logTailBytes = 2 << 20

// logTail is the end of the kiosk's current log file, for the hub's send_logs.
func (a *App) logTail(context.Context) ([]byte, error) {
	f, err := os.Open(logPath(a.Config.DataDir))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	from := max(0, st.Size()-logTailBytes)
	b := make([]byte, st.Size()-from)
	n, err := f.ReadAt(b, from)
	if err != nil && n == 0 {
		return nil, err
	}
	return b[:n], nil
}

// heartbeat is the kiosk's health as the hub wants it.
func (a *App) heartbeat(ctx context.Context) wire.Heartbeat {
	h, err := a.health(ctx)
	if err != nil {
		a.Logger.Warn("heartbeat: health incomplete", "err", err)
	}
	return client.HeartbeatOf(h) // the worker adds the update's outcome (its Updater)
}

const enrolUsage = `motcua enrol [--hub URL] [--token-file FILE|-] [--data DIR]
  tạo cặp khoá của kiosk và đăng ký với máy chủ tỉnh bằng mã một lần (mc2.…) của phòng CNTT,
  đọc từ tệp hoặc từ đầu vào chuẩn (không bao giờ trên dòng lệnh); không có --hub thì dùng "hub"
  trong cấu hình. Sau khi đăng ký, đồng bộ chỉ dùng máy chủ này.
  makes the kiosk's key pair and registers it with the province hub using IT's one-time token
  (mc2.…), read from a file or standard input (never argv, which ps and shell history show);
  without --hub, the configured hub. Once enrolled, sync uses this hub only.
`

// enrol is `motcua enrol --hub URL [--token-file FILE|-]`: the kiosk makes its key pair
// and registers it with the province hub using IT's one-time token.
func (c *cli) enrol(args []string) int {
	cmd := c.command("enrol", enrolUsage)
	hub := cmd.String("hub", "", "máy chủ tỉnh / the province hub's URL, e.g. https://hub.example.gov.vn")
	tokenFile := cmd.String("token-file", "-", "tệp chứa mã đăng ký; - là đầu vào chuẩn / file holding the one-time token; - reads standard input")
	cmd.Func("token", "bỏ, dùng --token-file / gone: use --token-file", func(string) error {
		return errors.New("mã đăng ký không nhận trên dòng lệnh nữa, dùng --token-file TỆP hoặc đưa vào đầu vào chuẩn / the token is no longer taken on the command line: use --token-file FILE or standard input")
	})
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	if f, ok := c.stdin.(*os.File); ok && *tokenFile == "-" && isTerminal(f) {
		fmt.Fprintln(c.stderr, "Dán mã đăng ký rồi nhấn Enter / paste the enrolment token and press Enter:")
	}
	token, err := client.ReadTokenFile(*tokenFile, c.stdin)
	if err != nil {
		return c.fail(err)
	}
	cfg, src, err := kiosk.LoadConfig(c.getenv, cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	if *hub == "" {
		*hub = cfg.Hub
	}
	db, err := sqlite.Open(c.ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	id, err := client.Enrol(c.ctx, *hub, token, cfg.DataDir)
	if err == nil {
		err = db.SetKioskID(c.ctx, id.KioskID)
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Đã đăng ký với máy chủ tỉnh %s: mã kiosk %s (%s).\nEnrolled with %s as %s.\n", id.Hub, id.KioskID, id.Commune, id.Hub, id.KioskID)
	if mismatch, err := applyEnrolment(&cfg, src); err == nil && mismatch != nil {
		fmt.Fprint(c.stderr, mismatch)
	}
	return 0
}

// isTerminal tells whether f is a terminal, where a person may need the prompt (a token
// piped in needs none).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
