package sqlite

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// CallNext asks SQL for two candidates instead of loading every waiting ticket; on random
// halls with ties in time, transfers, other days and other states it must pick exactly
// what kiosk.PickNext picks from the whole list.
func TestCandidatesAgreeWithPickNext(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	services := []string{"hotich", "datdai", "xahoi", "khac"}
	statuses := []string{"waiting", "waiting", "waiting", "no_show", "called", "done"}
	prios := []string{"", "", "", "elderly", "pregnant"}
	counters := []kiosk.Counter{
		{ID: 1, Services: []string{"hotich", "khac"}},
		{ID: 2, Services: []string{"datdai", "khac"}},
		{ID: 3, Services: []string{"xahoi", "hotich", "khac"}},
		{ID: 4, Services: []string{"khac", "xahoi"}},
		{ID: 5},
	}
	base := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	for round := 0; round < 40; round++ {
		if err := q.DB.Write(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM tickets`); err != nil {
				return err
			}
			for i := 0; i < 1+rng.IntN(30); i++ {
				day := "2026-11-25"
				if rng.IntN(8) == 0 {
					day = "2026-11-24"
				}
				to := 0
				if rng.IntN(5) == 0 {
					to = 1 + rng.IntN(5)
				}
				at := formatTime(base.Add(time.Duration(rng.IntN(6)) * time.Minute)) // many ties
				line := services[rng.IntN(4)]
				issuedBy := line
				if rng.IntN(5) == 0 {
					issuedBy = services[rng.IntN(4)] // transferred from another line
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO tickets(day, service_id, issued_service, number, code, priority, status, issued_at, queued_at, to_counter)
					VALUES (?, ?, ?, ?, 'X', ?, ?, ?, ?, ?)`, day, line, issuedBy, i+1, prios[rng.IntN(5)], statuses[rng.IntN(6)], at, at, to); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		all, err := queryTickets(ctx, q.DB.Reader(), `day = '2026-11-25' AND status = 'waiting'`)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counters {
			cand, err := candidates(ctx, q.DB.Reader(), c, "2026-11-25")
			if err != nil {
				t.Fatal(err)
			}
			for _, policy := range []string{kiosk.PolicyStrict, kiosk.PolicyInterleave} {
				for since := 0; since <= 3; since++ {
					want, wok := kiosk.PickNext(all, c, policy, 2, since)
					got, gok := kiosk.PickNext(cand, c, policy, 2, since)
					if wok != gok || want.ID != got.ID {
						t.Fatalf("round %d counter %d %s since %d: candidates pick %d (%v), the whole list %d (%v)",
							round, c.ID, policy, since, got.ID, gok, want.ID, wok)
					}
				}
			}
		}
	}
}
