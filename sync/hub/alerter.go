package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Alerter opens and closes alerts from the fleet's heartbeats on a ticker, and delivers
// each opening and closing to a webhook (a chat bot, a pager) with retries. Every hub
// may run one over the same store: SyncAlerts takes turns, and a notice is claimed by
// one hub before it is sent.
type Alerter struct {
	Store  Store
	Rules  AlertRules
	Clock  func() time.Time
	Logger *slog.Logger
	// Webhook receives a POST of WebhookMessage JSON per notice; empty: alerts show on
	// the dashboard only.
	Webhook string
	Client  *http.Client // default: 10 s timeout
	// Every is the ticker's period (default 1 min).
	Every time.Duration
	// MaxAttempts is how many times a notice is tried before it is given up (default 8;
	// waits double from RetryMin, 30 s by default, up to 1 h).
	MaxAttempts int
	RetryMin    time.Duration
}

// WebhookMessage is the body of a webhook POST.
type WebhookMessage struct {
	Event string `json:"event"` // "opened" or "closed"
	Alert Alert  `json:"alert"`
	// Text is one line in Vietnamese for a chat channel.
	Text string `json:"text"`
}

func (a *Alerter) now() time.Time {
	if a.Clock != nil {
		return a.Clock()
	}
	return time.Now()
}

func (a *Alerter) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Run checks and delivers every Every until ctx ends.
func (a *Alerter) Run(ctx context.Context) {
	every := a.Every
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := a.Check(ctx); err != nil && ctx.Err() == nil {
			a.logger().Error("alerts not checked", "err", err)
		}
		if err := a.Deliver(ctx); err != nil && ctx.Err() == nil {
			a.logger().Error("alert notices not delivered", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Check evaluates the rules at the clock's now and opens and closes alerts to match.
func (a *Alerter) Check(ctx context.Context) error {
	now := a.now()
	ks, err := a.Store.Kiosks(ctx)
	if err != nil {
		return err
	}
	want, err := wantedAlerts(ctx, ks, a.Rules, now, func(ctx context.Context, kiosk string) ([]HeartbeatRow, error) {
		return a.Store.Heartbeats(ctx, kiosk, 3)
	})
	if err != nil {
		return err
	}
	opened, closed, err := a.Store.SyncAlerts(ctx, want, now)
	for _, x := range opened {
		a.logger().Warn("alert opened", "kiosk", x.Kiosk, "kind", x.Kind, "detail", x.Detail)
	}
	for _, x := range closed {
		a.logger().Info("alert closed", "kiosk", x.Kiosk, "kind", x.Kind)
	}
	return err
}

// Deliver sends the notices due now, one POST each; a failure is retried later with a
// doubling wait, and given up after MaxAttempts.
func (a *Alerter) Deliver(ctx context.Context) error {
	if a.Webhook == "" {
		return nil
	}
	client := a.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	maxAttempts := a.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 8
	}
	retry := a.RetryMin
	if retry <= 0 {
		retry = 30 * time.Second
	}
	for {
		now := a.now()
		ns, err := a.Store.ClaimNotices(ctx, now, 2*time.Minute, 20)
		if err != nil || len(ns) == 0 {
			return err
		}
		for _, n := range ns {
			err := a.post(ctx, client, n)
			now := a.now()
			if err == nil {
				if err := a.Store.NoticeSent(ctx, n.ID, now); err != nil {
					return err
				}
				continue
			}
			attempts := n.Attempts + 1
			var next time.Time
			if attempts < maxAttempts {
				next = now.Add(min(time.Hour, retry<<min(attempts-1, 16)))
			}
			a.logger().Warn("alert webhook failed", "notice", n.ID, "kiosk", n.Alert.Kiosk, "kind", n.Alert.Kind, "attempts", attempts,
				"given_up", next.IsZero(), "err", err)
			if err := a.Store.NoticeFailed(ctx, n.ID, err.Error(), next, now); err != nil {
				return err
			}
		}
	}
}

func (a *Alerter) post(ctx context.Context, client *http.Client, n Notice) error {
	verb := "CẢNH BÁO"
	if n.Event == "closed" {
		verb = "Hết cảnh báo"
	}
	msg := WebhookMessage{Event: n.Event, Alert: n.Alert,
		Text: fmt.Sprintf("%s: %s — kiosk %s (%s): %s", verb, n.Alert.Words(), n.Alert.Kiosk, n.Alert.Commune, n.Alert.Detail)}
	body, _ := json.Marshal(msg)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Webhook, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("motcua-hub-notice-%d", n.ID))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}
