package sync

import (
	stdsync "sync"
	"time"
)

// ReplayGuard refuses a signed request whose time is outside ±Window of the hub's clock,
// or whose (kiosk, nonce) it has already seen within the window. Nonces are remembered for
// 2×Window, so a captured request can never be played again: too old by time, or seen.
//
// It is in memory: hubs behind a load balancer should pin a kiosk to one hub, or share a
// guard through their store.
type ReplayGuard struct {
	Window time.Duration

	mu    stdsync.Mutex
	seen  map[string]time.Time
	swept time.Time
}

// Check answers nil, or a *Problem with CodeClockSkew or CodeReplay.
func (g *ReplayGuard) Check(kiosk, nonce string, signed, now time.Time) *Problem {
	w := g.Window
	if w <= 0 {
		w = 5 * time.Minute
	}
	if d := now.Sub(signed); d > w || d < -w {
		return &Problem{Status: 401, Code: CodeClockSkew,
			Reason:   "signed time is " + d.Round(time.Second).String() + " away from the hub's clock; sign with the hub's time (" + HeaderServerTime + ")",
			ReasonVI: "Giờ của kiosk lệch so với máy chủ tỉnh"}
	}
	key := kiosk + "\x00" + nonce
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[string]time.Time)
	}
	if now.Sub(g.swept) > w {
		for k, t := range g.seen {
			if now.Sub(t) > 2*w {
				delete(g.seen, k)
			}
		}
		g.swept = now
	}
	if _, ok := g.seen[key]; ok {
		return &Problem{Status: 401, Code: CodeReplay, Reason: "this request was already received (replay)",
			ReasonVI: "Yêu cầu này đã được gửi trước đó (phát lại)"}
	}
	g.seen[key] = now
	return nil
}
