package main

import (
	"context"
	"os"
	"path/filepath"
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
	// The screen command is this test binary itself (TestMain notes its argument), so the
	// test runs wherever the binary does, Windows included.
	log := filepath.Join(t.TempDir(), "screen.log")
	t.Setenv(screenLogEnv, log)
	script := os.Args[0]
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

// screenLogEnv names the file the test binary appends its argument to when it runs as the
// screen command (TestMain).
const screenLogEnv = "MOTCUA_TEST_SCREEN_LOG"

// TestMain lets the test binary stand in for the kiosk's screen command: run with
// MOTCUA_TEST_SCREEN_LOG set, it appends its argument ("on" or "off") to that file and exits.
func TestMain(m *testing.M) {
	if path := os.Getenv(screenLogEnv); path != "" && len(os.Args) == 2 && (os.Args[1] == "on" || os.Args[1] == "off") {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err == nil {
			_, err = f.WriteString(os.Args[1] + "\n")
			f.Close()
		}
		if err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
