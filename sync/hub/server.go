package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// Server is the hub's HTTP API. It keeps no state of its own but the replay guard and the
// in-flight bound, so several can run over one store (pin a kiosk to one hub, or the
// replay guard must move into the store).
type Server struct {
	Store  Store
	Logger *slog.Logger
	Clock  func() time.Time
	// ProvinceKeys are the public keys kiosks must trust for bundles, sent at enrolment.
	ProvinceKeys []ed25519.PublicKey
	// MaxInFlight bounds requests served at once; the rest get 503 with Retry-After.
	MaxInFlight int
	// RetryAfter is what a shed request is told to wait (seconds, default 2).
	RetryAfter int
	// Reject decides business refusals of single events ("" accepts); nil accepts all.
	Reject func(wire.Event) string
	// AdminToken, when set, is required (Bearer or ?token=) for the dashboard and admin API.
	AdminToken string
	// Guard refuses replays; its Window is how far a kiosk's signed time may drift.
	Guard wire.ReplayGuard

	sem chan struct{}
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
	mux := http.NewServeMux()
	mux.Handle("POST "+wire.PathEnrol, s.shed(http.HandlerFunc(s.enrol)))
	mux.Handle("POST "+wire.PathEvents, s.shed(s.signed(s.events)))
	mux.Handle("POST "+wire.PathHeartbeat, s.shed(s.signed(s.heartbeat)))
	mux.Handle("GET "+wire.PathBundles+"{kind}", s.shed(s.signed(s.bundle)))
	mux.Handle("GET /{$}", s.admin(http.HandlerFunc(s.dashboard)))
	mux.Handle("GET /admin/v1/kiosks", s.admin(http.HandlerFunc(s.apiKiosks)))
	mux.Handle("GET /admin/v1/events", s.admin(http.HandlerFunc(s.apiEvents)))
	mux.Handle("POST /admin/v1/kiosks/{id}/commands", s.admin(http.HandlerFunc(s.apiCommand)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(wire.HeaderServerTime, strconv.FormatInt(s.now().UnixMilli(), 10))
		mux.ServeHTTP(w, r)
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
			s.problem(w, &wire.Problem{Status: 503, Code: wire.CodeOverloaded, Reason: "the hub is busy; retry later",
				ReasonVI: "Máy chủ tỉnh đang bận, sẽ thử lại sau"})
		}
	})
}

