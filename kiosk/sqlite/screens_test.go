package sqlite

import (
	"context"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// Screen settings start at their defaults, refuse an unknown counter or a time-out out of
// range by name, and a change is stored, audited in words and announced.
func TestScreenSettings(t *testing.T) {
	q, _ := newQueue(t)
	broker := kiosk.NewBroker()
	notices, cancel := broker.Subscribe(4)
	defer cancel()
	s := &ScreenSettingsService{DB: q.DB, Queue: q, Publisher: broker}
	ctx := context.Background()
	got, err := s.ScreenSettings(ctx)
	if err != nil || !got.Display.Sound || got.Kiosk.IdleSeconds != 90 || len(got.Kiosk.Languages) != 2 {
		t.Fatalf("defaults %+v %v", got, err)
	}
	bad := got
	bad.Display.Counters = []int{1, 9}
	if _, err := s.SetScreenSettings(ctx, bad); kiosk.ErrorOf(err).Field != "display.counters[1]" {
		t.Fatalf("counter 9: %v", err)
	}
	bad = got
	bad.Kiosk.IdleSeconds = 5
	if _, err := s.SetScreenSettings(ctx, bad); kiosk.ErrorOf(err).Field != "kiosk.idle_seconds" {
		t.Fatalf("5 s: %v", err)
	}
	v := got
	v.Display.Sound, v.Display.Counters, v.Kiosk.Languages, v.Kiosk.LargeText = false, []int{1, 3}, []string{}, true
	saved, err := s.SetScreenSettings(ctx, v)
	if err != nil || saved.Kiosk.Languages[0] != "vi" {
		t.Fatalf("%+v %v", saved, err)
	}
	if again, _ := s.ScreenSettings(ctx); again.Display.Sound || len(again.Display.Counters) != 2 || !again.Kiosk.LargeText {
		t.Errorf("stored %+v", again)
	}
	if n := <-notices; n.Kind != "settings" {
		t.Errorf("notice %+v", n)
	}
	want := "Màn hình phòng chờ: đọc số tắt; Màn hình phòng chờ hiện: Quầy 1, Quầy 3; Ngôn ngữ trên kiosk: chỉ tiếng Việt; Kiosk mở đầu bằng chữ to: bật"
	if got := auditSummaries(t, q.DB); len(got) != 1 || got[0] != want {
		t.Errorf("audit %q", got)
	}
}
