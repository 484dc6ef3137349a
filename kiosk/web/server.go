// Package web is the kiosk's LAN server: the JSON API over the kiosk services, Server-Sent
// Events for live screens, and the embedded frontend. The Wails window reaches the very
// same http.Handler in-process, so there is one transport for every screen.
package web

import (
	"cmp"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// Server holds what the handlers need. Fields left nil disable nothing at start-up; a
// handler whose service is missing answers EUNAVAILABLE.
type Server struct {
	Info       Info
	Clock      kiosk.Clock
	Logger     *slog.Logger
	Broker     *kiosk.Broker
	Assets     fs.FS // the built frontend (frontend/dist); nil serves no pages
	Banner     kiosk.BannerService
	Queue      kiosk.QueueService
	Auth       kiosk.AuthService
	Stats      kiosk.StatsService
	QueueAdmin kiosk.QueueAdmin
	// Audit lists the changes admins made (the admin page's audit list).
	Audit kiosk.AuditLog
	// StaffAdmin manages staff accounts and their badge photos.
	StaffAdmin kiosk.StaffAdmin
	// Reports answers the reports (JSON, CSV, .xlsx).
	Reports kiosk.ReportService
	// Screens keeps the display's and the kiosk's settings.
	Screens kiosk.ScreenSettingsService
	// SyncNow asks the sync worker to run at once; an error says why it cannot.
	SyncNow func() error
	// PrinterAdmin changes the ticket printer from the admin page; Enrolment enrols the
	// kiosk with the province hub from there.
	PrinterAdmin kiosk.PrinterAdmin
	Enrolment    kiosk.EnrolmentService
	// PrinterPages is the virtual printer's folder (admin page); nil with a real printer.
	PrinterPages *PrinterPages
	// Window is the kiosk window's controls; nil under `motcua serve`.
	Window Window
	// Voice renders spoken calls for the hall display.
	Voice Announcer
	// Catalog serves the procedure catalog; PrintChecklist queues its "what to bring" slips.
	Catalog        kiosk.CatalogService
	PrintChecklist CatalogPrinter
	// Ratings records the villagers' ratings from the counters' pads and the kiosk.
	Ratings kiosk.RatingService
	// Assessments records the nine-indicator assessments of returned dossiers (nil, or the
	// setting off: not asked).
	Assessments kiosk.AssessmentService
	// Clips are single voice clips the pages play (the rating pad's thanks, the kiosk's
	// spoken prompts); Codes says a ticket code alone (the kiosk's "Nghe").
	Clips ClipSource
	Codes CodeSpeaker
	// Names says the lines', fields' and procedures' names (espeak-ng); nil: not spoken.
	Names NameSpeaker
	// Health reports the kiosk's state for the admin and counter pages.
	Health func(ctx context.Context) (kiosk.Health, error)
	// Setup is the first-run setup (setup.go); nil: the kiosk never asks for it.
	Setup kiosk.SetupService
	// Dossiers receives and moves dossiers; PrintReceipt queues their slips; Calendar is the
	// working-day calendar in force (GET /api/v1/calendar). LookupBase is the receipts' QR
	// base URL (config dossiers.lookup_url); empty: the address the clerk's browser used.
	Dossiers     kiosk.DossierService
	PrintReceipt ReceiptPrinter
	Calendar     func() *kiosk.Calendar
	LookupBase   string
	// FontDir holds NotoSans-Regular.ttf and NotoSans-Bold.ttf for the dossiers' PDF forms;
	// empty: DefaultFontDir (Debian's fonts-noto-core).
	FontDir string

	// Authorize decides whether r may act in role ("clerk", "admin"). The default is
	// SessionAuthorize: a staff PIN session, or this machine's loopback if trusted.
	Authorize func(r *http.Request, role string) error
	// TrustLoopback lets requests from this machine's loopback, with a loopback Host, act
	// as admin without a PIN (the installer's shell). Off unless set: the kiosk sets it from
	// its configuration, by default only while it listens on loopback alone
	// (ListensOnLoopback). It must be off when a reverse proxy on this machine forwards
	// LAN requests, since those arrive from loopback too.
	TrustLoopback bool

	// PrintLimit bounds the tickets and slips printed for one source address; zero is
	// DefaultPrintLimit. The kiosk window is exempt, and loopback when trusted.
	PrintLimit Rate
	// RatingLimit bounds the ratings and ticket look-ups of one source address; zero is
	// DefaultRatingLimit. The kiosk window is exempt, and loopback when trusted.
	RatingLimit Rate
	// HelpLimit bounds the "Gọi cán bộ" requests of one source address; zero is
	// DefaultHelpLimit. The kiosk window is exempt, and loopback when trusted.
	HelpLimit Rate
	// MaxEventStreams caps the open SSE streams, MaxEventStreamsPerSource those of one
	// source address; zero is the Default.
	MaxEventStreams, MaxEventStreamsPerSource int

	// HeartbeatEvery is how often an idle SSE stream gets a comment line, so a stream whose
	// page went away is noticed (the Wails writer never cancels the request context).
	HeartbeatEvery time.Duration

	prints       *rateLimit
	ratingsLimit *rateLimit
	helps        *rateLimit
	help         *helpDesk
	lookups      *rateLimit
	streams      *streamCount
	infoMu       sync.RWMutex // Info's commune changes once, at the first-run setup
}

// Info is what /api/v1/info tells every screen about this kiosk.
type Info struct {
	Commune   kiosk.Commune `json:"commune"`
	Version   string        `json:"version"`
	KioskMode bool          `json:"kiosk_mode"`
	Language  string        `json:"language"`
	Voice     VoiceInfo     `json:"voice"`
	// Demo is demo mode: every screen shows the "CHẾ ĐỘ DÙNG THỬ / DEMO" band.
	Demo bool `json:"demo"`
}

// VoiceInfo tells display pages how to read calls.
type VoiceInfo struct {
	Repeat bool `json:"repeat"`
	Digits bool `json:"digits"`
}

// Handler returns the server's routes wrapped in the common middleware.
func (s *Server) Handler() http.Handler {
	if s.Clock == nil {
		s.Clock = kiosk.SystemClock
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Broker == nil {
		s.Broker = kiosk.NewBroker()
	}
	if s.Authorize == nil {
		s.Authorize = s.SessionAuthorize
	}
	if s.HeartbeatEvery == 0 {
		s.HeartbeatEvery = 15 * time.Second
	}
	// Each part of a limit left zero takes its default, so a config may set one alone.
	s.PrintLimit.Burst = cmp.Or(s.PrintLimit.Burst, DefaultPrintLimit.Burst)
	s.PrintLimit.Every = cmp.Or(s.PrintLimit.Every, DefaultPrintLimit.Every)
	s.prints = newRateLimit(s.PrintLimit)
	s.RatingLimit.Burst = cmp.Or(s.RatingLimit.Burst, DefaultRatingLimit.Burst)
	s.RatingLimit.Every = cmp.Or(s.RatingLimit.Every, DefaultRatingLimit.Every)
	s.ratingsLimit = newRateLimit(s.RatingLimit)
	s.HelpLimit.Burst = cmp.Or(s.HelpLimit.Burst, DefaultHelpLimit.Burst)
	s.HelpLimit.Every = cmp.Or(s.HelpLimit.Every, DefaultHelpLimit.Every)
	s.helps = newRateLimit(s.HelpLimit)
	s.help = &helpDesk{}
	s.streams = &streamCount{max: cmp.Or(s.MaxEventStreams, DefaultMaxEventStreams),
		perSource: cmp.Or(s.MaxEventStreamsPerSource, DefaultMaxEventStreamsPerSource), bySource: map[string]int{}}
	mux := http.NewServeMux()
	// Each area registers its own routes, in its own file. Add new areas here.
	s.routeInfo(mux)
	s.routeSetup(mux)
	s.routeEvents(mux)
	s.routeBanner(mux)
	s.routeHealth(mux)
	s.routePrinterPages(mux)
	s.routePrinterAdmin(mux)
	s.routeEnrolment(mux)
	s.routeAuth(mux)
	s.routeQueue(mux)
	s.routeVoice(mux)
	s.routeStats(mux)
	s.routeAudit(mux)
	s.routeStaff(mux)
	s.routeReports(mux)
	s.routeScreens(mux)
	s.routeWindow(mux)
	s.routeCatalog(mux)
	s.routeRatings(mux)
	s.routeAssessments(mux)
	s.routeHelp(mux)
	s.routeDossiers(mux)
	s.routeAssets(mux)
	return s.recoverPanics(securityHeaders(sameOrigin(mux)))
}

func (s *Server) routeAssets(mux *http.ServeMux) {
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, kiosk.Errorf(kiosk.ENOTFOUND, "Không có chức năng này", "no such API endpoint: "+r.Method+" "+r.URL.Path))
	})
	if s.Assets == nil {
		return
	}
	files := http.FileServerFS(s.Assets)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeErrorJSON(w, http.StatusMethodNotAllowed, kiosk.Errorf(kiosk.EINVALID, "Phương thức không được hỗ trợ", "method not allowed"))
			return
		}
		// Pages are hash-routed; cache the hashed assets, never index.html, so a kiosk picks up
		// a new build at its next load.
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

// sameOrigin refuses state-changing requests sent by another site's page (CSRF): a
// browser always sends Origin on a cross-site POST, and our own pages are either
// same-origin or the Wails window (origin wails://wails).
func sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			origin := r.Header.Get("Origin")
			if origin != "" && origin != "wails://wails" && !sameHost(origin, r.Host) {
				writeErrorJSON(w, http.StatusForbidden, kiosk.Errorf(kiosk.EFORBIDDEN, "Yêu cầu đến từ trang khác, đã bị từ chối", "cross-origin request refused"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func sameHost(origin, host string) bool {
	_, rest, ok := strings.Cut(origin, "://")
	return ok && rest == host
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Logger.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", p)
				writeErrorJSON(w, http.StatusInternalServerError, kiosk.ErrorOf(nil))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
