package kiosk

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// ScreenSettings are what a commune sets for its public screens on the admin page: the
// hall display and the kiosk. Every screen reads them (GET /api/v1/settings) and follows a
// change at once.
type ScreenSettings struct {
	Display DisplaySettings `json:"display"`
	Kiosk   KioskSettings   `json:"kiosk"`
}

// DisplaySettings is the hall display.
type DisplaySettings struct {
	// Sound: the display chimes and reads each call aloud (after one tap on it, which
	// browsers require). Off: calls are shown only.
	Sound bool `json:"sound"`
	// Counters lists the counters the display shows, in the queue's order; empty shows all.
	Counters []int `json:"counters"`
}

// KioskSettings is the villagers' touch screen.
type KioskSettings struct {
	// IdleSeconds without a touch send a public screen back home, fresh (30–600).
	IdleSeconds int `json:"idle_seconds"`
	// Languages offered besides Vietnamese, which is always there: "en" or none.
	Languages []string `json:"languages"`
	// LargeText starts every visit in large text (the "Chữ to" button still toggles it).
	LargeText bool `json:"large_text"`
	// AutoSpeak starts every visit reading each screen aloud on arrival (the "Tự đọc"
	// button still toggles it; a touch stops the reading).
	AutoSpeak bool `json:"auto_speak"`
}

// DefaultScreenSettings: calls spoken, every counter shown, home after 90 s, Vietnamese and
// English, normal text.
func DefaultScreenSettings() ScreenSettings {
	return ScreenSettings{Display: DisplaySettings{Sound: true, Counters: []int{}}, Kiosk: KioskSettings{IdleSeconds: 90, Languages: []string{"vi", "en"}}}
}

// Validate checks s against the hall's queue, naming the box at fault.
func (s *ScreenSettings) Validate(q QueueConfig) error {
	for i, c := range s.Display.Counters {
		if _, ok := q.CounterByID(c); !ok {
			return Invalid(fmt.Sprintf("display.counters[%d]", i), fmt.Sprintf("«Quầy hiển thị»: không có quầy số %d", c), fmt.Sprintf("no counter %d", c))
		}
	}
	if s.Kiosk.IdleSeconds < 30 || s.Kiosk.IdleSeconds > 600 {
		return Invalid("kiosk.idle_seconds", "«Tự về trang chủ sau (giây)» phải từ 30 đến 600", "idle_seconds must be 30 to 600")
	}
	for i, l := range s.Kiosk.Languages {
		if l != "vi" && l != "en" {
			return Invalid(fmt.Sprintf("kiosk.languages[%d]", i), "«Ngôn ngữ» chỉ có tiếng Việt (vi) và tiếng Anh (en)", "languages are vi and en")
		}
	}
	if !slices.Contains(s.Kiosk.Languages, "vi") {
		s.Kiosk.Languages = append([]string{"vi"}, s.Kiosk.Languages...)
	}
	if s.Display.Counters == nil {
		s.Display.Counters = []int{}
	}
	return nil
}

// DescribeScreenChange says what changed, for the audit list.
func DescribeScreenChange(old, s ScreenSettings, q QueueConfig) (vi, en string) {
	var v, e []string
	onOff := func(b bool) (string, string) {
		if b {
			return "bật", "on"
		}
		return "tắt", "off"
	}
	if old.Display.Sound != s.Display.Sound {
		a, b := onOff(s.Display.Sound)
		v, e = append(v, "Màn hình phòng chờ: đọc số "+a), append(e, "Display sound "+b)
	}
	if !slices.Equal(old.Display.Counters, s.Display.Counters) {
		names := []string{}
		for _, id := range s.Display.Counters {
			if c, ok := q.CounterByID(id); ok {
				names = append(names, c.Name)
			}
		}
		shown := "tất cả các quầy"
		if len(names) > 0 {
			shown = strings.Join(names, ", ")
		}
		v, e = append(v, "Màn hình phòng chờ hiện: "+shown), append(e, "Display shows: "+shown)
	}
	if old.Kiosk.IdleSeconds != s.Kiosk.IdleSeconds {
		v, e = append(v, fmt.Sprintf("Kiosk tự về trang chủ sau %d giây", s.Kiosk.IdleSeconds)), append(e, fmt.Sprintf("Kiosk idle time-out %d s", s.Kiosk.IdleSeconds))
	}
	if !slices.Equal(old.Kiosk.Languages, s.Kiosk.Languages) {
		a := "chỉ tiếng Việt"
		if slices.Contains(s.Kiosk.Languages, "en") {
			a = "tiếng Việt và tiếng Anh"
		}
		v, e = append(v, "Ngôn ngữ trên kiosk: "+a), append(e, "Kiosk languages: "+strings.Join(s.Kiosk.Languages, ", "))
	}
	if old.Kiosk.LargeText != s.Kiosk.LargeText {
		a, b := onOff(s.Kiosk.LargeText)
		v, e = append(v, "Kiosk mở đầu bằng chữ to: "+a), append(e, "Kiosk starts in large text: "+b)
	}
	if old.Kiosk.AutoSpeak != s.Kiosk.AutoSpeak {
		a, b := onOff(s.Kiosk.AutoSpeak)
		v, e = append(v, "Kiosk tự đọc mỗi màn hình: "+a), append(e, "Kiosk reads each screen aloud: "+b)
	}
	if len(v) == 0 {
		return "Lưu cài đặt màn hình (không có thay đổi)", "Saved the screen settings (no change)"
	}
	return strings.Join(v, "; "), strings.Join(e, "; ")
}

// ScreenSettingsService keeps the screen settings: anyone reads them, admins change them
// (EINVALID naming the setting; each change in the outbox and the audit list).
type ScreenSettingsService interface {
	ScreenSettings(ctx context.Context) (ScreenSettings, error)
	SetScreenSettings(ctx context.Context, s ScreenSettings) (ScreenSettings, error)
}
