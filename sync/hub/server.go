package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Server is the hub's HTTP API. It keeps no state of its own but the in-flight bound (the
// replay guard's nonces are in the store), so several can run over one store.
type Server struct {
	Store  Store
	Logger *slog.Logger
	Clock  func() time.Time
	// SigningKey is the province key: it signs every answer (wire.SignAnswer), so kiosks
	// trust the answer whatever the network between them. Nil: answers go unsigned and
	// kiosks refuse them.
	SigningKey ed25519.PrivateKey
	// ProvinceKeys are the public keys kiosks must trust for bundles, sent at enrolment
	// (default: SigningKey's).
	ProvinceKeys []ed25519.PublicKey
	// MaxInFlight bounds requests served at once; the rest get 503 with Retry-After.
	MaxInFlight int
	// RetryAfter is what a shed request is told to wait (seconds, default 2).
	RetryAfter int
	// Reject decides business refusals of single events ("" accepts); nil accepts all.
	// Its answer is a label of motcua_hub_events_rejected_total: a short fixed reason
	// ("unknown_procedure"), never text with numbers or names in it.
	Reject func(wire.Event) string
	// AdminToken is required for the dashboard and the admin API (see admin); empty
	// refuses them all.
	AdminToken string
	// MetricsToken opens GET /metrics and nothing else, for Prometheus (the admin token
	// opens it too). Empty: only the admin token does.
	MetricsToken string
	// SessionIdle ends an IT session after this long without a request, SessionMax after
	// this long whatever (defaults DefaultSessionIdle, DefaultSessionMax).
	SessionIdle, SessionMax time.Duration
	// LoginLimit failed logins of one name or from one address inside LoginWindow refuse
	// further tries until the oldest leaves the window (defaults DefaultLoginLimit,
	// DefaultLoginWindow).
	LoginLimit  int
	LoginWindow time.Duration
	// AlertWebhook says the alerter posts to a webhook (the alerts page tells IT).
	AlertWebhook bool
	// LiveEvery is how often the pages' live streams (SSE) look for changes (default 5 s).
	LiveEvery time.Duration
	// Guard refuses replays; its Window is how far a kiosk's signed time may drift. Its
	// Nonces default to Store.
	Guard wire.ReplayGuard

	sem     chan struct{}
	metrics *metrics
}

func (s *Server) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Handler returns the hub's routes.
func (s *Server) Handler() http.Handler {
	n := s.MaxInFlight
	if n <= 0 {
		n = 64
	}
	s.sem = make(chan struct{}, n)
	s.metrics = newMetrics(s.Store, s.now)
	if s.Guard.Nonces == nil {
		s.Guard.Nonces = s.Store
	}
	if len(s.ProvinceKeys) == 0 && s.SigningKey != nil {
		s.ProvinceKeys = []ed25519.PublicKey{s.SigningKey.Public().(ed25519.PublicKey)}
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+wire.PathEnrol, s.shed(http.HandlerFunc(s.enrol)))
	mux.Handle("POST "+wire.PathEvents, s.shed(s.timed(s.signed(s.events))))
	mux.Handle("POST "+wire.PathHeartbeat, s.shed(s.signed(s.heartbeat)))
	mux.Handle("GET "+wire.PathBundles+"{kind}", s.shed(s.signed(s.bundle)))
	mux.Handle("POST "+wire.PathLogs, s.shed(s.signed(s.logs)))
	streams := http.NewServeMux()
	s.itRoutes(mux, streams)
	// An update's binary is tens of MB, streamed; the signed bundle's hash authenticates it.
	streams.Handle("GET "+wire.PathUpdates+"{sha256}", s.shed(s.signed(s.updateBinary)))
	mux.Handle("GET /metrics", s.metricsAuth(s.metrics.handler()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	signed := s.signAnswers(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// IT's live streams never end, so they cannot be held and signed whole; only IT's
		// browsers read them, over the hub's TLS. Update binaries go the same way.
		if _, pattern := streams.Handler(r); pattern != "" {
			streams.ServeHTTP(w, r)
			return
		}
		signed.ServeHTTP(w, r)
	})
}

// shed answers 503 with Retry-After when MaxInFlight requests are already being served:
// a kiosk retries later, the hub stays responsive.
func (s *Server) shed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.sem <- struct{}{}:
			defer func() { <-s.sem }()
			h.ServeHTTP(w, r)
		default:
			ra := s.RetryAfter
			if ra <= 0 {
				ra = 2
			}
			w.Header().Set("Retry-After", strconv.Itoa(ra))
			s.problem(w, r, &wire.Problem{Status: 503, Code: wire.CodeOverloaded, Reason: "the hub is busy; retry later",
				ReasonVI: "Máy chủ tỉnh đang bận, sẽ thử lại sau"})
		}
	})
}

