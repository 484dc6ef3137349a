package client_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestDrainsExactlyThroughFaults(t *testing.T) {
	all := []fault{drop, lostAnswer, reset, truncate, duplicate, delay, status500, status503, status429}
	for _, tc := range []struct {
		name   string
		faults []fault
		rate   float64
	}{
		{"no faults", nil, 0},
		{"drops", []fault{drop}, 0.4},
		{"lost answers", []fault{lostAnswer}, 0.5},
		{"resets", []fault{reset}, 0.4},
		{"truncated answers", []fault{truncate}, 0.5},
		{"duplicates", []fault{duplicate}, 0.5},
		{"delays", []fault{delay}, 0.5},
		{"500 503 429", []fault{status500, status503, status429}, 0.5},
		{"everything", all, 0.5},
		{"hub restarts", []fault{restartHub}, 0.15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startHub(t)
			p := startProxy(t, h)
			p.setPick(randomFaults(uint64(len(tc.name)), tc.rate, tc.faults...))
			k := newKiosk(t, h, p.URL, nil)
			k.w.BatchEvents = 40 // many batches
			k.emit(t, 1000)
			k.drain(t, 500)
			k.emit(t, 137) // more after a full drain
			k.drain(t, 500)
			assertSame(t, h, k)
			for _, f := range tc.faults {
				if p.seen[f].Load() == 0 {
					t.Errorf("fault %s never injected", f)
				}
			}
		})
	}
}

func TestResumesAfterRestartOfTheKiosk(t *testing.T) {
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.w.BatchEvents = 100
	k.emit(t, 450)
	// Push two batches, then "restart": a new worker on the same database.
	var n atomic.Int64
	p.setPick(func(*http.Request) fault {
		if n.Add(1) > 2 {
			return drop
		}
		return pass
	})
	_ = k.w.Push(context.Background())
	synced, _ := k.db.SyncedThrough(context.Background())
	if synced != 200 {
		t.Fatalf("synced %d after two batches", synced)
	}
	p.setPick(nil)
	k.w = newWorker(k.db, k.id, nil)
	k.drain(t, 10)
	assertSame(t, h, k)
}

func TestClockAMonthWrong(t *testing.T) {
	h := startHub(t)
	p := startProxy(t, h)
	wrong := func() time.Time { return time.Now().Add(-31 * 24 * time.Hour) }
	k := newKiosk(t, h, p.URL, wrong)
	k.emit(t, 300)
	k.drain(t, 5)
	assertSame(t, h, k)
	if err := k.w.Beat(context.Background()); err != nil {
		t.Fatal(err)
	}
	kk, err := h.Store().Kiosk(context.Background(), k.id.KioskID)
	if err != nil {
		t.Fatal(err)
	}
	if skew := time.Duration(kk.SkewMillis) * time.Millisecond; skew > -30*24*time.Hour {
		t.Fatalf("hub saw skew %v, want about -31 days", skew)
	}
}
