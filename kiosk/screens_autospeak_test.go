package kiosk

import (
	"encoding/json"
	"testing"
)

// Auto-speak is off unless the commune turns it on; settings saved before it existed read
// as off; turning it on is named in the audit list.
func TestScreenSettingsAutoSpeak(t *testing.T) {
	if DefaultScreenSettings().Kiosk.AutoSpeak {
		t.Error("auto-speak on by default")
	}
	var old ScreenSettings
	if err := json.Unmarshal([]byte(`{"display":{"sound":true,"counters":[]},"kiosk":{"idle_seconds":90,"languages":["vi"],"large_text":false}}`), &old); err != nil || old.Kiosk.AutoSpeak {
		t.Fatalf("old settings: %+v %v", old, err)
	}
	on := old
	on.Kiosk.AutoSpeak = true
	vi, en := DescribeScreenChange(old, on, DefaultQueueConfig())
	if vi != "Kiosk tự đọc mỗi màn hình: bật" || en != "Kiosk reads each screen aloud: on" {
		t.Errorf("audit: %q / %q", vi, en)
	}
}