// timed observes how long a batch takes to answer.
func (s *Server) timed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now() // a duration, not a date: the wall clock, whatever s.Clock says
		h.ServeHTTP(w, r)
		s.metrics.batchSeconds.Observe(time.Since(start).Seconds())
	})
}

// problem answers a refusal and logs it at warning level: who (the kiosk it claims to be
// and the address), what (method and path) and why, so IT can see probes and misconfigured
// kiosks in the hub's log.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, p *wire.Problem) {
	p.ServerTime = s.now().UTC()
	if p.Status == 0 {
		p.Status = 400
	}
	s.logRefusal(r, p.Status, p.Code, p.Reason)
	w.Header().Set(wire.HeaderProblem, p.Code)
	writeJSON(w, p.Status, p)
}

// logRefusal logs who (the kiosk the request claims to be, the address), what (method
// and path) and why a request was refused, at warning level.
func (s *Server) logRefusal(r *http.Request, status int, code, reason string) {
	if s.metrics != nil {
		s.metrics.refused.WithLabelValues(code).Inc()
	}
	s.logger().Warn("hub refused a request", "kiosk", r.Header.Get(wire.HeaderKiosk), "remote", r.RemoteAddr,
		"method", r.Method, "path", r.URL.Path, "status", status, "code", code, "reason", reason)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readBody reads at most wire.MaxWireBytes.
func readBody(r *http.Request) ([]byte, *wire.Problem) {
	body, err := io.ReadAll(io.LimitReader(r.Body, wire.MaxWireBytes+1))
	if err != nil {
		return nil, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "body could not be read: " + err.Error()}
	}
	if len(body) > wire.MaxWireBytes {
		return nil, &wire.Problem{Status: 413, Code: wire.CodeTooLarge,
			Reason: "body over " + strconv.Itoa(wire.MaxWireBytes) + " bytes", ReasonVI: "Gói dữ liệu quá lớn"}
	}
	return body, nil
}

type signedHandler func(w http.ResponseWriter, r *http.Request, k *Kiosk, epoch string, body []byte)

