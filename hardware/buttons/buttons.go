// Package buttons lets a counter without a screen call numbers with hardware push
// buttons on GPIO pins (periph.io), wired to ground with the pin pulled up: a press is a
// falling edge. Contacts bounce both when pressed and when released, so a falling edge
// counts only after the pin has stayed high for the debounce window: a bounce at release,
// however long the button was held, never calls the next villager by mistake.
package buttons

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/kiosk"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpioreg"
)

// Lookup finds a pin by name in periph's registry (after host.Init). A missing pin is an
// error at start-up, not at the first press.
func Lookup(name string) (gpio.PinIn, error) {
	p := gpioreg.ByName(name)
	if p == nil {
		return nil, kiosk.Errorf(kiosk.EINVALID, "Không tìm thấy chân GPIO "+name+" trên máy này", "no GPIO pin named "+name)
	}
	return p, nil
}

// Button watches one pin and calls Press for each debounced press.
type Button struct {
	Pin      gpio.PinIn
	Debounce time.Duration // default 50 ms
	Clock    kiosk.Clock
	Press    func(ctx context.Context)
	Logger   *slog.Logger
}

// Watch configures the pin and runs until ctx ends.
func (b *Button) Watch(ctx context.Context) error {
	if err := b.Configure(); err != nil {
		return err
	}
	b.Run(ctx)
	return nil
}

// Configure pulls the pin up and arms detection of both edges (a release must be seen to
// debounce the next press).
func (b *Button) Configure() error {
	if b.Debounce == 0 {
		b.Debounce = 50 * time.Millisecond
	}
	if b.Clock == nil {
		b.Clock = kiosk.SystemClock
	}
	if b.Logger == nil {
		b.Logger = slog.Default()
	}
	if err := b.Pin.In(gpio.PullUp, gpio.BothEdges); err != nil {
		return fmt.Errorf("button %s: %w", b.Pin, err)
	}
	return nil
}

// Run calls Press for each debounced press until ctx ends.
func (b *Button) Run(ctx context.Context) {
	var lastHigh time.Time // when the pin last went high; zero: high since start
	for ctx.Err() == nil {
		// Wake regularly to notice ctx; periph has no cancellable wait.
		if !b.Pin.WaitForEdge(200 * time.Millisecond) {
			continue
		}
		now := b.Clock()
		if b.Pin.Read() == gpio.High {
			lastHigh = now // a release, or a bounce
			continue
		}
		if !lastHigh.IsZero() && now.Sub(lastHigh) < b.Debounce {
			continue // high too briefly: a bounce of a press or of a release
		}
		b.Press(ctx)
	}
}
