package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestScreenLit(t *testing.T) {
	week := kiosk.DefaultHours() // Mon–Fri 07:00–11:30, 13:30–17:00
	// 2026-12-02 is a Wednesday; the 5th a Saturday.
	cases := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"night", vn(2, 3, 0), false},
		{"just before the lead", vn(2, 6, 29), false},
		{"half an hour before opening", vn(2, 6, 30), true},
		{"morning session", vn(2, 9, 0), true},
		{"lunch break", vn(2, 12, 30), true},
		{"afternoon session", vn(2, 15, 0), true},
		{"just after closing", vn(2, 17, 29), true},
		{"evening", vn(2, 17, 31), false},
		{"Saturday (closed)", vn(5, 9, 0), false},
		{"Sunday evening before Monday", vn(6, 23, 0), false},
	}
	for _, c := range cases {
		if got := screenLit(week, c.at); got != c.want {
			t.Errorf("%s (%s): lit = %v, want %v", c.name, c.at.Format("Mon 15:04"), got, c.want)
		}
	}
}

// The screen command runs with "on" or "off" only when the screen should change, by the
// kiosk's clock and the hours in force; the first check says where the screen stands.
func TestScreenSwitchesOnTheKiosksClock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the test's screen command is a shell script")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "screen.log")
	script := filepath.Join(dir, "screen")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" >> "+log+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.ScreenCommand = script
	now := vn(2, 16, 0)
	app := newTestApp(t, cfg, &now)
	s := &screenSwitch{app: app}
	for _, at := range []time.Time{vn(2, 16, 0), vn(2, 17, 0), vn(2, 18, 0), vn(2, 23, 0), vn(3, 6, 45), vn(3, 12, 0), vn(3, 18, 0)} {
		now = at
		s.check(context.Background(), now)
	}
	got, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(strings.Fields(string(got)), " ") != "on off on off" {
		t.Fatalf("screen commands %q, want on off on off", got)
	}
}
