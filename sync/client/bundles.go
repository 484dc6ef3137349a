package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	wire "github.com/motcua/motcua/sync"
)

// BundleError is a bundle the kiosk refused or could not apply: it keeps the old one.
type BundleError struct {
	Kind    string
	Version int64
	Err     error
}

func (e *BundleError) Error() string {
	return fmt.Sprintf("bundle %s v%d refused: %v", e.Kind, e.Version, e.Err)
}

func (e *BundleError) Unwrap() error { return e.Err }

var kindVI = map[string]string{
	wire.BundleCatalog: "danh mục thủ tục", wire.BundleConfig: "cấu hình",
	wire.BundleHolidays: "lịch nghỉ lễ", wire.BundleStaff: "danh sách cán bộ",
	wire.BundleUpdate: "cập nhật phần mềm",
}

// VI says it in Vietnamese for the admin page.
func (e *BundleError) VI() string {
	return fmt.Sprintf("Gói %s phiên bản %d bị từ chối, vẫn dùng bản cũ: %s", kindVI[e.Kind], e.Version, refusalVI(e.Err))
}

// Refusal reasons.
var (
	ErrRollback = errors.New("older than or equal to the version already applied (no rollback)")
	ErrExpired  = errors.New("expired by the hub's clock")
	ErrScope    = errors.New("its scope does not cover this kiosk")
)

// PullBundles asks the hub for a newer bundle of every kind with an applier, verifies its
// signature and hash, refuses rollbacks and expired ones, and hands it to the applier.
// A kind that fails keeps its old data; the others go on. It returns the first failure.
func (w *Worker) PullBundles(ctx context.Context) error {
	w.init()
	var first error
	for _, kind := range wire.BundleKinds {
		a := w.Appliers[kind]
		if a == nil {
			continue
		}
		if err := w.pullBundle(ctx, kind, a); err != nil {
			w.Logger.Warn("bundle not applied", "kind", kind, "err", err)
			if first == nil {
				first = err
			}
			var be *BundleError
			if errors.As(err, &be) {
				vi, _ := describe(err)
				w.mu.Lock()
				w.st.LastBundleError = vi
				w.mu.Unlock()
			}
		}
	}
	return first
}

func (w *Worker) pullBundle(ctx context.Context, kind string, a Applier) error {
	cur, err := w.State.BundleVersion(ctx, kind)
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.st.Bundles[kind] = cur
	w.mu.Unlock()
	limit := wire.MaxPayloadBytes(kind) + wire.MaxEnvelopeOverhead
	status, rb, err := w.t.call(ctx, http.MethodGet, wire.PathBundles+kind+"?since="+strconv.FormatInt(cur, 10), nil, false, limit)
	if err != nil {
		return err
	}
	switch status {
	case http.StatusNoContent:
		return nil
	case http.StatusOK:
	default:
		return wire.DecodeProblem(status, rb)
	}
	var b wire.Bundle
	if err := json.Unmarshal(rb, &b); err != nil {
		return &BundleError{Kind: kind, Err: fmt.Errorf("not a bundle: %w", err)}
	}
	if err := w.Accept(ctx, &b, kind, a); err != nil {
		return err
	}
	return nil
}

// Accept verifies and applies one bundle of kind (also the path for a bundle brought on a
// USB stick): signed by a trusted key, its size within the kind's bound, its scope
// covering this kiosk, newer than the one applied, not expired by the hub's clock.
// Nothing changes when it returns an error.
func (w *Worker) Accept(ctx context.Context, b *wire.Bundle, kind string, a Applier) error {
	w.init()
	refuse := func(err error) error {
		be := &BundleError{Kind: kind, Version: b.Version, Err: err}
		if r, ok := a.(refuser); ok {
			r.Refused(b, be)
		}
		return be
	}
	if b.Kind != kind {
		return refuse(fmt.Errorf("asked for %s, got %s", kind, b.Kind))
	}
	if err := wire.VerifyBundle(b, w.Identity.Keys()); err != nil {
		return refuse(err)
	}
	// The hub sends only bundles in scope; one meant for another commune (a hub mistake,
	// or one carried by hand) would give this desk another commune's staff.
	if !w.Identity.InScope(b.Scope) {
		return refuse(fmt.Errorf("%w (scope %q, this kiosk: commune %q)", ErrScope, b.Scope, w.Identity.Commune))
	}
	cur, err := w.State.BundleVersion(ctx, kind)
	if err != nil {
		return err
	}
	if b.Version <= cur {
		return refuse(fmt.Errorf("v%d: %w v%d", b.Version, ErrRollback, cur))
	}
	// Expiry by the hub's clock as last seen, never the kiosk's own (it may be a month off).
	if !b.Expires.IsZero() && w.t.hubNow().After(b.Expires) {
		return refuse(ErrExpired)
	}
	if err := a.ApplyBundle(ctx, b.Version, b.Payload); err != nil {
		return refuse(err)
	}
	if err := w.State.SetBundleVersion(ctx, kind, b.Version, b.SHA256); err != nil {
		return fmt.Errorf("record bundle %s v%d: %w", kind, b.Version, err)
	}
	w.mu.Lock()
	w.st.Bundles[kind] = b.Version
	w.st.LastBundleError = ""
	w.mu.Unlock()
	w.Logger.Info("bundle applied", "kind", kind, "version", b.Version)
	if c, ok := a.(committer); ok {
		c.Committed()
	}
	return nil
}
