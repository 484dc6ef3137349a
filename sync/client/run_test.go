package client_test

import (
	"context"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// The worker's own loop: a first round at start, then SyncNow and the hub's sync_now
// command bring new events over without waiting for the poll interval.
func TestRunFollowsSyncNowAndCommands(t *testing.T) {
	h := startHub(t)
	k := newKiosk(t, h, h.url(), nil)
	k.w.Interval = time.Hour
	k.w.HeartbeatEvery = time.Hour
	k.emit(t, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	waitSynced := func(n int64) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if s, _ := k.db.SyncedThrough(context.Background()); s == n {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("not synced through %d", n)
	}
	waitSynced(10)
	k.emit(t, 5)
	k.w.SyncNow()
	waitSynced(15)
	if _, err := h.Store().QueueCommand(context.Background(), k.id.KioskID, wire.CommandSyncNow, time.Hour, time.Now()); err != nil {
		t.Fatal(err)
	}
	k.emit(t, 5)
	k.w.SyncNow() // the round's heartbeat delivers the command, which asks for another round
	waitSynced(20)
	assertSame(t, h, k)
	if st := k.w.Status(); st.LastSuccess.IsZero() || st.LastError != "" {
		t.Fatalf("status %+v", st)
	}
}
