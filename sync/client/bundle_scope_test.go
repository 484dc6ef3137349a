package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// Finding: a bundle was applied whatever its scope. One for another commune (a hub
// mistake, or carried by hand) is refused; one for this commune is applied.
func TestBundleOutsideTheKiosksCommuneRefused(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k := newKiosk(t, h, h.url(), nil) // enrolled for commune "Tân Lập"
	staff := &recordApplier{}
	v := int64(0)
	bundle := func(scope string) *wire.Bundle {
		v++
		b := &wire.Bundle{Kind: wire.BundleStaff, Version: v, Issued: time.Now(), Scope: scope, Payload: []byte(`[]`)}
		wire.SignBundle(b, h.key)
		return b
	}
	for _, scope := range []string{"commune:Xã Khác", "commune:Tân", "cluster:Đoan Hùng", "region:miền núi"} {
		if err := k.w.Accept(ctx, bundle(scope), wire.BundleStaff, staff); !errors.Is(err, client.ErrScope) {
			t.Errorf("scope %q: %v", scope, err)
		}
	}
	for _, scope := range []string{"commune:Tân Lập", ""} {
		if err := k.w.Accept(ctx, bundle(scope), wire.BundleStaff, staff); err != nil {
			t.Errorf("scope %q: %v", scope, err)
		}
	}
	if len(staff.applied) != 2 {
		t.Fatalf("applied %v", staff.applied)
	}
	// A kiosk enrolled in a cluster takes that cluster's bundles.
	tok, err := hub.CreateEnrolToken(ctx, h.Store(), h.key.Public().(ed25519.PublicKey), hub.Token{Commune: "Hùng Lô", Cluster: "Đoan Hùng"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	id, err := client.Enrol(ctx, h.url(), tok, t.TempDir())
	if err != nil || !id.InScope("cluster:Đoan Hùng") || id.InScope("cluster:Thanh Ba") {
		t.Fatalf("cluster kiosk: %+v %v", id, err)
	}
}

// Finding: bundle payloads were read whole before their size was checked. A staff bundle
// over its kind's bound is refused by its Content-Length before the body is read, and by
// its length when it comes by hand; the hub will not publish one.
func TestBundlePayloadSizeCheckedBeforeRead(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	staff := &recordApplier{}
	k.w.Appliers = map[string]client.Applier{wire.BundleStaff: staff}
	big := append(append([]byte(`["`), bytes.Repeat([]byte("a"), int(wire.MaxPayloadBytes(wire.BundleStaff)))...), `"]`...)
	if _, err := hub.Publish(ctx, h.Store(), h.key, hub.Publication{Kind: wire.BundleStaff, Payload: big}, time.Now()); err == nil {
		t.Fatal("the hub published an oversize staff bundle")
	}
	if _, err := hub.Publish(ctx, h.Store(), h.key, hub.Publication{Kind: wire.BundleStaff, Payload: []byte(`[]`)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	// On the way, the answer grows past the bound (its signature is not the point here).
	p.Forge = func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte) {
		if strings.HasPrefix(r.URL.Path, wire.PathBundles) && status == 200 {
			b = append(b, bytes.Repeat([]byte(" "), 2*len(big))...)
			hd.Set("Content-Length", strconv.Itoa(len(b)))
		}
		return status, b
	}
	err := k.w.PullBundles(ctx)
	if err == nil || !strings.Contains(err.Error(), "over") || len(staff.applied) != 0 {
		t.Fatalf("oversize answer: %v, applied %v", err, staff.applied)
	}
	p.Forge = nil

	// By hand (a USB stick): refused by length before its hash is computed.
	b := &wire.Bundle{Kind: wire.BundleStaff, Version: 5, Issued: time.Now(), Payload: big}
	wire.SignBundle(b, h.key)
	if err := k.w.Accept(ctx, b, wire.BundleStaff, staff); !errors.Is(err, wire.ErrBundle) || !strings.Contains(err.Error(), "may carry") {
		t.Fatalf("oversize by hand: %v", err)
	}
	if err := k.w.PullBundles(ctx); err != nil || len(staff.applied) != 1 {
		t.Fatalf("the genuine bundle: %v %v", err, staff.applied)
	}
}
