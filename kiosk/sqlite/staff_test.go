package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestLoginAndSessions(t *testing.T) {
	q, clock := newQueue(t)
	auth := q.Staff
	ctx := context.Background()

	token, sess, err := auth.Login(ctx, "canbo1", "1111", "192.0.2.10")
	if err != nil || token == "" || sess.Staff.Name != "Nguyễn Thị Lan" {
		t.Fatalf("login: %v %+v", err, sess)
	}
	if got, err := auth.Session(ctx, token); err != nil || got.Staff.ID != "canbo1" {
		t.Fatalf("session: %v", err)
	}
	if _, _, err := auth.Login(ctx, "nobody", "1111", "192.0.2.10"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown staff: %v", err)
	}

	// Sessions expire, and logout ends them.
	clock.Add(kiosk.SessionTTL)
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("expired session: %v", err)
	}
	token, _, _ = auth.Login(ctx, "canbo1", "1111", "192.0.2.10")
	if err := auth.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("session after logout: %v", err)
	}
}

// The lockout storm: 20 wrong PINs from one LAN client, five at each of the four public
// staff ids, in the same instant. The client is made to wait before any account is, so
// every clerk still logs in from their own PC, and the client itself after its wait.
func TestLockoutStorm(t *testing.T) {
	q, clock := newQueue(t)
	auth := q.Staff
	ctx := context.Background()
	wrong, waited := 0, 0
	var last error
	for _, d := range DemoStaff {
		for range 5 {
			_, _, err := auth.Login(ctx, d.ID, "0000", "192.0.2.66")
			switch kiosk.ErrorCode(err) {
			case kiosk.EUNAUTHORIZED:
				wrong++
			case kiosk.ETOOMANY:
				waited++
				last = err
			default:
				t.Fatalf("%s: %v", d.ID, err)
			}
		}
	}
	if wrong != kiosk.SourceThrottle.Free || waited != 20-wrong {
		t.Fatalf("%d wrong-PIN answers and %d waits; want %d and the rest waits", wrong, waited, kiosk.SourceThrottle.Free)
	}
	if e := kiosk.ErrorOf(last); e.RetryAfter != kiosk.SourceThrottle.Base || !strings.Contains(e.Message, "Máy này") || !strings.Contains(e.Message, "5 giây") {
		t.Fatalf("the storming client is told %q, retry after %v", e.Message, e.RetryAfter)
	}
	for i, d := range DemoStaff {
		if _, _, err := auth.Login(ctx, d.ID, d.PIN, fmt.Sprintf("192.0.2.%d", 10+i)); err != nil {
			t.Fatalf("%s cannot log in from their own PC after the storm: %v", d.ID, err)
		}
	}
	clock.Add(kiosk.SourceThrottle.Base)
	if _, _, err := auth.Login(ctx, "canbo1", "1111", "192.0.2.66"); err != nil {
		t.Fatalf("the client after its wait: %v", err)
	}
}

