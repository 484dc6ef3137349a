package buttons

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// A press that bounces counts once; a press after the debounce window counts again; a
// release does nothing.
func TestButtonDebounces(t *testing.T) {
	pin := &gpiotest.Pin{N: "GPIO17", EdgesChan: make(chan gpio.Level)}
	var mu sync.Mutex
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, kiosk.Zone)
	var presses atomic.Int32
	pressed := make(chan struct{}, 10)
	b := &Button{Pin: pin, Debounce: 50 * time.Millisecond,
		Clock:  func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Press:  func(context.Context) { presses.Add(1); pressed <- struct{}{} },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := b.Configure(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	send := func(l gpio.Level) {
		select {
		case pin.EdgesChan <- l:
		case <-time.After(5 * time.Second):
			t.Fatal("the button stopped reading its pin")
		}
	}
	waitPress := func() {
		select {
		case <-pressed:
		case <-time.After(5 * time.Second):
			t.Fatal("a press was not seen")
		}
	}

	// Press with contact bounce: low, high, low within a few ms (the clock does not move).
	send(gpio.Low)
	waitPress()
	send(gpio.High)
	send(gpio.Low)
	send(gpio.High) // release
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	send(gpio.Low) // a second, real press
	waitPress()
	send(gpio.High)
	cancel()
	<-done
	if n := presses.Load(); n != 2 {
		t.Fatalf("%d presses, want 2", n)
	}
	if pin.Pull() != gpio.PullUp {
		t.Fatal("the pin was not pulled up")
	}
}

type fakeQueue struct {
	kiosk.QueueService
	calls []string
}

func (f *fakeQueue) CallNext(ctx context.Context, counter int, staff string) (kiosk.Ticket, error) {
	f.calls = append(f.calls, "next")
	return kiosk.Ticket{Code: "A001"}, nil
}

func (f *fakeQueue) Recall(ctx context.Context, counter int) (kiosk.Ticket, error) {
	f.calls = append(f.calls, "recall")
	return kiosk.Ticket{}, kiosk.Errorf(kiosk.ECONFLICT, "Quầy chưa gọi số nào", "nobody called")
}

func TestActionAndConfig(t *testing.T) {
	q := &fakeQueue{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	Action(q, kiosk.ButtonConfig{Pin: "GPIO17", Counter: 1, Action: kiosk.ButtonNext}, log)(context.Background())
	Action(q, kiosk.ButtonConfig{Pin: "GPIO27", Counter: 1, Action: kiosk.ButtonRecall}, log)(context.Background())
	if len(q.calls) != 2 || q.calls[0] != "next" || q.calls[1] != "recall" {
		t.Fatalf("calls %v", q.calls)
	}
	if _, err := Lookup("NO_SUCH_PIN"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("lookup of a missing pin: %v", err)
	}
}