// signed authenticates a kiosk's request: signature headers, a known kiosk not revoked, a
// signature that verifies over the body received, a time inside the window, a fresh nonce.
func (s *Server) signed(h signedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, p := readBody(r)
		if p != nil {
			s.problem(w, r, p)
			return
		}
		sg, err := wire.ReadSigned(r)
		if err != nil {
			s.problem(w, r, &wire.Problem{Status: 401, Code: wire.CodeBadSignature, Reason: err.Error(), ReasonVI: "Yêu cầu không có chữ ký hợp lệ"})
			return
		}
		k, err := s.Store.Kiosk(r.Context(), sg.Kiosk)
		if errors.Is(err, ErrNotFound) {
			s.problem(w, r, &wire.Problem{Status: 401, Code: wire.CodeUnknownKiosk, Reason: "kiosk " + sg.Kiosk + " is not enrolled",
				ReasonVI: "Kiosk chưa được đăng ký với máy chủ tỉnh"})
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if !k.Revoked.IsZero() {
			s.problem(w, r, &wire.Problem{Status: 403, Code: wire.CodeRevoked, Reason: "kiosk " + k.ID + " was revoked",
				ReasonVI: "Kiosk đã bị thu hồi quyền kết nối"})
			return
		}
		if err := sg.Verify(k.PublicKey, body); err != nil {
			s.problem(w, r, &wire.Problem{Status: 401, Code: wire.CodeBadSignature, Reason: err.Error(), ReasonVI: "Chữ ký không hợp lệ"})
			return
		}
		if err := s.Guard.Check(r.Context(), sg.Kiosk, sg.Nonce, sg.Time, s.now()); err != nil {
			var p *wire.Problem
			if errors.As(err, &p) {
				s.problem(w, r, p)
			} else {
				s.internal(w, r, err)
			}
			return
		}
		h(w, r, k, sg.Epoch, body)
	})
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.logger().Error("hub request failed", "path", r.URL.Path, "err", err)
	s.problem(w, r, &wire.Problem{Status: 500, Code: wire.CodeInternal, Reason: "the hub could not complete the request",
		ReasonVI: "Máy chủ tỉnh gặp lỗi"})
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	body, p := readBody(r)
	if p != nil {
		s.problem(w, r, p)
		return
	}
	var req wire.EnrolRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Token == "" {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "enrolment needs token, epoch, public_key and proof"})
		return
	}
	pub, err := req.Verify()
	if err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeBadSignature, Reason: err.Error()})
		return
	}
	now := s.now()
	k, err := s.Store.Enrol(r.Context(), wire.EnrolSecret(req.Token), pub, req.Epoch, req.Hostname, now)
	if errors.Is(err, ErrTokenUsed) {
		s.problem(w, r, &wire.Problem{Status: 403, Code: wire.CodeBadToken, Reason: "the token is unknown, already used or expired",
			ReasonVI: "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn"})
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	reply := wire.EnrolReply{KioskID: k.ID, Commune: k.Commune, Region: k.Region, Cluster: k.Cluster, ServerTime: s.now().UTC()}
	for _, pk := range s.ProvinceKeys {
		reply.ProvinceKeys = append(reply.ProvinceKeys, base64.StdEncoding.EncodeToString(pk))
	}
	if k.Enrolled.Before(now.Truncate(time.Microsecond)) { // stores keep microseconds
		s.logger().Info("kiosk enrolment repeated with the same key (its answer was lost)", "kiosk", k.ID, "hostname", req.Hostname)
	} else {
		s.logger().Info("kiosk enrolled", "kiosk", k.ID, "commune", k.Commune, "hostname", req.Hostname)
	}
	writeJSON(w, http.StatusOK, reply)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request, k *Kiosk, epoch string, body []byte) {
	gz := strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip")
	b, err := wire.DecodeBatch(body, gz)
	if err != nil {
		status, code := 400, wire.CodeMalformed
		if errors.Is(err, wire.ErrTooLarge) {
			status, code = 413, wire.CodeTooLarge
		}
		s.problem(w, r, &wire.Problem{Status: status, Code: code, Reason: err.Error(), ReasonVI: "Gói sự kiện không hợp lệ"})
		return
	}
	if b.Kiosk != k.ID || b.Epoch != epoch {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "batch kiosk/epoch differ from the signed ones"})
		return
	}
	res, err := s.Store.Ingest(r.Context(), b, s.Reject, s.now())
	var p *wire.Problem
	if errors.As(err, &p) {
		s.metrics.batches.WithLabelValues(batchGap).Inc()
		s.problem(w, r, p)
		return
	}
	if err != nil {
		s.metrics.batches.WithLabelValues(batchFailed).Inc()
		s.internal(w, r, err)
		return
	}
	result := batchStored
	if res.Stored == 0 {
		result = batchDuplicate
	}
	s.metrics.batches.WithLabelValues(result).Inc()
	s.metrics.stored.Add(float64(res.Stored))
	for _, rej := range res.Rejected {
		s.metrics.rejected.WithLabelValues(rej.Reason).Inc()
	}
	s.logger().Debug("batch", "kiosk", b.Kiosk, "epoch", b.Epoch, "from", b.FromSeq, "to", b.LastSeq(), "stored", res.Stored,
		"held_through", res.HeldThrough, "rejected", len(res.Rejected))
	writeJSON(w, http.StatusOK, wire.Ack{AckedThrough: res.HeldThrough, Rejected: res.Rejected, ServerTime: s.now().UTC()})
}

func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request, k *Kiosk, _ string, body []byte) {
	var hb wire.Heartbeat
	if err := json.Unmarshal(body, &hb); err != nil {
		s.problem(w, r, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "heartbeat JSON: " + err.Error()})
		return
	}
	cmds, err := s.Store.Heartbeat(r.Context(), k.ID, hb, s.now())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.HeartbeatReply{ServerTime: s.now().UTC(), Commands: cmds})
}

func (s *Server) bundle(w http.ResponseWriter, r *http.Request, k *Kiosk, _ string, _ []byte) {
	kind := r.PathValue("kind")
	if !wire.KnownBundleKind(kind) {
		s.problem(w, r, &wire.Problem{Status: 404, Code: wire.CodeNotFound, Reason: "no bundle kind " + kind})
		return
	}
	since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	b, err := s.Store.Bundle(r.Context(), kind, since, k)
	if errors.Is(err, ErrNotFound) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

// Serve runs the handler on ln until ctx ends: over TLS with tlsCfg, plain HTTP without
// (the caller decides; motcua-hub serve refuses plain HTTP but for development).
func (s *Server) Serve(ctx context.Context, ln net.Listener, tlsCfg *tls.Config) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		TLSConfig: tlsCfg, ErrorLog: slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn)}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	var err error
	if tlsCfg != nil {
		err = srv.ServeTLS(ln, "", "")
	} else {
		err = srv.Serve(ln)
	}
	if !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
