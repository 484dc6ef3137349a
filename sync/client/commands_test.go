package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// beatUntil sends heartbeats until the command reaches a final state at the hub (a
// command runs on one beat and its result goes with the next).
func beatUntil(t *testing.T, h *hubProc, k *kioskRig, id int64) hub.CommandRow {
	t.Helper()
	for range 10 {
		if err := k.w.Beat(context.Background()); err != nil {
			t.Fatal(err)
		}
		cmds, _ := h.Store().Commands(context.Background(), k.id.KioskID)
		for _, c := range cmds {
			if c.ID == id && (c.State == wire.StateDone || c.State == wire.StateFailed) {
				return c
			}
		}
	}
	t.Fatalf("command %d never finished", id)
	return hub.CommandRow{}
}

// send_logs uploads the tail of the kiosk's log to the hub, which keeps it under the
// command; a log too big for one request is cut to its newest part.
func TestSendLogsUploadsTheLogsTail(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k := newKiosk(t, h, h.url(), nil)
	var log bytes.Buffer
	for i := 0; i < 200000; i++ { // ~5 MB of lines that compress badly enough to need cutting
		log.WriteString(time.Unix(int64(i)*7919, 0).UTC().Format(time.RFC3339Nano))
		log.WriteString(" sync worker line ")
		log.WriteString(strings.Repeat(string(rune('a'+i%26)), i%13))
		log.WriteString("\n")
	}
	log.WriteString("LAST LINE\n")
	k.w.Logs = func(context.Context) ([]byte, error) { return log.Bytes(), nil }
	id, err := h.Store().QueueCommand(ctx, k.id.KioskID, wire.CommandSendLogs, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c := beatUntil(t, h, k, id); c.State != wire.StateDone {
		t.Fatalf("send_logs: %+v", c)
	}
	logs, err := h.Store().Logs(ctx, k.id.KioskID)
	if err != nil || len(logs) != 1 || logs[0].Command != id {
		t.Fatalf("logs at the hub: %+v %v", logs, err)
	}
	_, gz, err := h.Store().Log(ctx, k.id.KioskID, logs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	text := gunzipped(t, gz)
	if !strings.HasSuffix(text, "LAST LINE\n") || int64(len(text)) != logs[0].Bytes || len(gz) > wire.MaxWireBytes {
		t.Fatalf("uploaded %d bytes (%d gzip), ends %q", len(text), len(gz), text[max(0, len(text)-20):])
	}
}

// apply_bundle pulls bundles at once and is done when the version asked for is applied;
// it fails with the reason when that version is not there for the kiosk.
func TestApplyBundleCommand(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k := newKiosk(t, h, h.url(), nil)
	cat := &recordApplier{}
	k.w.Appliers = map[string]client.Applier{wire.BundleConfig: cat}
	if _, err := hub.Publish(ctx, h.Store(), h.key, hub.Publication{Kind: wire.BundleConfig, Payload: []byte(`{"procedures":[1]}`)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	id, _ := h.Store().QueueCommandArg(ctx, k.id.KioskID, wire.CommandApplyBundle, "config:1", time.Hour, time.Now())
	if c := beatUntil(t, h, k, id); c.State != wire.StateDone || len(cat.applied) != 1 {
		t.Fatalf("apply catalog:1: %+v, applied %v", c, cat.applied)
	}
	id, _ = h.Store().QueueCommandArg(ctx, k.id.KioskID, wire.CommandApplyBundle, "config:5", time.Hour, time.Now())
	if c := beatUntil(t, h, k, id); c.State != wire.StateFailed || !strings.Contains(c.Detail, "config v5 not applied") {
		t.Fatalf("apply catalog:5 (not published): %+v", c)
	}
	id, _ = h.Store().QueueCommandArg(ctx, k.id.KioskID, wire.CommandApplyBundle, "staff:1", time.Hour, time.Now())
	if c := beatUntil(t, h, k, id); c.State != wire.StateFailed || !strings.Contains(c.Detail, "does not apply staff") {
		t.Fatalf("apply staff:1 on a kiosk without a staff applier: %+v", c)
	}
}

func gunzipped(t *testing.T, gz []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
