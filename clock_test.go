package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

func TestClockFromEnv(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "MOTCUA_CLOCK" {
				return v
			}
			return ""
		}
	}
	if _, set, err := clockFromEnv(env("")); err != nil || !set.IsZero() {
		t.Fatalf("unset: %v, %v", set, err)
	}
	_, _, err := clockFromEnv(env("2026-12-02 09:00"))
	if e := kiosk.ErrorOf(err); e.Code != kiosk.EINVALID || e.Field != "MOTCUA_CLOCK" || !strings.Contains(e.Message, "RFC 3339") {
		t.Fatalf("a time without a zone: %v", err)
	}
	clock, set, err := clockFromEnv(env("2026-12-02T20:00:00+07:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 2, 20, 0, 0, 0, kiosk.Zone)
	// Runs on from the instant set: never before it, and not a day past it.
	if now := clock(); !set.Equal(want) || now.Before(want) || now.Sub(want) > time.Hour {
		t.Fatalf("set %v, clock reads %v; want %v", set, now, want)
	}
}

// The app reads the one clock it is given: the store (numbers refused out of hours), the
// hall's state and the pages' server time all agree with it.
func TestAppRunsOnTheInjectedClock(t *testing.T) {
	for _, c := range []struct {
		hour   int
		open   bool
		status int
	}{{9, true, http.StatusCreated}, {20, false, http.StatusConflict}} {
		at := time.Date(2026, 12, 2, c.hour, 0, 0, 0, kiosk.Zone) // a Wednesday
		app, err := newApp(context.Background(), testConfig(t), func() time.Time { return at })
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Start(); err != nil {
			t.Fatal(err)
		}
		base := "http://" + app.Addr()
		var info struct {
			ServerTime time.Time `json:"server_time"`
		}
		getJSON(t, base+"/api/v1/info", &info)
		var hall kiosk.QueueState
		getJSON(t, base+"/api/v1/queue", &hall)
		res, err := http.Post(base+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"hotich"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		app.Close()
		if !info.ServerTime.Equal(at) || hall.Day != "2026-12-02" || hall.Hours.Open != c.open || res.StatusCode != c.status {
			t.Errorf("at %02d:00: server_time %v, day %s, open %v, issue %d; want open %v, issue %d",
				c.hour, info.ServerTime, hall.Day, hall.Hours.Open, res.StatusCode, c.open, c.status)
		}
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}