// Wrong PINs add up across genuine logins: four guesses between logins no longer go on
// forever. The answers say how many tries are left, then how long to wait, and the waits
// grow; failures are forgotten one an hour.
func TestWrongPINsCountAcrossLoginsWithGrowingWaits(t *testing.T) {
	q, clock := newQueue(t)
	auth := q.Staff
	ctx := context.Background()
	src := 0
	try := func(pin string) error { // each try from another address: only the account counts
		src++
		_, _, err := auth.Login(ctx, "canbo2", pin, fmt.Sprintf("192.0.2.%d", src))
		return err
	}
	for i := 1; i < kiosk.AccountThrottle.Free; i++ {
		err := try("0000")
		// The fewer of the account's and this device's tries left.
		want := fmt.Sprintf("Còn %d lần thử", min(kiosk.AccountThrottle.Free-i, kiosk.SourceThrottle.Free-1))
		if kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED || !strings.Contains(kiosk.ErrorOf(err).Message, want) {
			t.Fatalf("wrong PIN %d: %v, want %q", i, kiosk.ErrorOf(err).Message, want)
		}
		if err := try("2222"); err != nil {
			t.Fatalf("a genuine login between guesses: %v", err)
		}
	}
	wait := kiosk.AccountThrottle.Base
	for n := 0; n < 3; n++ {
		err := try("0000")
		if e := kiosk.ErrorOf(err); e.Code != kiosk.EUNAUTHORIZED || e.RetryAfter != wait {
			t.Fatalf("failure %d: %+v, want a wait of %v", kiosk.AccountThrottle.Free+n, e, wait)
		}
		if err := try("2222"); kiosk.ErrorCode(err) != kiosk.ETOOMANY || !strings.Contains(kiosk.ErrorOf(err).Message, "quản trị viên") {
			t.Fatalf("the right PIN during the wait: %v", err)
		}
		clock.Add(wait)
		wait *= 2
	}
	if err := try("2222"); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	// Seven failures so far; one is forgotten each hour: four hours on, three remain.
	clock.Add(4 * kiosk.AccountThrottle.Leak)
	if err := try("0000"); !strings.Contains(kiosk.ErrorOf(err).Message, "Còn 1 lần thử") {
		t.Fatalf("after four hours: %v", kiosk.ErrorOf(err).Message)
	}
}

// An admin sees which accounts and addresses are slowed, and unlocks them.
func TestAdminUnlocksAnAccount(t *testing.T) {
	q, clock := newQueue(t)
	auth := q.Staff
	ctx := context.Background()
	for i := range kiosk.AccountThrottle.Free {
		auth.Login(ctx, "canbo3", "0000", fmt.Sprintf("192.0.2.%d", i))
	}
	list, err := auth.LoginThrottles(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("%v %v", list, err)
	}
	got := list[0]
	if got.Kind != kiosk.ThrottleStaff || got.Key != "canbo3" || got.Name != "Y Nhi Niê" || got.Failures != kiosk.AccountThrottle.Free ||
		!got.BlockedUntil.Equal(clock.Now().Add(kiosk.AccountThrottle.Base)) {
		t.Fatalf("first throttle %+v", got)
	}
	if len(list) != 1+kiosk.AccountThrottle.Free {
		t.Fatalf("%d throttles, want the account and its %d addresses", len(list), kiosk.AccountThrottle.Free)
	}
	if _, _, err := auth.Login(ctx, "canbo3", "3333", "192.0.2.50"); kiosk.ErrorCode(err) != kiosk.ETOOMANY {
		t.Fatalf("locked: %v", err)
	}
	if err := auth.Unlock(ctx, "staff", "canbo3"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.Login(ctx, "canbo3", "3333", "192.0.2.50"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if err := auth.Unlock(ctx, "staff", "canbo3"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unlock twice: %v", err)
	}
	if err := auth.Unlock(ctx, "everyone", ""); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("unlock a bad kind: %v", err)
	}
	// Emptied buckets leave the list, and the table, once they have drained.
	clock.Add(time.Duration(kiosk.AccountThrottle.MaxLevel()) * kiosk.AccountThrottle.Leak)
	auth.Login(ctx, "nobody", "0000", "192.0.2.99")
	if list, _ := auth.LoginThrottles(ctx); len(list) != 1 || list[0].Key != "192.0.2.99" {
		t.Fatalf("after a day: %+v", list)
	}
	var rows int
	q.DB.Reader().QueryRow(`SELECT count(*) FROM login_throttle`).Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d rows kept", rows)
	}
}

