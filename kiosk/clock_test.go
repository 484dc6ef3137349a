package kiosk

import (
	"testing"
	"time"
)

func TestClockFromStartsAtTheSetInstantAndRunsWithTheWall(t *testing.T) {
	wall := time.Date(2031, 5, 1, 3, 0, 0, 0, time.UTC)
	set := time.Date(2026, 12, 2, 9, 0, 0, 0, Zone)
	c := ClockFrom(set, func() time.Time { return wall })
	if got := c(); !got.Equal(set) {
		t.Fatalf("first reading %v, want %v", got, set)
	}
	wall = wall.Add(90 * time.Minute)
	if got, want := c(), set.Add(90*time.Minute); !got.Equal(want) {
		t.Fatalf("after 90 min of wall time: %v, want %v", got, want)
	}
}
