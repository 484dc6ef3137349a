package kiosk

import "testing"

func TestGroupThousands(t *testing.T) {
	for v, want := range map[int64]string{
		0: "0", 8: "8", 999: "999", 1000: "1.000", 8000: "8.000", 15000: "15.000",
		1500000: "1.500.000", 100000000: "100.000.000", -25000: "-25.000",
	} {
		if got := GroupThousands(v); got != want {
			t.Errorf("GroupThousands(%d) = %q, want %q", v, got, want)
		}
	}
}
