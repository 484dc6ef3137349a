package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/client/update"
	"github.com/motcua/motcua/sync/hub"
)

const target = "linux/amd64" // the kiosk's, whatever machine runs the test

// updateKiosk is a kiosk at 1.0.0 with its update directory prepared and the update
// applier wired; restarts counts the restarts it asked for.
func updateKiosk(t *testing.T, h *hubProc) (k *kioskRig, inst *update.Installer, restarts *int) {
	k = newKiosk(t, h, h.url(), nil)
	packaged := filepath.Join(k.dir, "packaged-motcua")
	if err := os.WriteFile(packaged, []byte("#!/bin/true\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	inst = &update.Installer{Dir: filepath.Join(k.dir, "update"), Packaged: packaged, Running: "1.0.0"}
	if _, err := inst.Prepare(); err != nil {
		t.Fatal(err)
	}
	restarts = new(int)
	k.w.Appliers = map[string]client.Applier{wire.BundleUpdate: &client.Updater{Worker: k.w, Installer: inst, Target: target,
		Restart: func() { *restarts++ }}}
	return k, inst, restarts
}

// binaryOf is bytes standing for a build: 2.5 chunks, so a download crosses chunk bounds.
func binaryOf(seed uint64) []byte {
	b := make([]byte, hub.UpdateChunkBytes*5/2)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestUpdateDeliveredFromTheHubOverHTTP(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, inst, restarts := updateKiosk(t, h)
	build := binaryOf(1)
	b, err := hub.PublishUpdate(ctx, h.Store(), h.key, hub.UpdatePublication{Version: "2.0.0",
		Binaries: map[string][]byte{target: build, "linux/arm64": binaryOf(2)}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// A download cut earlier, two thirds in: the kiosk resumes it (Range) rather than
	// starting over.
	u, _ := wire.DecodeUpdate(b.Payload)
	mine, _ := u.For(target)
	if err := os.WriteFile(inst.StagePath(mine), build[:len(build)*2/3], 0o640); err != nil {
		t.Fatal(err)
	}
	if err := k.w.PullBundles(ctx); err != nil {
		t.Fatal(err)
	}
	cur, err := inst.Current()
	if err != nil || cur != filepath.Join(inst.Dir, "motcua-2.0.0") {
		t.Fatalf("current = %s, %v", cur, err)
	}
	got, err := os.ReadFile(cur)
	if err != nil || !bytes.Equal(got, build) {
		t.Fatalf("the installed binary differs from the published one (%d of %d bytes)", len(got), len(build))
	}
	if *restarts != 1 || k.w.Status().Bundles[wire.BundleUpdate] != b.Version {
		t.Fatalf("restarts %d, status %+v", *restarts, k.w.Status())
	}
	if o := inst.Outcome(); o == nil || o.State != wire.UpdateTrying || o.Version != "2.0.0" {
		t.Fatalf("outcome %+v", o)
	}
	// The heartbeat carries the outcome to the hub (the worker adds it from its Updater).
	k.w.HeartbeatInfo = func(context.Context) wire.Heartbeat { return wire.Heartbeat{Version: "2.0.0"} }
	if err := k.w.Beat(ctx); err != nil {
		t.Fatal(err)
	}
	seen, err := h.Store().Kiosk(ctx, k.id.KioskID)
	if err != nil || seen.LastHeartbeat.Update == nil || seen.LastHeartbeat.Update.State != wire.UpdateTrying {
		t.Fatalf("hub sees %+v, %v", seen.LastHeartbeat.Update, err)
	}
}

func TestUpdatesRefusedChangeNothing(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, inst, restarts := updateKiosk(t, h)
	good := binaryOf(3)
	// sign publishes a hand-made update bundle straight into the store, past the hub's
	// checks: what a compromised or broken hub could hand out.
	sign := func(key ed25519.PrivateKey, u wire.Update) {
		t.Helper()
		payload, _ := json.Marshal(u)
		latest, _ := h.Store().LatestBundleVersion(ctx, wire.BundleUpdate)
		bd := &wire.Bundle{Kind: wire.BundleUpdate, Version: latest + 1, Issued: time.Now().UTC(), Payload: payload}
		wire.SignBundle(bd, key)
		if err := h.Store().PublishBundle(ctx, bd); err != nil {
			t.Fatal(err)
		}
	}
	goodBin := wire.UpdateBinary{Target: target, SHA256: wire.BodyHash(good), Size: int64(len(good))}
	_, rogue, _ := ed25519.GenerateKey(nil)
	tampered := append([]byte{}, good...)
	tampered[100] ^= 1
	tamperedBin := wire.UpdateBinary{Target: target, SHA256: wire.BodyHash(binaryOf(4)), Size: int64(len(tampered))}
	cases := []struct {
		name    string
		publish func()
		want    error
		version string // the outcome's
		vi      string // its Vietnamese reason
	}{
		{"bad signature", func() {
			if err := h.Store().PutUpdateBinary(ctx, goodBin.SHA256, good, time.Now()); err != nil {
				t.Fatal(err)
			}
			sign(rogue, wire.Update{Version: "2.0.0", Binaries: []wire.UpdateBinary{goodBin}})
		}, wire.ErrBundle, "2.0.0", "chữ ký không hợp lệ"},
		{"wrong target", func() {
			if _, err := hub.PublishUpdate(ctx, h.Store(), h.key, hub.UpdatePublication{Version: "2.0.0", Binaries: map[string][]byte{"linux/riscv64": good}}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, wire.ErrNoTarget, "2.0.0", "không có bản cho loại máy này"},
		{"downgrade", func() {
			if _, err := hub.PublishUpdate(ctx, h.Store(), h.key, hub.UpdatePublication{Version: "0.9.0", Binaries: map[string][]byte{target: good}}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, update.ErrNotNewer, "0.9.0", "không mới hơn bản đang chạy"},
		{"hash mismatch", func() {
			// The hub holds other bytes under the hash the bundle names.
			if err := h.Store().PutUpdateBinary(ctx, tamperedBin.SHA256, tampered, time.Now()); err != nil {
				t.Fatal(err)
			}
			sign(h.key, wire.Update{Version: "2.0.0", Binaries: []wire.UpdateBinary{tamperedBin}})
		}, update.ErrHash, "2.0.0", "tệp chương trình tải về không khớp mã băm đã ký"},
		{"truncated", func() {
			long := goodBin
			long.Size += 1000 // the hub holds 1000 bytes fewer than the bundle signs
			sign(h.key, wire.Update{Version: "2.0.0", Binaries: []wire.UpdateBinary{long}})
		}, update.ErrTruncated, "2.0.0", "tệp chương trình tải về bị thiếu"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.publish()
			err := k.w.PullBundles(ctx)
			var be *client.BundleError
			if !errors.As(err, &be) || !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want a refusal for %v", err, c.want)
			}
			if cur, _ := inst.Current(); cur != inst.Packaged {
				t.Fatalf("current moved to %s", cur)
			}
			// Nothing but the link and the outcome the heartbeats carry to the hub.
			if es, _ := os.ReadDir(inst.Dir); len(es) != 2 {
				t.Fatalf("files left in the update directory: %v", es)
			}
			o := inst.Outcome()
			if o == nil || o.State != wire.UpdateRefused || o.Version != c.version || o.From != "1.0.0" || o.ReasonVI != c.vi || !strings.Contains(o.Reason, c.want.Error()) {
				t.Fatalf("outcome %+v", o)
			}
			st := k.w.Status()
			if *restarts != 0 || st.Bundles[wire.BundleUpdate] != 0 || !strings.Contains(st.LastBundleError, "cập nhật phần mềm") || !strings.Contains(st.LastBundleError, c.vi) {
				t.Fatalf("restarts %d, status %+v", *restarts, st)
			}
		})
	}
}

// A province publishes an update signed with the wrong key: the kiosk refuses it, its
// next heartbeat carries the refusal, and IT reads why on the kiosk's page on the hub.
func TestRefusedUpdateReasonReachesTheHubsKioskPage(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, inst, restarts := updateKiosk(t, h)
	build := binaryOf(5)
	if err := h.Store().PutUpdateBinary(ctx, wire.BodyHash(build), build, time.Now()); err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(wire.Update{Version: "1.5.0", Binaries: []wire.UpdateBinary{{Target: target, SHA256: wire.BodyHash(build), Size: int64(len(build))}}})
	_, wrongKey, _ := ed25519.GenerateKey(nil)
	bd := &wire.Bundle{Kind: wire.BundleUpdate, Version: 1, Issued: time.Now().UTC(), Payload: payload}
	wire.SignBundle(bd, wrongKey)
	if err := h.Store().PublishBundle(ctx, bd); err != nil {
		t.Fatal(err)
	}
	if err := k.w.PullBundles(ctx); !errors.Is(err, wire.ErrBundleSignature) {
		t.Fatalf("err = %v, want a bad signature", err)
	}
	if cur, _ := inst.Current(); cur != inst.Packaged || *restarts != 0 {
		t.Fatalf("a refused update switched to %s (%d restarts)", cur, *restarts)
	}
	k.w.HeartbeatInfo = func(context.Context) wire.Heartbeat { return wire.Heartbeat{Version: "1.0.0", Clock: time.Now()} }
	if err := k.w.Beat(ctx); err != nil {
		t.Fatal(err)
	}

	status, body := h.api("GET", "/admin/v1/kiosks/"+k.id.KioskID, "")
	var seen hub.Kiosk
	if err := json.Unmarshal(body, &seen); status != 200 || err != nil {
		t.Fatalf("kiosk: %d %s", status, body)
	}
	if o := seen.LastHeartbeat.Update; o == nil || o.State != wire.UpdateRefused || o.Version != "1.5.0" || o.From != "1.0.0" || o.ReasonVI != "chữ ký không hợp lệ" {
		t.Fatalf("the hub holds %+v", o)
	}
	status, body = h.api("GET", "/kiosks/"+k.id.KioskID, "")
	page := html.UnescapeString(string(body))
	if status != 200 || !strings.Contains(page, `data-update="refused"`) || !strings.Contains(page, "Từ chối bản cập nhật 1.5.0 lúc ") ||
		!strings.Contains(page, ", vẫn chạy 1.0.0: chữ ký không hợp lệ") {
		t.Fatalf("the kiosk page does not say the refusal (%d):\n%s", status, page)
	}
}
