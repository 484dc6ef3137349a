package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

// receiveDossiersUntilKilled is the child half of TestKilledWhileReceivingNeverReusesACode:
// it receives dossiers in a loop and prints each code only after Intake returned, i.e. after
// the commit.
func receiveDossiersUntilKilled(path string) int {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	// A fixed Monday morning: the test is about numbering, not about the day it runs on.
	db.Clock = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.Zone) }
	cat := catalog.NewService(NewCatalogStore(db), nil)
	svc := &DossierService{DB: db, Catalog: cat, Agency: testAgency}
	if err := svc.LoadCalendar(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	out := bufio.NewWriter(os.Stdout)
	for {
		d, err := svc.Intake(ctx, clerk1, intake())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		fmt.Fprintln(out, d.Code)
		out.Flush()
	}
}

// A process receiving dossiers is SIGKILLed at random moments, many times. After each
// restart the numbering goes on: no code it reported committed is ever given again, every
// reported code is stored, each day's numbers run 1..N without a gap, and every dossier has
// its outbox event and its tracking-sheet row (all or nothing).
func TestKilledWhileReceivingNeverReusesACode(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 4
	}
	path := filepath.Join(t.TempDir(), FileName)
	func() { // the demo catalog, loaded once before the children start
		r := newDossierRig(t, path)
		r.db.Close()
	}()
	reported := killRounds(t, rounds, "MOTCUA_KILL_DOSSIER_DB="+path)
	for code, n := range reported {
		if n > 1 {
			t.Fatalf("%s was reported committed %d times", code, n)
		}
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string]bool{}
	count, maxOf := map[string]int{}, map[string]int{}
	rows, err := db.Reader().Query(`SELECT code, day, number FROM dossiers`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, day string
		var n int
		if err := rows.Scan(&code, &day, &n); err != nil {
			t.Fatal(err)
		}
		stored[code] = true
		count[day]++
		maxOf[day] = max(maxOf[day], n)
		if code != kiosk.DossierCode(testAgency, mustDay(t, day), n) {
			t.Fatalf("code %s does not match day %s number %d", code, day, n)
		}
	}
	rows.Close()
	for day, n := range maxOf {
		if count[day] != n {
			t.Fatalf("day %s: %d dossiers stored but the highest number is %d", day, count[day], n)
		}
	}
	for code := range reported {
		if !stored[code] {
			t.Fatalf("%s was reported committed but is not in the database", code)
		}
	}
	var events, sheets int
	if err := db.Reader().QueryRow(`SELECT (SELECT count(*) FROM outbox WHERE kind = 'dossier.received'), (SELECT count(*) FROM dossier_events)`).Scan(&events, &sheets); err != nil {
		t.Fatal(err)
	}
	if events != len(stored) || sheets != len(stored) {
		t.Fatalf("%d dossiers, %d outbox events, %d tracking rows", len(stored), events, sheets)
	}
	t.Logf("%d rounds, %d codes reported, %d stored", rounds, len(reported), len(stored))
}

func mustDay(t *testing.T, day string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, day, kiosk.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
