package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/motcua/motcua/hardware/buttons"
	"github.com/motcua/motcua/kiosk"
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
		b := &buttons.Button{Pin: pin, Press: buttonAction(a.queue, c, a.Logger), Logger: a.Logger}
		if err := b.Configure(); err != nil {
			return err
		}
		go b.Run(ctx)
	}
	return nil
}

// buttonAction returns what a press does at its counter: call next or recall, logging the
// clerk-facing reason when the queue refuses (nobody waiting, counter paused).
func buttonAction(q kiosk.QueueService, c kiosk.ButtonConfig, log *slog.Logger) func(ctx context.Context) {
	return func(ctx context.Context) {
		var t kiosk.Ticket
		var err error
		if c.Action == kiosk.ButtonRecall {
			t, err = q.Recall(ctx, c.Counter)
		} else {
			t, err = q.CallNext(ctx, c.Counter, "")
		}
		if err != nil {
			log.Info("button press refused", "pin", c.Pin, "counter", c.Counter, "action", c.Action, "reason", kiosk.ErrorOf(err).Message)
			return
		}
		log.Info("button press", "pin", c.Pin, "counter", c.Counter, "action", c.Action, "ticket", t.Code)
	}
}
