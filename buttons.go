package main

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/kiosk/buttons"
	"periph.io/x/host/v3"
)

// startButtons watches the configured GPIO call buttons. A pin that does not exist is an
// error at start-up, not at the first press.
func (a *App) startButtons(ctx context.Context) error {
	if len(a.Config.Buttons) == 0 {
		return nil
	}
	if _, err := host.Init(); err != nil {
		return fmt.Errorf("GPIO: %w", err)
	}
	for _, c := range a.Config.Buttons {
		pin, err := buttons.Lookup(c.Pin)
		if err != nil {
			return err
		}
		b := &buttons.Button{Pin: pin, Press: buttons.Action(a.queue, c, a.Logger), Logger: a.Logger}
		if err := b.Configure(); err != nil {
			return err
		}
		go b.Run(ctx)
	}
	return nil
}
