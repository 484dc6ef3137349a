package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/sync/client"
)

// Enrolment with the province hub, shared by the first-run setup and the admin page: one
// way to register, one way to take the new identity into the running kiosk.

// enrol registers the kiosk with hub using IT's one-time token. Unless again, an enrolment
// with the same hub stands (a setup retried after a refusal further on) and one with
// another hub is refused; again (the admin page, confirmed) enrols anew whatever there
// was. The new identity is written only once the hub has accepted: a refusal leaves the
// old one, which the running sync worker keeps using.
func (a *App) enrol(ctx context.Context, hub, token string, again bool) (*client.Identity, error) {
	id, err := client.LoadIdentity(a.Config.DataDir)
	switch {
	case err == nil && !again && client.SameHub(id.Hub, hub):
		return id, nil
	case err == nil && !again:
		return nil, kiosk.Invalid("hub", fmt.Sprintf("Kiosk đã ghi danh với máy chủ tỉnh %s; muốn chuyển máy chủ, ghi danh lại ở trang quản trị (Thiết bị và đồng bộ) hoặc dùng lệnh motcua enrol", id.Hub),
			"this kiosk enrolled with "+id.Hub+"; to move, enrol again on the admin page or with motcua enrol")
	case err != nil && !errors.Is(err, client.ErrNotEnrolled):
		return nil, err
	}
	return (&client.Enroller{Clock: a.clock, Attempts: 2}).Enrol(ctx, hub, token, a.Config.DataDir)
}

// restartSync stops the sync worker if one runs (waiting for it, so no answer of the old
// hub is recorded after this) and starts one with the identity enrolment left. Before
// Start (no run context yet) there is nothing to do: Start starts it.
func (a *App) restartSync() error {
	if a.runCtx == nil {
		return nil
	}
	a.syncMu.Lock()
	stop := a.syncStop
	a.syncHealth, a.syncNow, a.syncStop = nil, nil, nil
	a.syncMu.Unlock()
	if stop != nil {
		stop()
	}
	return a.startSync(a.runCtx, a.catalog)
}

// enrolment is the admin page's enrolment (kiosk.EnrolmentService).
type enrolment struct {
	a  *App
	mu sync.Mutex // one enrolment at a time, the setup's included (it holds the same lock)
}

var _ kiosk.EnrolmentService = (*enrolment)(nil)

// Enrolment reads the identity enrolment left in the data directory.
func (e *enrolment) Enrolment(context.Context) (kiosk.Enrolment, error) {
	id, err := client.LoadIdentity(e.a.Config.DataDir)
	if errors.Is(err, client.ErrNotEnrolled) {
		return kiosk.Enrolment{}, nil
	}
	if err != nil {
		return kiosk.Enrolment{}, err
	}
	return enrolmentOf(id), nil
}

func enrolmentOf(id *client.Identity) kiosk.Enrolment {
	return kiosk.Enrolment{Enrolled: true, Hub: id.Hub, KioskID: id.KioskID, Commune: id.Commune, At: id.Enrolled}
}

// Enrol enrols (again, when confirmed), records the new kiosk id with its audit line and
// outbox event, and restarts sync with the new identity.
func (e *enrolment) Enrol(ctx context.Context, r kiosk.EnrolRequest) (kiosk.Enrolment, error) {
	r.Hub = strings.TrimSpace(r.Hub)
	switch {
	case r.Hub == "":
		return kiosk.Enrolment{}, kiosk.Invalid("hub", "Chưa nhập địa chỉ máy chủ tỉnh (https://…)", "the hub's address is missing")
	case strings.TrimSpace(r.Token) == "":
		return kiosk.Enrolment{}, kiosk.Invalid("token", "Chưa có mã ghi danh: dán mã (mc2.…) hoặc chọn tệp mã do tỉnh cấp", "the enrolment token is missing")
	}
	// A pasted token or a token file's content: its first non-empty line.
	token, err := client.ReadToken(strings.NewReader(r.Token))
	if err != nil {
		return kiosk.Enrolment{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.a.setup.mu.Lock()
	defer e.a.setup.mu.Unlock()
	old, err := e.Enrolment(ctx)
	if err != nil {
		return kiosk.Enrolment{}, err
	}
	if old.Enrolled && !r.Confirm {
		return old, &kiosk.Error{Code: kiosk.ECONFLICT, Field: "confirm",
			Message:   fmt.Sprintf("Kiosk đã ghi danh với %s (mã kiosk %s). Ghi danh lại thì đăng ký cũ thôi đồng bộ: hãy xác nhận.", old.Hub, old.KioskID),
			MessageEN: "this kiosk is enrolled with " + old.Hub + " as " + old.KioskID + "; confirm to enrol again"}
	}
	id, err := e.a.enrol(ctx, r.Hub, token, true)
	if err != nil {
		return old, hubFault(err)
	}
	if err := e.a.DB.RecordEnrolment(ctx, id.Hub, id.KioskID, old.KioskID); err != nil {
		return old, err
	}
	if err := e.a.restartSync(); err != nil {
		e.a.Logger.Error("sync did not start after enrolment; it starts with the kiosk", "err", err)
	}
	return enrolmentOf(id), nil
}

// hubFault names the field an enrolment refusal is about, so the form marks it: the hub
// refused the token, or its key is not the one the token pins (token); the hub cannot be
// reached (hub).
func hubFault(err error) error {
	var ke *kiosk.Error
	if !errors.As(err, &ke) || ke.Field != "" {
		return err
	}
	c := *ke
	switch c.Code {
	case kiosk.EFORBIDDEN:
		c.Field = "token"
	case kiosk.EUNAVAILABLE:
		c.Field = "hub"
	}
	return &c
}
