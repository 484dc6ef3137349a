package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func job(ref string) kiosk.PrintJob {
	return kiosk.PrintJob{Kind: kiosk.PrintTicket, Ref: ref, Data: []byte("\x1b@" + ref), Reprint: []byte("\x1b@IN LAI " + ref)}
}

func TestPrintJobsDurableAndInOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	jobs := db.PrintJobs()
	for _, ref := range []string{"A001", "A002", "A003"} {
		if _, err := jobs.Add(ctx, job(ref)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := jobs.Add(ctx, kiosk.PrintJob{Kind: kiosk.PrintTicket, Ref: "x"}); err == nil {
		t.Fatal("empty job accepted")
	}
	// A job added in a transaction that rolls back never existed.
	boom := errors.New("boom")
	if err := db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.AddPrintJob(job("A999")); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	j, ok, err := jobs.Next(ctx)
	if err != nil || !ok || j.ID != 1 || string(j.Data) != "\x1b@A001" || j.Resend || j.Kind != kiosk.PrintTicket || j.Ref != "A001" {
		t.Fatalf("next: %+v %v %v", j, ok, err)
	}
	// An attempt that failed before any byte left: the next is still the first print.
	if err := jobs.Sending(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Failed(ctx, 1, false, "connect: refused"); err != nil {
		t.Fatal(err)
	}
	if j, _, _ := jobs.Next(ctx); j.ID != 1 || j.Resend || string(j.Data) != "\x1b@A001" {
		t.Fatalf("a job that never reached the printer must stay first, unmarked: %+v", j)
	}
	// An attempt that may have put some of it on paper: the next sends the marked reprint.
	if err := jobs.Sending(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Failed(ctx, 1, true, "connection reset"); err != nil {
		t.Fatal(err)
	}
	if j, _, _ := jobs.Next(ctx); j.ID != 1 || !j.Resend || string(j.Data) != "\x1b@IN LAI A001" {
		t.Fatalf("resend: %+v", j)
	}
	if err := jobs.Printed(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// The kiosk dies while A002 is being sent: after restart it is a resend.
	if err := jobs.Sending(ctx, 2); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	jobs = db.PrintJobs()
	if n, _ := jobs.Queued(ctx); n != 2 {
		t.Fatalf("queued %d", n)
	}
	if j, _, _ := jobs.Next(ctx); j.ID != 2 || !j.Resend || string(j.Data) != "\x1b@IN LAI A002" {
		t.Fatalf("next after a crash mid-job: %+v", j)
	}
	if err := jobs.Cancel(ctx, 2); err != nil {
		t.Fatal(err)
	}
	var ke *kiosk.Error
	if err := jobs.Cancel(ctx, 1); !errors.As(err, &ke) || ke.Code != kiosk.ECONFLICT {
		t.Fatalf("cancel printed job: %v", err)
	}
	if j, _, _ := jobs.Next(ctx); j.ID != 3 || j.Resend {
		t.Fatalf("next: %+v", j)
	}
	recent, err := jobs.Recent(ctx, 10)
	if err != nil || len(recent) != 3 || recent[0].State != "queued" || recent[1].State != "cancelled" || recent[2].State != "printed" ||
		recent[2].Attempts != 2 || !recent[2].Resend || recent[2].Bytes != 6 {
		t.Fatalf("recent: %+v %v", recent, err)
	}
	n, err := jobs.Prune(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("prune: %d %v", n, err)
	}
	// Ids are never reused after a prune.
	if id, err := jobs.Add(ctx, job("A004")); err != nil || id != 4 {
		t.Fatalf("id after prune: %d %v", id, err)
	}
}

// Tickets and slips that waited past the limit are dropped, by kind, and counted out of the
// queue; others wait on.
func TestPrintJobsExpire(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	clock := &fakeClock{t: time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)}
	db.Clock = clock.Now
	jobs := db.PrintJobs()
	jobs.Add(ctx, job("A001"))
	jobs.Add(ctx, kiosk.PrintJob{Kind: "receipt", Ref: "H56-1", Data: []byte("r")})
	clock.Add(10 * time.Minute)
	jobs.Add(ctx, job("A002"))
	clock.Add(6 * time.Minute)
	n, err := jobs.Expire(ctx, kiosk.PrintTicket, clock.Now().Add(-15*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("expire: %d %v", n, err)
	}
	if q, _ := jobs.Queued(ctx); q != 2 {
		t.Fatalf("queued %d, want the receipt and A002", q)
	}
	if j, _, _ := jobs.Next(ctx); j.Kind != "receipt" || !j.QueuedAt.Equal(time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)) {
		t.Fatalf("next: %+v", j)
	}
	if recent, _ := jobs.Recent(ctx, 3); recent[2].State != "expired" || recent[2].DoneAt.IsZero() {
		t.Fatalf("%+v", recent[2])
	}
}

// A kiosk upgraded from the first print spool keeps its queue, its finished jobs and its ids.
func TestPrintJobsMigrationKeepsTheQueue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version > 5 {
			break
		}
		if err := apply(ctx, w, m); err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range []string{"printed", "held", "queued", "printed"} {
		if _, err := w.ExecContext(ctx, `INSERT INTO print_jobs(kind, ref, data, state, created_at) VALUES ('ticket', ?, x'1b40', ?, '2026-11-25T01:00:00.000000Z')`, i, st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.ExecContext(ctx, `DELETE FROM print_jobs WHERE id = 4`); err != nil {
		t.Fatal(err)
	}
	w.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	jobs := db.PrintJobs()
	if j, ok, err := jobs.Next(ctx); err != nil || !ok || j.ID != 3 || j.Resend {
		t.Fatalf("next after upgrade: %+v %v %v", j, ok, err)
	}
	if recent, _ := jobs.Recent(ctx, 5); len(recent) != 3 || recent[1].State != "held" {
		t.Fatalf("%+v", recent)
	}
	if id, err := jobs.Add(ctx, job("A005")); err != nil || id != 5 {
		t.Fatalf("new id after upgrade: %d %v", id, err)
	}
}
