package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	stdsync "sync"
	"testing"
	"time"
)

// syncLog collects a JSON log.
type syncLog struct {
	mu  stdsync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *syncLog) entries(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.buf.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && strings.HasPrefix(m["msg"].(string), msg) {
			out = append(out, m)
		}
	}
	return out
}

// Finding: after a long outage the kiosk waited out its back-off (26.5 s of a 28.1 s
// drain; up to 15 minutes by design) while the hub was already back. A heartbeat probes
// the hub during the back-off and ends it when the hub answers. And (finding: logs) the
// waits are logged in seconds.
func TestHubBackAfterOutageEndsTheBackoff(t *testing.T) {
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	log := &syncLog{}
	k.w.Logger = slog.New(slog.NewJSONHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k.w.Interval = time.Hour
	k.w.HeartbeatEvery = time.Hour
	k.w.MinBackoff, k.w.MaxBackoff = time.Hour, time.Hour // were it waited out, the test would time out
	k.w.ProbeEvery = 20 * time.Millisecond
	k.emit(t, 50)

	p.setPick(func(*http.Request) fault { return drop })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "the first failure", func() bool { return len(log.entries("sync failed")) > 0 })
	waitFor(t, "a failed probe", func() bool { return p.seen[drop].Load() >= 8 })
	p.setPick(nil) // the hub is back
	waitFor(t, "the drain after the hub came back", func() bool {
		s, _ := k.db.SyncedThrough(context.Background())
		return s == 50
	})
	assertSame(t, h, k)

	failed := log.entries("sync failed")[0]
	if w, ok := failed["wait_s"].(float64); !ok || w < 3599 || w > 3601 {
		t.Errorf("back-off logged as %v, want 3600 (seconds)", failed["wait_s"])
	}
	if _, ok := failed["in"]; ok {
		t.Errorf("a wait logged as a Duration: %v", failed)
	}
	if ended := log.entries("hub answers again"); len(ended) != 1 || ended[0]["back_off_s"] != 3600.0 {
		t.Errorf("the end of the back-off: %v", ended)
	}
	retries := log.entries("hub: retrying request")
	if len(retries) == 0 {
		t.Error("the library's retries were not logged")
	}
	for _, e := range retries {
		if _, ok := e["timeout_s"].(float64); !ok {
			t.Errorf("the library's retry wait not in seconds: %v", e)
		}
	}
}

// waitFor polls cond until it holds, failing after 20 s (a bound on a hang, not a speed).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
	}
}
