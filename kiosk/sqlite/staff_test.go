package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestLoginLockoutAndSessions(t *testing.T) {
	q, clock := newQueue(t)
	auth := q.Staff
	ctx := context.Background()

	token, sess, err := auth.Login(ctx, "canbo1", "1111")
	if err != nil || token == "" || sess.Staff.Name != "Nguyễn Thị Lan" {
		t.Fatalf("login: %v %+v", err, sess)
	}
	if got, err := auth.Session(ctx, token); err != nil || got.Staff.ID != "canbo1" {
		t.Fatalf("session: %v", err)
	}
	if _, _, err := auth.Login(ctx, "nobody", "1111"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown staff: %v", err)
	}

	for i := 0; i < kiosk.MaxPINFailures; i++ {
		if _, _, err := auth.Login(ctx, "canbo2", "0000"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	// Locked: even the right PIN is refused, with a message that says to wait.
	if _, _, err := auth.Login(ctx, "canbo2", "2222"); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("locked account: %v", err)
	}
	clock.Add(kiosk.PINLockout + time.Second)
	if _, _, err := auth.Login(ctx, "canbo2", "2222"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}

	// Sessions expire, and logout ends them.
	clock.Add(kiosk.SessionTTL)
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("expired session: %v", err)
	}
	token, _, _ = auth.Login(ctx, "canbo1", "1111")
	if err := auth.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Session(ctx, token); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("session after logout: %v", err)
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

// The slow PIN hash never runs while holding the one writer: a login with an unknown id
// or a locked account answers while another transaction holds the writer, and a right
// PIN waits only for the short bookkeeping write.
func TestLoginDoesNotHashInsideTheWriter(t *testing.T) {
	q, _ := newQueue(t)
	auth := q.Staff
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a hang fails, not a slow run
	defer cancel()
	for i := 0; i < kiosk.MaxPINFailures; i++ {
		auth.Login(ctx, "canbo3", "0000")
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
	if _, _, err := auth.Login(ctx, "nobody", "1234"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown id while the writer is held: %v", err)
	}
	if _, _, err := auth.Login(ctx, "canbo3", "3333"); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("locked account while the writer is held: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "1111"); err != nil {
		t.Fatal(err)
	}
}

// Wrong PINs sent in parallel lock the account after five, in commit order; none gets in.
func TestParallelWrongPINsLockTheAccount(t *testing.T) {
	q, _ := newQueue(t)
	auth := q.Staff
	ctx := context.Background()
	errs := make(chan error, 12)
	for i := 0; i < 12; i++ {
		go func() { _, _, err := auth.Login(ctx, "canbo2", "9876"); errs <- err }()
	}
	wrong, locked := 0, 0
	for i := 0; i < 12; i++ {
		switch kiosk.ErrorCode(<-errs) {
		case kiosk.EUNAUTHORIZED:
			wrong++
		case kiosk.EFORBIDDEN:
			locked++
		default:
			t.Fatal("a wrong PIN got in")
		}
	}
	if wrong > kiosk.MaxPINFailures || wrong+locked != 12 {
		t.Fatalf("%d wrong answers, %d locked; at most %d wrong answers allowed", wrong, locked, kiosk.MaxPINFailures)
	}
	if _, _, err := auth.Login(ctx, "canbo2", "2222"); kiosk.ErrorCode(err) != kiosk.EFORBIDDEN {
		t.Fatalf("right PIN after parallel guessing: %v", err)
	}
}

func TestReplaceStaffFromABundle(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	auth := q.Staff
	token, _, err := auth.Login(ctx, "canbo2", "2222")
	if err != nil {
		t.Fatal(err)
	}
	list := []StaffRecord{
		{Staff: kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Role: kiosk.RoleClerk, Counter: 1}, PINHash: HashPIN("4321")},
		{Staff: kiosk.Staff{ID: "ad", Name: "Quản trị", Role: kiosk.RoleAdmin}, PINHash: HashPIN("8765")},
	}
	bad := append([]StaffRecord{}, list...)
	bad[1].PINHash = "8765" // a PIN in clear is refused
	if err := auth.ReplaceStaff(ctx, bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("clear PIN accepted: %v", err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "1111"); err != nil {
		t.Fatalf("a refused list changed the staff: %v", err)
	}
	if err := auth.ReplaceStaff(ctx, list); err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.Login(ctx, "canbo1", "4321"); err != nil {
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
