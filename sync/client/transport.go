package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
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
//
// Every answer the kiosk acts on must carry the hub's signature (wire.VerifyAnswer) by a
// province key the kiosk trusts; an answer without one is a failure to retry later, like
// a dropped connection, whatever it says.
type transport struct {
	hub    string
	signer wire.Signer
	// epoch gives the outbox's epoch at each call: it changes when the kiosk's database
	// turns out to be an older copy (kiosk/sqlite MarkSynced), and requests must carry it.
	epoch   func() string
	clock   func() time.Time
	c       *retryablehttp.Client
	timeout time.Duration
	// trust tells the keys whose signatures on answers the kiosk accepts.
	trust func(ed25519.PublicKey) bool
	// offsetMs is the hub's clock minus ours, from the last authenticated answer: requests
	// are signed with the hub's time so a kiosk whose clock is a month wrong is still
	// accepted, and bundle expiry is judged by it.
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

func newTransport(hub string, signer wire.Signer, trust func(ed25519.PublicKey) bool, clock func() time.Time, log *slog.Logger, o TransportOptions) *transport {
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
	t := &transport{hub: hub, signer: signer, trust: trust, clock: clock, timeout: o.Timeout}
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

// checkRetry retries connection errors, 429 and 5xx (not 501); never 4xx, which would
// only repeat (call itself asks again after clock_skew and replay, once the answer is
// authenticated).
func (t *transport) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
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
// authenticated body (at most limit bytes). body is sent exactly as given on every attempt.
//
// Two refusals are asked again at once, with a fresh signature: clock_skew, whose
// authenticated answer taught the hub's clock, and replay, which means the request reached
// the hub twice (copied on the way) and the first copy was handled: the idempotent
// request asked again gets its answer.
func (t *transport) call(ctx context.Context, method, path string, body []byte, gzipped bool, limit int64) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		status, rb, code, err := t.once(ctx, method, path, body, gzipped, limit)
		if err == nil && attempt == 0 && status == http.StatusUnauthorized && (code == wire.CodeClockSkew || code == wire.CodeReplay) {
			continue
		}
		return status, rb, err
	}
}

// once is one call of call: the library's short retries, then the answer read within
// limit and authenticated. code is the authenticated answer's problem code, if any.
func (t *transport) once(ctx context.Context, method, path string, body []byte, gzipped bool, limit int64) (status int, rb []byte, code string, err error) {
	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, t.hub+path, raw)
	if err != nil {
		return 0, nil, "", err
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
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	// Refuse a body too big by its header before reading any of it.
	if resp.ContentLength > limit {
		return resp.StatusCode, nil, "", fmt.Errorf("hub answer of %d bytes, over %d", resp.ContentLength, limit)
	}
	rb, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return resp.StatusCode, nil, "", fmt.Errorf("read hub answer: %w", err)
	}
	if int64(len(rb)) > limit {
		return resp.StatusCode, nil, "", fmt.Errorf("hub answer over %d bytes", limit)
	}
	hubTime, verr := wire.VerifyAnswer(t.trust, resp.Request, resp.StatusCode, resp.Header, rb)
	if verr != nil {
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			// A busy or failing hub, or a proxy in front of it: try later whoever said it;
			// nothing in such an answer is acted on.
			return resp.StatusCode, nil, "", nil
		}
		return resp.StatusCode, nil, "", verr
	}
	t.offsetMs.Store(hubTime.UnixMilli() - t.clock().UnixMilli())
	return resp.StatusCode, bytes.TrimSpace(rb), resp.Header.Get(wire.HeaderProblem), nil
}

// slogAdapter gives retryablehttp a LeveledLogger on slog; its chatter is Debug, its
// "request failed" is Warn (the worker reports the outcome itself). Waits are logged in
// seconds: slog's JSON writes a time.Duration as nanoseconds.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Error(msg string, kv ...any) { a.l.Warn("hub: "+msg, inSeconds(kv)...) }
func (a slogAdapter) Info(msg string, kv ...any)  { a.l.Debug("hub: "+msg, inSeconds(kv)...) }
func (a slogAdapter) Debug(msg string, kv ...any) { a.l.Debug("hub: "+msg, inSeconds(kv)...) }
func (a slogAdapter) Warn(msg string, kv ...any)  { a.l.Warn("hub: "+msg, inSeconds(kv)...) }

// inSeconds turns every time.Duration value of a key-value list into seconds, its key
// suffixed "_s".
func inSeconds(kv []any) []any {
	out := make([]any, len(kv))
	copy(out, kv)
	for i := 1; i < len(out); i += 2 {
		if d, ok := out[i].(time.Duration); ok {
			if k, ok := out[i-1].(string); ok {
				out[i-1] = k + "_s"
			}
			out[i] = seconds(d)
		}
	}
	return out
}

// seconds is d in seconds, to the millisecond, for logs.
func seconds(d time.Duration) float64 { return d.Round(time.Millisecond).Seconds() }