func (s *Server) problem(w http.ResponseWriter, p *wire.Problem) {
	p.ServerTime = s.now().UTC()
	if p.Status == 0 {
		p.Status = 400
	}
	w.Header().Set(wire.HeaderProblem, p.Code)
	writeJSON(w, p.Status, p)
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
			s.problem(w, p)
			return
		}
		sg, err := wire.ReadSigned(r)
		if err != nil {
			s.problem(w, &wire.Problem{Status: 401, Code: wire.CodeBadSignature, Reason: err.Error(), ReasonVI: "Yêu cầu không có chữ ký hợp lệ"})
			return
		}
		k, err := s.Store.Kiosk(r.Context(), sg.Kiosk)
		if errors.Is(err, ErrNotFound) {
			s.problem(w, &wire.Problem{Status: 401, Code: wire.CodeUnknownKiosk, Reason: "kiosk " + sg.Kiosk + " is not enrolled",
				ReasonVI: "Kiosk chưa được đăng ký với máy chủ tỉnh"})
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if !k.Revoked.IsZero() {
			s.problem(w, &wire.Problem{Status: 403, Code: wire.CodeRevoked, Reason: "kiosk " + k.ID + " was revoked",
				ReasonVI: "Kiosk đã bị thu hồi quyền kết nối"})
			return
		}
		if err := sg.Verify(k.PublicKey, body); err != nil {
			s.problem(w, &wire.Problem{Status: 401, Code: wire.CodeBadSignature, Reason: err.Error(), ReasonVI: "Chữ ký không hợp lệ"})
			return
		}
		if p := s.Guard.Check(sg.Kiosk, sg.Nonce, sg.Time, s.now()); p != nil {
			s.problem(w, p)
			return
		}
		h(w, r, k, sg.Epoch, body)
	})
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.logger().Error("hub request failed", "path", r.URL.Path, "err", err)
	s.problem(w, &wire.Problem{Status: 500, Code: wire.CodeInternal, Reason: "the hub could not complete the request",
		ReasonVI: "Máy chủ tỉnh gặp lỗi"})
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	body, p := readBody(r)
	if p != nil {
		s.problem(w, p)
		return
	}
	var req wire.EnrolRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Token == "" {
		s.problem(w, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "enrolment needs token, epoch, public_key and proof"})
		return
	}
	pub, err := req.Verify()
	if err != nil {
		s.problem(w, &wire.Problem{Status: 400, Code: wire.CodeBadSignature, Reason: err.Error()})
		return
	}
	k, err := s.Store.Enrol(r.Context(), req.Token, pub, req.Epoch, req.Hostname, s.now())
	if errors.Is(err, ErrTokenUsed) {
		s.problem(w, &wire.Problem{Status: 403, Code: wire.CodeBadToken, Reason: "the token is unknown, already used or expired",
			ReasonVI: "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn"})
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	reply := wire.EnrolReply{KioskID: k.ID, Commune: k.Commune, ServerTime: s.now().UTC()}
	for _, pk := range s.ProvinceKeys {
		reply.ProvinceKeys = append(reply.ProvinceKeys, base64.StdEncoding.EncodeToString(pk))
	}
	s.logger().Info("kiosk enrolled", "kiosk", k.ID, "commune", k.Commune, "hostname", req.Hostname)
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
		s.problem(w, &wire.Problem{Status: status, Code: code, Reason: err.Error(), ReasonVI: "Gói sự kiện không hợp lệ"})
		return
	}
	if b.Kiosk != k.ID || b.Epoch != epoch {
		s.problem(w, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "batch kiosk/epoch differ from the signed ones"})
		return
	}
	held, rejected, err := s.Store.Ingest(r.Context(), b, s.Reject, s.now())
	var p *wire.Problem
	if errors.As(err, &p) {
		s.problem(w, p)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.Ack{AckedThrough: held, Rejected: rejected, ServerTime: s.now().UTC()})
}

func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request, k *Kiosk, _ string, body []byte) {
	var hb wire.Heartbeat
	if err := json.Unmarshal(body, &hb); err != nil {
		s.problem(w, &wire.Problem{Status: 400, Code: wire.CodeMalformed, Reason: "heartbeat JSON: " + err.Error()})
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
		s.problem(w, &wire.Problem{Status: 404, Code: wire.CodeNotFound, Reason: "no bundle kind " + kind})
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

// admin guards the dashboard and the admin API with AdminToken.
func (s *Server) admin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.AdminToken != "" {
			tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if tok == "" {
				tok = r.URL.Query().Get("token")
			}
			if tok != s.AdminToken {
				http.Error(w, "cần mã quản trị / admin token required", http.StatusUnauthorized)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) apiKiosks(w http.ResponseWriter, r *http.Request) {
	ks, err := s.Store.Kiosks(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, 200, ks)
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	evs, err := s.Store.Events(r.Context(), EventQuery{Kiosk: q.Get("kiosk"), Epoch: q.Get("epoch"), Kind: q.Get("kind"), AfterSeq: after, Limit: limit})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, 200, evs)
}

func (s *Server) apiCommand(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Kind string `json:"kind"`
		TTL  string `json:"ttl"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	ttl, _ := time.ParseDuration(req.TTL)
	id, err := s.Store.QueueCommand(r.Context(), r.PathValue("id"), req.Kind, ttl, s.now())
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	writeJSON(w, 201, map[string]int64{"id": id})
}

// Serve runs the handler on addr until ctx ends.
func (s *Server) Serve(ctx context.Context, addr string) error {
	srv := &http.Server{Addr: addr, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		ErrorLog: slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn)}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
