package sync

import (
	"context"
	"errors"
	stdsync "sync"
	"time"
)

// NonceStore remembers the (kiosk, nonce) pairs of accepted requests. The hub's store
// implements it, so the memory survives a restart and is shared by hubs behind a
// balancer.
type NonceStore interface {
	// RememberNonce records the pair until `until`; fresh is false when it is held already.
	// It may forget pairs whose time has passed now.
	RememberNonce(ctx context.Context, kiosk, nonce string, until, now time.Time) (fresh bool, err error)
}

// ReplayGuard refuses a signed request whose time is outside ±Window of the hub's clock,
// or whose (kiosk, nonce) Nonces already holds. A request is acceptable only until its
// signed time plus Window, so its nonce is kept exactly that long: a captured request can
// never be played again, too old by time or seen, even after the hub restarts.
type ReplayGuard struct {
	Window time.Duration
	Nonces NonceStore
}

// DefaultWindow is how far a kiosk's signed time may be from the hub's clock.
const DefaultWindow = 5 * time.Minute

// Check answers nil, a *Problem with CodeClockSkew or CodeReplay, or the store's error.
func (g *ReplayGuard) Check(ctx context.Context, kiosk, nonce string, signed, now time.Time) error {
	w := g.Window
	if w <= 0 {
		w = DefaultWindow
	}
	if d := now.Sub(signed); d > w || d < -w {
		return &Problem{Status: 401, Code: CodeClockSkew,
			Reason:   "signed time is " + d.Round(time.Second).String() + " away from the hub's clock; sign with the hub's time (" + HeaderServerTime + ")",
			ReasonVI: "Giờ của kiosk lệch so với máy chủ tỉnh"}
	}
	if g.Nonces == nil {
		return errors.New("replay guard has no nonce store") // fail closed
	}
	fresh, err := g.Nonces.RememberNonce(ctx, kiosk, nonce, signed.Add(w), now)
	if err != nil {
		return err
	}
	if !fresh {
		return &Problem{Status: 401, Code: CodeReplay, Reason: "this request was already received (replay, or a copy made on the way)",
			ReasonVI: "Yêu cầu này đã đến máy chủ tỉnh một lần (bị gửi trùng hoặc phát lại)"}
	}
	return nil
}

// MemoryNonces is a NonceStore in memory, for tests and tools: a restart forgets it.
type MemoryNonces struct {
	mu    stdsync.Mutex
	until map[string]time.Time
}

// RememberNonce implements NonceStore.
func (m *MemoryNonces) RememberNonce(_ context.Context, kiosk, nonce string, until, now time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.until == nil {
		m.until = make(map[string]time.Time)
	}
	for k, u := range m.until {
		if now.After(u) {
			delete(m.until, k)
		}
	}
	key := kiosk + "\x00" + nonce
	if _, ok := m.until[key]; ok {
		return false, nil
	}
	m.until[key] = until
	return true, nil
}
