package client_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/sync/client"
)

// What the admin page knows of the kiosk reaches the hub: printer trouble, backlog, disk
// and the kiosk's own clock, from which the hub computes skew and uptime.
func TestHeartbeatOfCarriesTheKiosksHealth(t *testing.T) {
	start := time.Date(2026, 12, 1, 7, 0, 0, 0, kiosk.Zone)
	h := kiosk.Health{
		Version: "1.2.3", StartedAt: start, Clock: start.Add(90 * time.Minute),
		DiskFreeBytes: 5 << 30, DBBytes: 12 << 20, Backlog: 42, OldestPending: start.Add(time.Minute),
		Printer: kiosk.PrinterHealth{Online: true, PaperOut: true, Error: "Hết giấy", Queued: 3},
	}
	hb := client.HeartbeatOf(h)
	if hb.Version != "1.2.3" || hb.UptimeSeconds != 5400 || !hb.Clock.Equal(h.Clock) || hb.Backlog != 42 ||
		!hb.OldestPending.Equal(h.OldestPending) || hb.DiskFreeBytes != 5<<30 || hb.DBBytes != 12<<20 {
		t.Errorf("heartbeat %+v", hb)
	}
	if !hb.Printer.PaperOut || hb.Printer.Error != "Hết giấy" || hb.Printer.Queued != 3 || !hb.Printer.Online {
		t.Errorf("printer %+v", hb.Printer)
	}
}
