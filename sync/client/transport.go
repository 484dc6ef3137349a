package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	wire "github.com/motcua/motcua/sync"
)

// transport sends signed requests to the hub through go-retryablehttp v0.7.8, with the
// fixes DESIGN.md's Known pitfalls ask for: jittered backoff with Retry-After capped, an
// slog logger instead of the default one, an overall timeout, the body serialised once
// (so retries replay the same bytes the signature covers), and a re-signature (fresh
// time and nonce) before every retry. Library retries are short; long outages belong to
// the worker's own schedule.
type transport struct {
	hub    string
	signer wire.Signer
	// epoch gives the outbox's epoch at each call: it changes when the kiosk's database
	// turns out to be an older copy (kiosk/sqlite MarkSynced), and requests must carry it.
	epoch   func() string
	clock   func() time.Time
	c       *retryablehttp.Client
	timeout time.Duration
	// offsetMs is the hub's clock minus ours, from the last answer: requests are signed
	// with the hub's time so a kiosk whose clock is a month wrong is still accepted.
	offsetMs atomic.Int64
}

// TransportOptions tune the library's short retries (zero values take the defaults).
type TransportOptions struct {
	RetryMax     int           // default 3
	RetryWaitMin time.Duration // default 500 ms
	RetryWaitMax time.Duration // default 10 s; also the cap on Retry-After
	Timeout      time.Duration // one whole call, retries included; default 2 min
	HTTPClient   *http.Client  // default: pooled, 30 s per attempt
}

func newTransport(hub string, signer wire.Signer, clock func() time.Time, log *slog.Logger, o TransportOptions) *transport {
	if o.RetryMax == 0 {
		o.RetryMax = 3
	}
	if o.RetryWaitMin == 0 {
		o.RetryWaitMin = 500 * time.Millisecond
	}
	if o.RetryWaitMax == 0 {
		o.RetryWaitMax = 10 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: 10 * time.Second, MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second,
			ResponseHeaderTimeout: 30 * time.Second, ForceAttemptHTTP2: true,
		}}
	}
	t := &transport{hub: hub, signer: signer, clock: clock, timeout: o.Timeout}
	t.c = &retryablehttp.Client{
		HTTPClient:   o.HTTPClient,
		Logger:       slogAdapter{log},
		RetryWaitMin: o.RetryWaitMin,
		RetryWaitMax: o.RetryWaitMax,
		RetryMax:     o.RetryMax,
		CheckRetry:   t.checkRetry,
		Backoff:      cappedJitterBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		PrepareRetry: func(req *http.Request) error {
			// A fresh header map: the previous attempt's may still be read by its transport.
			req.Header = req.Header.Clone()
			t.signer.Resign(req, t.hubNow())
			return nil
		},
	}
	return t
}

func (t *transport) hubNow() time.Time {
	return t.clock().Add(time.Duration(t.offsetMs.Load()) * time.Millisecond)
}

func (t *transport) observe(resp *http.Response) {
	if resp == nil {
		return
	}
	if ms, err := strconv.ParseInt(resp.Header.Get(wire.HeaderServerTime), 10, 64); err == nil {
		t.offsetMs.Store(ms - t.clock().UnixMilli())
	}
}

// checkRetry retries connection errors, 429, 5xx (not 501) and a clock_skew refusal
// (re-signed with the hub's time just learnt); never other 4xx, which would only repeat.
func (t *transport) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	t.observe(resp)
	if err != nil {
		var cert *tls.CertificateVerificationError
		if errors.As(err, &cert) {
			return false, err
		}
		return true, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true, nil
	case resp.StatusCode == http.StatusUnauthorized && resp.Header.Get(wire.HeaderProblem) == wire.CodeClockSkew:
		return true, nil
	}
	return false, nil
}

// cappedJitterBackoff is exponential with full jitter between min and the step, and obeys
// Retry-After only up to max (v0.7.8 obeys it uncapped: waits of years were seen).
func cappedJitterBackoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			d := time.Duration(s) * time.Second
			if d > max {
				d = max
			}
			// A little jitter so kiosks told the same wait do not return together.
			return d + time.Duration(rand.Int64N(int64(min)+1))
		}
	}
	step := min << min64(attempt, 20)
	if step > max || step <= 0 {
		step = max
	}
	return min + time.Duration(rand.Int64N(int64(step-min)+1))
}

func min64(a, b int) uint {
	if a < b {
		return uint(a)
	}
	return uint(b)
}

// call signs and sends one request, retrying briefly, and returns the final status and
// body (at most limit bytes). body is sent exactly as given on every attempt.
func (t *transport) call(ctx context.Context, method, path string, body []byte, gzipped bool, limit int64) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, t.hub+path, raw)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if gzipped {
		req.Header.Set("Content-Encoding", "gzip")
	}
	if t.epoch != nil {
		t.signer.Epoch = t.epoch()
	}
	t.signer.Sign(req.Request, wire.BodyHash(body), t.hubNow())
	resp, err := t.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("read hub answer: %w", err)
	}
	if int64(len(rb)) > limit {
		return resp.StatusCode, nil, fmt.Errorf("hub answer over %d bytes", limit)
	}
	return resp.StatusCode, bytes.TrimSpace(rb), nil
}

// slogAdapter gives retryablehttp a LeveledLogger on slog; its chatter is Debug, its
// "request failed" is Warn (the worker reports the outcome itself).
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Error(msg string, kv ...any) { a.l.Warn("hub: "+msg, kv...) }
func (a slogAdapter) Info(msg string, kv ...any)  { a.l.Debug("hub: "+msg, kv...) }
func (a slogAdapter) Debug(msg string, kv ...any) { a.l.Debug("hub: "+msg, kv...) }
func (a slogAdapter) Warn(msg string, kv ...any)  { a.l.Warn("hub: "+msg, kv...) }
