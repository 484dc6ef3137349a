package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/kiosk"
)

const screensKey = "screens"

// ScreenSettingsService stores the public screens' settings (kiosk.ScreenSettingsService).
type ScreenSettingsService struct {
	DB        *DB
	Queue     *QueueService // the counters a display may show
	Publisher kiosk.Publisher
}

var _ kiosk.ScreenSettingsService = (*ScreenSettingsService)(nil)

// ScreenSettings returns the stored settings, or the defaults.
func (s *ScreenSettingsService) ScreenSettings(ctx context.Context) (kiosk.ScreenSettings, error) {
	out := kiosk.DefaultScreenSettings()
	raw, err := s.DB.Setting(ctx, screensKey, "")
	if err != nil || raw == "" {
		return out, err
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return kiosk.DefaultScreenSettings(), fmt.Errorf("stored screen settings: %w", err)
	}
	return out, nil
}

// SetScreenSettings validates, stores (with its outbox event and audit line) and announces
// the settings (SSE "settings").
func (s *ScreenSettingsService) SetScreenSettings(ctx context.Context, v kiosk.ScreenSettings) (kiosk.ScreenSettings, error) {
	q := kiosk.DefaultQueueConfig()
	if s.Queue != nil {
		q = *s.Queue.cfg()
	}
	if err := v.Validate(q); err != nil {
		return v, err
	}
	old, err := s.ScreenSettings(ctx)
	if err != nil {
		return v, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v, err
	}
	err = s.DB.Write(ctx, func(tx *Tx) error {
		if err := tx.SetSetting(screensKey, string(b)); err != nil {
			return err
		}
		vi, en := kiosk.DescribeScreenChange(old, v, q)
		return tx.Change("screens.changed", v, vi, en)
	})
	if err == nil && s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "settings", Data: v})
	}
	return v, err
}
