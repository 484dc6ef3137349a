package client_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/sync/hub"
)

// A kiosk restored from an older backup: the hub holds more of its stream than the
// restored database has. The restored kiosk's new events must reach the hub, not be
// dropped as retries of seqs the hub already holds.
func TestRestoredKioskLosesNothing(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.emit(t, 10)
	k.drain(t, 5)
	backup := filepath.Join(t.TempDir(), sqlite.FileName)
	if err := k.db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	k.emit(t, 10)
	k.drain(t, 5) // the hub holds 1..20 of the first epoch

	restored, err := sqlite.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	oldEpoch := restored.Epoch()
	err = restored.Write(ctx, func(tx *sqlite.Tx) error {
		for i := 0; i < 5; i++ {
			if _, err := tx.Emit("after.restore", map[string]int{"i": i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &kioskRig{dir: filepath.Dir(backup), db: restored, id: k.id}
	r.w = newWorker(restored, k.id, nil)
	r.drain(t, 5)

	if restored.Epoch() == oldEpoch {
		t.Fatal("the restored kiosk kept sending under its old epoch")
	}
	got, err := h.Store().Events(ctx, hub.EventQuery{Kiosk: k.id.KioskID, Epoch: restored.Epoch(), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("hub holds %d events of the new epoch, want the 5 written after the restore", len(got))
	}
	for i, e := range got {
		if e.Seq != int64(i+1) || e.Kind != "after.restore" {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	old, _ := h.Store().Events(ctx, hub.EventQuery{Kiosk: k.id.KioskID, Epoch: oldEpoch, Limit: 100})
	if len(old) != 20 {
		t.Fatalf("the first epoch holds %d events, want 20", len(old))
	}
}
