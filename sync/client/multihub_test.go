package client_test

import (
	"context"
	"crypto/ed25519"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// Two hubs over one PostgreSQL behind the fault proxy, which hands them requests in turn
// and a duplicate's copy to the other hub: kiosk workers drain at once through every
// fault, hubs restarted under them. Together the hubs hold exactly each kiosk's events,
// and a command queued at one hub is run once by its kiosk.
func TestTwoHubsOnPostgresThroughFaults(t *testing.T) {
	db := pgtest.DB(t)
	_, key, _ := ed25519.GenerateKey(nil)
	personal := filepath.Join(t.TempDir(), hub.PersonalKeyFile)
	a := startHubOn(t, db, key, personal)
	b := startHubOn(t, db, key, personal)
	p := startProxy(t, a, b)
	faults := []fault{drop, lostAnswer, reset, truncate, duplicate, delay, status500, status503, status429, restartHub}
	p.setPick(randomFaults(13, 0.4, faults...))

	ks := make([]*kioskRig, 4)
	for i := range ks {
		ks[i] = newKiosk(t, a, p.URL, nil)
		ks[i].w.BatchEvents = 40
		ks[i].emit(t, 400+50*i)
	}
	errs := make(chan error, len(ks))
	for _, k := range ks {
		go func() {
			var err error
			for range 1000 {
				if err = k.w.Push(context.Background()); err == nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range ks {
		if err := <-errs; err != nil {
			t.Fatalf("a kiosk did not drain: %v", err)
		}
	}
	for _, k := range ks {
		assertSame(t, b, k)
	}
	for _, f := range faults {
		if p.seen[f].Load() == 0 {
			t.Errorf("fault %s never injected", f)
		}
	}

	k := ks[0]
	var ran atomic.Int64
	k.w.Command = func(context.Context, wire.Command) error { ran.Add(1); return nil }
	id, err := a.Store().QueueCommand(context.Background(), k.id.KioskID, wire.CommandSendLogs, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		_ = k.w.Beat(context.Background())
		cmds, _ := b.Store().Commands(context.Background(), k.id.KioskID)
		if len(cmds) == 1 && cmds[0].State == wire.StateDone {
			break
		}
	}
	cmds, _ := b.Store().Commands(context.Background(), k.id.KioskID)
	if len(cmds) != 1 || cmds[0].ID != id || cmds[0].State != wire.StateDone || ran.Load() != 1 {
		t.Fatalf("command %+v, run %d times; want done, run once", cmds, ran.Load())
	}
}
