package buttons

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// A press that bounces counts once; a press after the debounce window counts again; a
// release does nothing, even when it bounces after a long hold.
func TestButtonDebounces(t *testing.T) {
	pin := &gpiotest.Pin{N: "GPIO17", EdgesChan: make(chan gpio.Level)}
	// The button reads the clock once per edge; the test hands it each edge's time right
	// after the edge, so what it sees never depends on goroutine timing.
	stamps := make(chan time.Time)
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)
	var presses atomic.Int32
	b := &Button{Pin: pin, Debounce: 50 * time.Millisecond,
		Clock:  func() time.Time { return <-stamps },
		Press:  func(context.Context) { presses.Add(1) },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := b.Configure(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	edge := func(l gpio.Level) {
		t.Helper()
		select {
		case pin.EdgesChan <- l:
		case <-time.After(5 * time.Second):
			t.Fatal("the button stopped reading its pin")
		}
	}
	steps := []struct {
		level gpio.Level
		ms    int
		want  int32 // presses once this edge is handled
	}{
		{gpio.Low, 0, 1},     // a press
		{gpio.High, 1, 1},    // contact bounce
		{gpio.Low, 2, 1},     //
		{gpio.High, 5, 1},    // release
		{gpio.Low, 1000, 2},  // a second, real press, held 300 ms
		{gpio.High, 1300, 2}, // release, bouncing
		{gpio.Low, 1301, 2},  //
		{gpio.High, 1302, 2}, //
		{gpio.Low, 1330, 2},  // a late bounce: high for only 28 ms
		{gpio.High, 1331, 2}, //
		{gpio.Low, 1400, 3},  // high for 69 ms: a real press
		{gpio.High, 1500, 3}, //
	}
	for i, st := range steps {
		edge(st.level)
		// Run took this edge, so it has finished the one before; it now waits for the time.
		if i > 0 {
			if n := presses.Load(); n != steps[i-1].want {
				t.Fatalf("after edge %d (%v at %d ms): %d presses, want %d", i-1, steps[i-1].level, steps[i-1].ms, n, steps[i-1].want)
			}
		}
		stamps <- t0.Add(time.Duration(st.ms) * time.Millisecond)
	}
	edge(gpio.High) // Run has handled the last step
	cancel()
	stamps <- t0.Add(time.Hour)
	<-done
	if n := presses.Load(); n != 3 {
		t.Fatalf("%d presses, want 3", n)
	}
	if pin.Pull() != gpio.PullUp {
		t.Fatal("the pin was not pulled up")
	}
}
