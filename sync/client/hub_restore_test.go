package client_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
)

// Finding: a hub restored from an older backup wedged its kiosks. With more than 500
// events missing the kiosk re-sent one batch forever (~2,500 requests in 15 s) and its
// heartbeats stopped. The hub loses the last 1,200 events; the kiosk resends from the
// hub's acks until caught up, and its heartbeats go on.
func TestRestoredHubDoesNotWedgeTheKiosk(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.emit(t, 300)
	k.drain(t, 5)
	backup := h.backup()
	k.emit(t, 1200)
	k.drain(t, 5) // the hub holds 1..1500
	h.restore(backup)
	if held := len(hubEvents(t, h, k)); held != 300 {
		t.Fatalf("the restored hub holds %d events, want 300", held)
	}
	k.emit(t, 10)

	var pushes atomic.Int64
	p.setPick(func(r *http.Request) fault {
		if strings.HasPrefix(r.URL.Path, wire.PathEvents) {
			pushes.Add(1)
		}
		return pass
	})
	k.w.Interval = time.Hour
	k.w.HeartbeatEvery = time.Nanosecond
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { k.w.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()

	// 1,210 events in batches of 500 take 4 pushes after the gap answer; a wedged kiosk
	// sends hundreds a second. Wait for the outcome, bounded by the count of pushes.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		beats, err := h.Store().Heartbeats(ctx, k.id.KioskID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hubEvents(t, h, k)) == 1510 && len(beats) > 0 {
			break
		}
		if n := pushes.Load(); n > 50 || time.Now().After(deadline) {
			t.Fatalf("wedged: %d pushes, the hub holds %d events, %d heartbeats", n, len(hubEvents(t, h, k)), len(beats))
		}
	}
	if n := pushes.Load(); n > 8 {
		t.Errorf("%d pushes to resend 1,210 events in batches of 500", n)
	}
	t.Logf("caught up in %d pushes (the first answered with the gap)", pushes.Load())
	cancel()
	<-done
	assertSame(t, h, k)
}

func hubEvents(t testing.TB, h *hubProc, k *kioskRig) []hub.StoredEvent {
	t.Helper()
	evs, err := h.Store().Events(context.Background(), hub.EventQuery{Kiosk: k.id.KioskID, Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}
