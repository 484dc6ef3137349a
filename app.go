package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware"
	"github.com/motcua/motcua/hardware/spool"
	"github.com/motcua/motcua/hardware/voice"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/logfile"
	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/kiosk/web"
	"github.com/motcua/motcua/sync/client/update"
)

// App is the kiosk process: its store, services and LAN server, wired once and shared by
// the window and `motcua serve`.
type App struct {
	Config  kiosk.Config
	Logger  *slog.Logger
	DB      *sqlite.DB
	Broker  *kiosk.Broker
	Handler http.Handler

	clock         kiosk.Clock // the product's one clock: the store, the pages, health and sync read it
	started       time.Time
	voice         voice.Library
	queue         kiosk.QueueService
	queueAdmin    kiosk.QueueAdmin
	auth          *sqlite.AuthService
	printer       *hardware.Printer
	spool         *spool.Spooler
	tickets       *spool.Tickets             // the queue prints tickets through it
	printerHealth func() kiosk.PrinterHealth // set when a printer is wired
	syncMu        sync.Mutex                 // the first-run setup may start sync while pages are served
	syncHealth    func() kiosk.SyncHealth    // set when sync is wired
	syncNow       func()
	syncStop      func() // stops the running sync worker and waits for it (re-enrolment)
	devRoot       string // where printers are looked for: "/" on a kiosk, a temporary folder in tests
	catalog       *catalog.Service
	setup         *firstRun
	runCtx        context.Context // Start's: workers started later (sync, after setup) stop with the rest
	dossiers      *sqlite.DossierService

	watchdog *watchdog // systemd readiness and liveness; the workers beat it
	// updates installs program updates (nil where the kiosk is not run through the
	// switchable link, update.go); restart is signalled to exit with update.ExitRestart.
	updates    *update.Installer
	restart    chan struct{}
	syncTurned func() bool // the sync worker has run a round (nil: no sync)
	stops      []func()    // background workers to stop on Close
	unlock     func()      // releases the data directory, last thing on Close
	log        *logfile.File
	listener   net.Listener
	server     *web.Server // its Window is set when there is one
	http       *http.Server
}

