package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// The child half of TestKilledWhileIssuingNeverReissuesANumber: it issues tickets in a
// loop and prints each code only after Issue returned, i.e. after the commit.
func TestMain(m *testing.M) {
	if path := os.Getenv("MOTCUA_KILL_DOSSIER_DB"); path != "" {
		os.Exit(receiveDossiersUntilKilled(path))
	}
	if path := os.Getenv("MOTCUA_KILL_CHILD_DB"); path != "" {
		db, err := Open(context.Background(), path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		q := &QueueService{DB: db, Config: kiosk.DefaultQueueConfig()}
		always := kiosk.AlwaysOpen() // issue at any hour, whenever the test runs
		q.Config.Hours = &always
		out := bufio.NewWriter(os.Stdout)
		for {
			is, err := q.Issue(context.Background(), "hotich", "")
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(4)
			}
			fmt.Fprintf(out, "%s %s\n", is.Ticket.Day, is.Ticket.Code)
			out.Flush()
		}
	}
	os.Exit(m.Run())
}

// A process issuing numbers is SIGKILLed at random moments, many times. After each restart
// the numbers go on: no number it reported as committed is ever issued again, and every
// reported number is in the database.
func TestKilledWhileIssuingNeverReissuesANumber(t *testing.T) {
	rounds := 30
	if testing.Short() {
		rounds = 5
	}
	path := filepath.Join(t.TempDir(), FileName)
	reported := killRounds(t, rounds, "MOTCUA_KILL_CHILD_DB="+path)
	for line, n := range reported {
		if n > 1 {
			t.Fatalf("%s was reported committed %d times", line, n)
		}
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Reader().Query(`SELECT day, code FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[string]bool{}
	maxOf := map[string]int{} // per day
	for rows.Next() {
		var day, code string
		if err := rows.Scan(&day, &code); err != nil {
			t.Fatal(err)
		}
		stored[day+" "+code] = true
		var n int
		if _, err := fmt.Sscanf(code, "A%d", &n); err != nil {
			t.Fatalf("code %q: %v", code, err)
		}
		maxOf[day] = max(maxOf[day], n)
	}
	// The numbers went on after each restart: each day holds 1..N with no gap and no
	// repeat (UNIQUE(day, issued_service, number) forbids repeats; the count proves no gap).
	for day, n := range maxOf {
		var count int
		if err := db.Reader().QueryRow(`SELECT count(*) FROM tickets WHERE day = ?`, day).Scan(&count); err != nil {
			t.Fatal(err)
		}
		if count != n {
			t.Fatalf("day %s: %d tickets stored but the highest number is %d", day, count, n)
		}
	}
	for line := range reported {
		if !stored[line] {
			t.Fatalf("%s was reported committed but is not in the database", line)
		}
	}
	t.Logf("%d rounds, %d numbers reported, %d stored", rounds, len(reported), len(stored))
}

// killRounds runs this test binary as a child with env (its TestMain hook loops on a write,
// printing one line after each commit) rounds times, lets it commit a few, SIGKILLs it at a
// random moment, and returns how many times each line was reported committed.
func killRounds(t *testing.T, rounds int, env string) map[string]int {
	t.Helper()
	reported := map[string]int{}
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), env)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Let it commit a few, then kill it at a random moment of its loop.
		for n := 0; n < 3; n++ {
			line, ok := <-lines
			if !ok {
				t.Fatalf("round %d: child stopped: %s", round, stderr.String())
			}
			reported[line]++
		}
		timer := time.AfterFunc(time.Duration(rand.IntN(40_000))*time.Microsecond, func() { _ = cmd.Process.Kill() })
		for line := range lines {
			reported[line]++
		}
		timer.Stop()
		_ = cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != -1 {
			t.Fatalf("round %d: child exited %d, not killed: %s", round, code, stderr.String())
		}
	}
	return reported
}
