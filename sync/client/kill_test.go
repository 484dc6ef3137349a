package client_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// TestMain lets the test binary play the kiosk process in the SIGKILL test, and stops the
// throwaway PostgreSQL the tests started, if any.
func TestMain(m *testing.M) {
	if dir := os.Getenv("MOTCUA_SYNC_CHILD_DIR"); dir != "" {
		childPush(dir, os.Getenv("MOTCUA_SYNC_CHILD_HUB"))
		return
	}
	os.Exit(pgtest.Main(m))
}

// childPush pushes the kiosk's outbox until it is killed.
func childPush(dir, hubURL string) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, sqlite.FileName))
	if err != nil {
		panic(err)
	}
	id, err := client.LoadIdentity(dir)
	if err != nil {
		panic(err)
	}
	id.Hub = hubURL
	w := newWorker(db, id, nil)
	w.BatchEvents = 100
	for {
		_ = w.Push(ctx)
	}
}

func TestKioskKilledMidSend(t *testing.T) {
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.emit(t, 1000)
	k.db.Close()
	// The hub takes the first three batches; the answer to the third never comes back
	// before the kiosk process dies.
	var n atomic.Int64
	p.setPick(func(*http.Request) fault {
		if n.Add(1) == 3 {
			return hold
		}
		return pass
	})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MOTCUA_SYNC_CHILD_DIR="+k.dir, "MOTCUA_SYNC_CHILD_HUB="+p.URL)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.held:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child never sent its third batch")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	p.setPick(nil)

	db, err := sqlite.Open(context.Background(), filepath.Join(k.dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if synced, _ := db.SyncedThrough(context.Background()); synced != 200 {
		t.Fatalf("after the kill the kiosk thinks %d are synced, want 200 (the third ack was never received)", synced)
	}
	k.db = db
	k.w = newWorker(db, k.id, nil)
	k.drain(t, 10)
	assertSame(t, h, k)
}
