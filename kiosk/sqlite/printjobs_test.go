package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestPrintJobsDurableAndInOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	jobs := db.PrintJobs()
	for _, ref := range []string{"A001", "A002", "A003"} {
		if _, err := jobs.Add(ctx, "ticket", ref, []byte("\x1b@"+ref)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := jobs.Add(ctx, "ticket", "x", nil); err == nil {
		t.Fatal("empty job accepted")
	}
	// A job added in a transaction that rolls back never existed.
	boom := errors.New("boom")
	if err := db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.AddPrintJob("ticket", "A999", []byte("x")); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	id, data, ok, err := jobs.Next(ctx)
	if err != nil || !ok || id != 1 || string(data) != "\x1b@A001" {
		t.Fatalf("next: %d %q %v %v", id, data, ok, err)
	}
	if err := jobs.Failed(ctx, 1, "offline"); err != nil {
		t.Fatal(err)
	}
	if id, _, _, _ := jobs.Next(ctx); id != 1 {
		t.Fatal("a failed job must stay first")
	}
	if err := jobs.Printed(ctx, 1, false); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Printed(ctx, 2, true); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopened, as after a power cut: printed and held jobs stay out of the queue.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	jobs = db.PrintJobs()
	if n, _ := jobs.Queued(ctx); n != 1 {
		t.Fatalf("queued %d", n)
	}
	if id, _, _, _ := jobs.Next(ctx); id != 3 {
		t.Fatalf("next after reopen: %d", id)
	}
	if err := jobs.Cancel(ctx, 3); err != nil {
		t.Fatal(err)
	}
	var ke *kiosk.Error
	if err := jobs.Cancel(ctx, 1); !errors.As(err, &ke) || ke.Code != kiosk.ECONFLICT {
		t.Fatalf("cancel printed job: %v", err)
	}
	if _, _, ok, _ := jobs.Next(ctx); ok {
		t.Fatal("queue should be empty")
	}
	recent, err := jobs.Recent(ctx, 10)
	if err != nil || len(recent) != 3 || recent[0].State != "cancelled" || recent[1].State != "held" || recent[2].State != "printed" || recent[2].Attempts != 2 || recent[2].Bytes != 6 {
		t.Fatalf("recent: %+v %v", recent, err)
	}
	n, err := jobs.Prune(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("prune: %d %v", n, err)
	}
}