// newApp loads nothing itself: it opens the store in cfg.DataDir, starts logging there
// and builds the services and the handler, all on clock. Nothing listens until Start.
func newApp(ctx context.Context, cfg kiosk.Config, clock kiosk.Clock) (*App, error) {
	a := &App{Config: cfg, Broker: kiosk.NewBroker(), clock: clock, started: clock(), restart: make(chan struct{}, 1), devRoot: "/"}
	if inst := installer(cfg, clock, executable()); updatable(inst) {
		a.updates = inst
	}
	var err error
	if err = os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("thư mục dữ liệu / data directory %s: %w", cfg.DataDir, err)
	}
	if a.unlock, err = lockData(cfg.DataDir); err != nil {
		return nil, err
	}
	lf, err := logfile.Open(logPath(cfg.DataDir), cfg.LogMaxBytes, cfg.LogKeep)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.log = lf
	a.Logger = slog.New(slog.NewJSONHandler(io.MultiWriter(lf, os.Stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))
	a.watchdog = newWatchdog(a.Logger)
	a.DB, err = sqlite.Open(ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		a.Close()
		return nil, err
	}
	a.DB.Clock = clock
	if err := a.openPrinter(); err != nil {
		a.Close()
		return nil, err
	}
	cat := catalog.NewService(sqlite.NewCatalogStore(a.DB), a.Broker)
	a.catalog = cat
	a.voice = voice.Library{Dir: filepath.Join(cfg.DataDir, "voice")}
	auth := &sqlite.AuthService{DB: a.DB}
	if err := a.seedDemo(ctx, cat, auth); err != nil {
		a.Close()
		return nil, err
	}
	a.setup = &firstRun{a: a}
	queue := &sqlite.QueueService{DB: a.DB, Config: cfg.Queue, Publisher: a.Broker, Staff: auth, Printer: a.tickets}
	a.queue, a.queueAdmin, a.auth = queue, queue, auth
	if err := queue.LoadStoredConfig(ctx); err != nil {
		a.Close()
		return nil, err
	}
	ds := &sqlite.DossierService{DB: a.DB, Catalog: cat, Agency: cfg.Commune.AgencyCode, Config: cfg.Dossiers, Publisher: a.Broker}
	if err := ds.LoadCalendar(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.dossiers = ds
	// A rating names the dossier received during the visit, and the reports count ratings.
	// When the province asks for it (queue.rating_assessment), the pad goes on from the
	// faces to the assessment of the dossier handed back during the visit.
	assessments := &sqlite.AssessmentService{DB: a.DB, Queue: queue, Dossiers: ds}
	ratings := &sqlite.RatingService{DB: a.DB, Queue: queue, DossierOf: ds.DossierOfTicket, Assess: assessments.ForTicket}
	srv := &web.Server{
		Info: web.Info{
			Commune:   cfg.Commune,
			Version:   version,
			KioskMode: cfg.KioskMode,
			Language:  cfg.Language,
			Voice:     web.VoiceInfo{Repeat: cfg.Voice.Repeat, Digits: cfg.Voice.Digits},
			Demo:      cfg.Demo,
		},
		Setup:          a.setup,
		Clock:          clock,
		Logger:         a.Logger,
		Broker:         a.Broker,
		Assets:         dist(),
		Banner:         &sqlite.BannerService{DB: a.DB, Publisher: a.Broker},
		Health:         a.health,
		Queue:          queue,
		Auth:           auth,
		Voice:          a.voice,
		Clips:          a.voice,
		Codes:          a.voice,
		Names:          &voice.Names{},
		Ratings:        ratings,
		Assessments:    assessments,
		Stats:          &sqlite.StatsService{DB: a.DB},
		Catalog:        cat,
		PrintChecklist: a.printChecklist,
		PrinterPages:   a.printerPages(),
		PrinterAdmin:   &printerAdmin{a: a},
		Enrolment:      &enrolment{a: a},
		SyncNow: func() error {
			_, now := a.syncHooks()
			if now == nil {
				return kiosk.Errorf(kiosk.EUNAVAILABLE, "Kiosk chưa ghi danh với máy chủ tỉnh: ghi danh ở trang quản trị (Thiết bị và đồng bộ) hoặc bằng lệnh motcua enrol", "this kiosk has not enrolled with a hub")
			}
			now()
			return nil
		},
		QueueAdmin:   queue,
		Dossiers:     ds,
		PrintReceipt: a.printDossier,
		Calendar:     ds.Calendar,
		LookupBase:   cfg.Dossiers.LookupURL,
		Audit:        &sqlite.AuditLog{DB: a.DB},
		StaffAdmin:   auth,
		Reports: &sqlite.ReportService{DB: a.DB, Queue: queue, Staff: auth, Ratings: ratings, Dossiers: sqlite.DossierFactsOf{Dossiers: ds, Lines: queue},
			Assessments: assessments},
		Screens: &sqlite.ScreenSettingsService{DB: a.DB, Queue: queue, Publisher: a.Broker},
		// Until the configuration has its own setting (trust_loopback), the documented
		// default: trusted only while the server listens on loopback alone.
		TrustLoopback:            trustLoopback(cfg),
		PrintLimit:               web.Rate{Burst: cfg.Limits.PrintBurst, Every: time.Duration(cfg.Limits.PrintEverySeconds) * time.Second},
		RatingLimit:              web.Rate{Burst: cfg.Limits.RatingBurst, Every: time.Duration(cfg.Limits.RatingEverySeconds) * time.Second},
		MaxEventStreams:          cfg.Limits.EventStreams,
		MaxEventStreamsPerSource: cfg.Limits.EventStreamsPerSource,
	}
	a.server = srv
	a.Handler = srv.Handler()
	a.Logger.Info("kiosk ready", "version", version, "data_dir", cfg.DataDir, "epoch", a.DB.Epoch(), "kiosk_id", a.DB.KioskID())
	return a, nil
}

// Start listens on the LAN address and serves until Close. A busy port is an error here,
// at start-up, not later.
func (a *App) Start() error {
	ln, err := net.Listen("tcp", a.Config.Listen)
	if err != nil {
		return fmt.Errorf("không mở được cổng %s (có thể đang bị chương trình khác dùng) / cannot listen on %s: %w", a.Config.Listen, a.Config.Listen, err)
	}
	a.listener = ln
	a.http = web.NewHTTPServer(a.Handler, slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn))
	go func() {
		if err := a.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Logger.Error("LAN server stopped", "err", err)
		}
	}()
	a.Logger.Info("LAN server listening", "addr", ln.Addr().String())
	ctx, stop := context.WithCancel(context.Background())
	a.stops = append(a.stops, stop)
	a.runCtx = ctx
	if err := a.startButtons(ctx); err != nil {
		return err
	}
	if err := a.startSync(ctx, a.catalog); err != nil {
		return err
	}
	go a.purgeDossiers(ctx)
	// A print job is a few KB: two minutes without a turn of the loop is a hung printer call.
	a.spool.Alive = a.watchdog.part("spool", 2*time.Minute)
	go func() {
		if err := a.spool.Run(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Error("print spool stopped", "err", err)
		}
	}()
	if cmd := a.Config.Voice.PlayCommand; len(cmd) > 0 {
		notices, cancel := a.Broker.Subscribe(16)
		a.stops = append(a.stops, cancel)
		p := &voice.Player{Library: a.voice, Command: cmd, Repeat: a.Config.Voice.Repeat, Digits: a.Config.Voice.Digits, Logger: a.Logger}
		go p.Run(ctx, notices)
	}
	if every := watchdogEvery(); every > 0 {
		go a.watchdog.run(ctx, every)
	}
	a.startBackups(ctx)
	a.startScreen(ctx)
	go a.watchUpdate(ctx)
	return nil
}

// purgeDossiers removes personal data past its retention period, at start and every hour
// until ctx ends (the ticker only paces the checks: which data goes is judged on the kiosk's
// clock).
func (a *App) purgeDossiers(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.dossiers.Purge(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Error("purge of personal data failed", "err", err)
		} else if n > 0 {
			a.Logger.Info("personal data purged", "dossiers", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Addr is the address the LAN server listens on (useful with port 0).
func (a *App) Addr() string {
	if a.listener == nil {
		return ""
	}
	return a.listener.Addr().String()
}

// Close stops the server (SSE streams are cut, not waited for) and closes the store.
func (a *App) Close() {
	if a.watchdog != nil {
		a.watchdog.stopping()
	}
	for _, stop := range a.stops {
		stop()
	}
	if a.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		if err := a.http.Shutdown(ctx); err != nil {
			a.http.Close()
		}
		cancel()
	}
	if a.printer != nil {
		a.printer.Close()
	}
	if a.DB != nil {
		if err := a.DB.Close(); err != nil {
			a.Logger.Error("close database", "err", err)
		}
	}
	if a.log != nil {
		a.log.Close()
	}
	if a.unlock != nil {
		a.unlock()
	}
}

// trustLoopback is the configured loopback trust, or by default whether the LAN server
// listens on loopback only: then no LAN request reaches it at all, through a proxy or not.
func trustLoopback(cfg kiosk.Config) bool {
	if cfg.TrustLoopback != nil {
		return *cfg.TrustLoopback
	}
	return web.ListensOnLoopback(cfg.Listen)
}
