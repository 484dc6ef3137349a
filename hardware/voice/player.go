package voice

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/motcua/motcua/kiosk"
)

// Player speaks calls on the kiosk PC's own speakers, one after another: a call that
// comes while another plays waits its turn, so two calls never talk over each other.
type Player struct {
	Library Library
	// Command plays a WAV file given as its last argument, e.g. ["aplay", "-q"] or ["paplay"].
	Command []string
	Repeat  bool // say each call twice
	Digits  bool // read numbers digit by digit
	Logger  *slog.Logger
}

// Run plays each ticket.called notice until ctx ends. Calls queue in a buffer; when it is
// full the oldest waiting calls are dropped rather than blocking the broker.
func (p *Player) Run(ctx context.Context, notices <-chan kiosk.Notice) {
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	queue := make(chan kiosk.Call, 16)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case n, ok := <-notices:
				if !ok {
					return
				}
				if c, isCall := n.Data.(kiosk.Call); isCall && n.Kind == "ticket.called" {
					select {
					case queue <- c:
					default:
						p.Logger.Warn("voice queue full; call not spoken", "code", c.Code)
					}
				}
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-queue:
			if err := p.play(ctx, c); err != nil {
				p.Logger.Warn("cannot speak call", "code", c.Code, "counter", c.CounterID, "err", err)
			}
		}
	}
}

func (p *Player) play(ctx context.Context, c kiosk.Call) error {
	wav, err := p.Library.AnnouncementWAV(c.Code, c.CounterID, p.Digits)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp("", "motcua-call-*.wav")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(wav); err != nil {
		f.Close()
		return err
	}
	f.Close()
	times := 1
	if p.Repeat {
		times = 2
	}
	for i := 0; i < times; i++ {
		args := append(append([]string{}, p.Command[1:]...), filepath.Clean(f.Name()))
		if err := exec.CommandContext(ctx, p.Command[0], args...).Run(); err != nil {
			return err
		}
	}
	return nil
}