func TestPINsAreNotStoredInClear(t *testing.T) {
	q, _ := newQueue(t)
	var hash string
	if err := q.DB.Reader().QueryRow(`SELECT pin_hash FROM staff WHERE id = 'canbo1'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if hash == "1111" || len(hash) < 40 || !checkPIN(hash, "1111") || checkPIN(hash, "1112") {
		t.Fatalf("stored PIN %q", hash)
	}
	if err := q.Staff.PutStaff(context.Background(), kiosk.Staff{ID: "x", Name: "X", Role: kiosk.RoleClerk}, "12ab"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a PIN with letters: %v", err)
	}
}

// A try that must wait is refused from the readers alone, with no PIN hash and no write:
// it answers while another transaction holds the one writer. (That the hash of other
// tries runs outside the writer is BenchmarkIssueWhileClerksLogIn's target.)
func TestWaitingLoginAnswersWhileTheWriterIsHeld(t *testing.T) {
	q, _ := newQueue(t)
	auth := q.Staff
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a hang fails, not a slow run
	defer cancel()
	for i := range kiosk.AccountThrottle.Free {
		auth.Login(ctx, "canbo3", "0000", fmt.Sprintf("192.0.2.%d", i))
	}
	for range kiosk.SourceThrottle.Free {
		auth.Login(ctx, "nobody", "0000", "192.0.2.66")
	}
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- q.DB.Write(ctx, func(tx *Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	if _, _, err := auth.Login(ctx, "canbo1", "1111", "192.0.2.66"); kiosk.ErrorCode(err) != kiosk.ETOOMANY {
		t.Fatalf("waiting client while the writer is held: %v", err)
	}
	if _, _, err := auth.Login(ctx, "canbo3", "3333", "192.0.2.50"); kiosk.ErrorCode(err) != kiosk.ETOOMANY {
		t.Fatalf("locked account while the writer is held: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "1111", "192.0.2.51"); err != nil {
		t.Fatal(err)
	}
}

// Wrong PINs sent in parallel get at most Free wrong answers, in commit order, whether
// from one client (its own throttle) or from many (the account's); none gets in.
func TestParallelWrongPINsAreThrottled(t *testing.T) {
	for _, c := range []struct {
		name   string
		source func(i int) string
		free   int
	}{
		{"one client", func(int) string { return "192.0.2.66" }, kiosk.SourceThrottle.Free},
		{"many clients", func(i int) string { return fmt.Sprintf("192.0.2.%d", i) }, kiosk.AccountThrottle.Free},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, _ := newQueue(t)
			auth := q.Staff
			ctx := context.Background()
			errs := make(chan error, 12)
			for i := range 12 {
				go func() { _, _, err := auth.Login(ctx, "canbo2", "9876", c.source(i)); errs <- err }()
			}
			wrong, waited := 0, 0
			for range 12 {
				switch kiosk.ErrorCode(<-errs) {
				case kiosk.EUNAUTHORIZED:
					wrong++
				case kiosk.ETOOMANY:
					waited++
				default:
					t.Fatal("a wrong PIN got in")
				}
			}
			if wrong > c.free || wrong+waited != 12 {
				t.Fatalf("%d wrong answers, %d waits; at most %d wrong answers allowed", wrong, waited, c.free)
			}
			if _, _, err := auth.Login(ctx, "canbo2", "2222", c.source(0)); kiosk.ErrorCode(err) != kiosk.ETOOMANY {
				t.Fatalf("right PIN after parallel guessing: %v", err)
			}
		})
	}
}

func TestReplaceStaffFromABundle(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	auth := q.Staff
	token, _, err := auth.Login(ctx, "canbo2", "2222", "192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	list := []kiosk.StaffRecord{
		{Staff: kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Role: kiosk.RoleClerk, Counter: 1}, PINHash: HashPIN("4321")},
		{Staff: kiosk.Staff{ID: "ad", Name: "Quản trị", Role: kiosk.RoleAdmin}, PINHash: HashPIN("8765")},
	}
	bad := append([]kiosk.StaffRecord{}, list...)
	bad[1].PINHash = "8765" // a PIN in clear is refused
	if err := auth.ReplaceStaff(ctx, bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("clear PIN accepted: %v", err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "1111", "192.0.2.10"); err != nil {
		t.Fatalf("a refused list changed the staff: %v", err)
	}
	if err := auth.ReplaceStaff(ctx, list); err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "4321", "192.0.2.10"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("a removed clerk's session still works: %v", err)
	}
	staff, _ := auth.ListStaff(ctx)
	if len(staff) != 2 {
		t.Fatalf("%d staff, want 2", len(staff))
	}
}
