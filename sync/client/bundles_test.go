package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

type recordApplier struct{ applied []int64 }

func (a *recordApplier) ApplyBundle(_ context.Context, v int64, payload []byte) error {
	if bytes.Contains(payload, []byte("bad schema")) {
		return errors.New("payload fails the schema")
	}
	a.applied = append(a.applied, v)
	return nil
}

// The bundles here are configuration bundles with made-up payloads: what is tested holds
// for every kind, and the hub checks a catalog against the kiosk's schema, which these
// payloads are not.
func TestBundlesVerifiedAppliedNeverRolledBack(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	cat := &recordApplier{}
	k.w.Appliers = map[string]client.Applier{wire.BundleConfig: cat}

	publish := func(key ed25519.PrivateKey, payload string) {
		t.Helper()
		if _, err := hub.Publish(ctx, h.Store(), key, hub.Publication{Kind: wire.BundleConfig, Payload: []byte(payload)}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	publish(h.key, `{"procedures":[1]}`)
	if err := k.w.PullBundles(ctx); err != nil || len(cat.applied) != 1 || cat.applied[0] != 1 {
		t.Fatalf("v1: %v %v", err, cat.applied)
	}

	// Tampered on the way: payload changed, signature kept.
	publish(h.key, `{"procedures":[1,2]}`)
	p.Mutate = func(path string, b []byte) []byte {
		if strings.HasPrefix(path, wire.PathBundles) {
			return bytes.Replace(b, []byte(`[1,2]`), []byte(`[6,6]`), 1)
		}
		return b
	}
	// The hub's signature on its answer catches it before the bundle's own does.
	err := k.w.PullBundles(ctx)
	if !errors.Is(err, wire.ErrUnauthenticAnswer) || len(cat.applied) != 1 {
		t.Fatalf("tampered bundle: %v, applied %v", err, cat.applied)
	}
	p.Mutate = nil
	if err := k.w.PullBundles(ctx); err != nil || cat.applied[1] != 2 {
		t.Fatalf("v2: %v %v", err, cat.applied)
	}

	// Signed by a key the kiosk does not trust.
	_, rogue, _ := ed25519.GenerateKey(nil)
	publish(rogue, `{"procedures":[]}`)
	var be *client.BundleError
	if err := k.w.PullBundles(ctx); !errors.As(err, &be) || len(cat.applied) != 2 {
		t.Fatalf("rogue key: %v", err)
	}
	if st := k.w.Status(); !strings.Contains(st.LastBundleError, "bị từ chối") {
		t.Fatalf("status: %+v", st)
	}

	// A rollback offered by hand (or by a restored hub) is refused.
	old := &wire.Bundle{Kind: wire.BundleConfig, Version: 1, Issued: time.Now(), Payload: []byte(`{}`)}
	wire.SignBundle(old, h.key)
	if err := k.w.Accept(ctx, old, wire.BundleConfig, cat); !errors.Is(err, client.ErrRollback) {
		t.Fatalf("rollback: %v", err)
	}
	// Schema refusal by the applier keeps the version.
	bad := &wire.Bundle{Kind: wire.BundleConfig, Version: 9, Issued: time.Now(), Payload: []byte(`{"x":"bad schema"}`)}
	wire.SignBundle(bad, h.key)
	if err := k.w.Accept(ctx, bad, wire.BundleConfig, cat); err == nil {
		t.Fatal("applier refusal ignored")
	}
	if v, _ := k.db.BundleVersion(ctx, wire.BundleConfig); v != 2 {
		t.Fatalf("version %d after refusals, want 2", v)
	}
	// Expired by the hub's clock.
	exp := &wire.Bundle{Kind: wire.BundleConfig, Version: 10, Issued: time.Now(), Expires: time.Now().Add(-time.Minute), Payload: []byte(`{}`)}
	wire.SignBundle(exp, h.key)
	if err := k.w.Accept(ctx, exp, wire.BundleConfig, cat); !errors.Is(err, client.ErrExpired) {
		t.Fatalf("expired: %v", err)
	}
}

func TestEnrolKeyFileAndStatus(t *testing.T) {
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	st, err := os.Stat(filepath.Join(k.dir, "sync", "kiosk.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", err, st.Mode())
	}
	id, err := client.LoadIdentity(k.dir)
	if err != nil || id.KioskID != k.id.KioskID || !id.Key.Equal(k.id.Key) {
		t.Fatalf("reload identity: %v", err)
	}
	if _, err := client.LoadIdentity(t.TempDir()); !errors.Is(err, client.ErrNotEnrolled) {
		t.Fatalf("not enrolled: %v", err)
	}
	// A hub that cannot be reached, then revocation: the status says so in words.
	k.emit(t, 5)
	p.setPick(func(*http.Request) fault { return drop })
	if err := k.w.Push(context.Background()); err == nil {
		t.Fatal("push through a dead link succeeded")
	}
	if s := k.w.Status(); !strings.Contains(s.LastError, "Không kết nối được máy chủ tỉnh") {
		t.Fatalf("status: %+v", s)
	}
	p.setPick(nil)
	if err := h.Store().Revoke(context.Background(), k.id.KioskID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := k.w.Push(context.Background()); err == nil {
		t.Fatal("revoked kiosk pushed")
	}
	if s := k.w.Status(); !strings.Contains(s.LastError, "thu hồi") {
		t.Fatalf("status: %+v", s)
	}
}
