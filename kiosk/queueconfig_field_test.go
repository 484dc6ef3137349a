package kiosk

import "testing"

// A procedure's field goes to the first line listing it; a field no line lists goes to the
// last line, the catch-all.
func TestServiceForField(t *testing.T) {
	q := QueueConfig{Services: []Service{
		{ID: "hotich", Fields: []string{"Hộ tịch", "Chứng thực"}},
		{ID: "datdai", Fields: []string{"Đất đai"}},
		{ID: "khac"},
	}}
	for field, want := range map[string]string{"Chứng thực": "hotich", "Đất đai": "datdai", "Người có công": "khac"} {
		if got := q.ServiceForField(field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if got := (&QueueConfig{}).ServiceForField("Hộ tịch"); got != "" {
		t.Errorf("no lines: %q", got)
	}
}
