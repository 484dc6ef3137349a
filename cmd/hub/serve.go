package main

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/sync/hub"
)

// serveOptions are the flags of `motcua-hub serve`.
type serveOptions struct {
	db, key, listen, oldKey string
	adminFile, metricsFile  string
	logLevel                slog.Level
	inflight                int
	cert, tlsKey            string
	insecureDev             bool
	webhook                 string
	alertEvery, liveEvery   time.Duration
	rules                   hub.AlertRules
	personalKey             string
	purgeAfter, purgeEvery  time.Duration
}

// serve runs the hub. It refuses to start without TLS (unless -insecure-dev, for tests
// and development) and without an admin token of at least hub.MinAdminTokenLen
// characters: the hub holds a province's data and commands its fleet.
func serve(ctx context.Context, o serveOptions, stderr io.Writer) error {
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: o.logLevel}))
	admin, err := adminToken(o.adminFile)
	if err != nil {
		return err
	}
	metricsTok, err := metricsToken(o.metricsFile)
	if err != nil {
		return err
	}
	var tlsCfg *tls.Config
	switch {
	case o.cert != "" && o.tlsKey != "":
		pair, err := tls.LoadX509KeyPair(o.cert, o.tlsKey)
		if err != nil {
			return fmt.Errorf("TLS certificate: %w", err)
		}
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	case o.cert != "" || o.tlsKey != "":
		return errors.New("TLS needs both -tls-cert and -tls-key")
	case !o.insecureDev:
		return errors.New("refusing to serve without TLS: give -tls-cert and -tls-key (plain HTTP only with -insecure-dev, for tests and development)")
	}
	key, err := hub.LoadOrCreateKey(o.key)
	if err != nil {
		return err
	}
	keys := []ed25519.PublicKey{key.Public().(ed25519.PublicKey)}
	if o.oldKey != "" {
		pk, err := hub.ReadPublicKey(o.oldKey)
		if err != nil {
			return err
		}
		keys = append(keys, pk)
	}
	st, err := hub.Open(ctx, o.db, hub.WithPersonalKey(o.personalKey))
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	clock, err := clockFromEnv(log)
	if err != nil {
		return err
	}
	s := &hub.Server{Store: st, Logger: log, Clock: clock, SigningKey: key, ProvinceKeys: keys, MaxInFlight: o.inflight, AdminToken: admin,
		MetricsToken: metricsTok, AlertWebhook: o.webhook != "", LiveEvery: o.liveEvery}
	alerter := &hub.Alerter{Store: st, Rules: o.rules, Clock: clock, Logger: log, Webhook: o.webhook, Every: o.alertEvery}
	go alerter.Run(ctx)
	purger := &hub.Purger{Store: st, Clock: clock, Logger: log, After: o.purgeAfter, Every: o.purgeEvery}
	go purger.Run(ctx)
	if tlsCfg == nil {
		log.Warn("serving plain HTTP (-insecure-dev): never use this for a real province")
	}
	log.Info("motcua-hub listening", "addr", ln.Addr().String(), "tls", tlsCfg != nil, "db", redactDB(o.db))
	return s.Serve(ctx, ln, tlsCfg)
}

// clockFromEnv is the hub's clock: the wall clock, or under MOTCUA_HUB_CLOCK (an RFC 3339
// instant) a clock that reads that instant at start and runs on from there, so a browser
// test can put the hub and its kiosks at one chosen time. Tests only; logged loudly.
func clockFromEnv(log *slog.Logger) (func() time.Time, error) {
	v := os.Getenv("MOTCUA_HUB_CLOCK")
	if v == "" {
		return time.Now, nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("MOTCUA_HUB_CLOCK must be an RFC 3339 instant, e.g. 2026-12-02T09:00:00+07:00: %w", err)
	}
	start := time.Now()
	log.Warn("MOTCUA_HUB_CLOCK IS SET: this hub runs on a made-up time, for tests only", "clock_started_at", v)
	return func() time.Time { return at.Add(time.Since(start)) }, nil
}

// adminToken reads the admin token from path, or from MOTCUA_HUB_ADMIN_TOKEN when path is
// empty, and refuses a missing or short one.
func adminToken(path string) (string, error) {
	tok := os.Getenv("MOTCUA_HUB_ADMIN_TOKEN")
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("admin token: %w", err)
		}
		tok = string(b)
	}
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "", errors.New("refusing to serve without an admin token: give -admin-token-file FILE or MOTCUA_HUB_ADMIN_TOKEN (e.g. head -c 32 /dev/urandom | base64 > admin.token)")
	}
	if len(tok) < hub.MinAdminTokenLen {
		return "", fmt.Errorf("the admin token is %d characters; it needs at least %d", len(tok), hub.MinAdminTokenLen)
	}
	return tok, nil
}

// metricsToken reads the /metrics token from path, or MOTCUA_HUB_METRICS_TOKEN; none is
// allowed (then only the admin token opens /metrics), a short one is not.
func metricsToken(path string) (string, error) {
	tok := os.Getenv("MOTCUA_HUB_METRICS_TOKEN")
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("metrics token: %w", err)
		}
		tok = string(b)
	}
	tok = strings.TrimSpace(tok)
	if tok != "" && len(tok) < hub.MinAdminTokenLen {
		return "", fmt.Errorf("the metrics token is %d characters; it needs at least %d", len(tok), hub.MinAdminTokenLen)
	}
	return tok, nil
}

// redactDB is the -db value as the log may show it: a URL's password replaced.
func redactDB(db string) string {
	if !hub.IsPostgresURL(db) {
		return db
	}
	if u, err := url.Parse(db); err == nil {
		return u.Redacted()
	}
	return "postgres://(unparsable)"
}
