package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// hubStaff is who a state set upstream is recorded as: the hub, never a login.
var hubStaff = kiosk.Staff{ID: "hub", Name: "Máy chủ tỉnh", Role: kiosk.RoleHub}

// applyDossierState carries out a dossier_state command: the state a level above the
// commune set, taken as the hub (kiosk.RoleHub) through the kiosk's dossier service, in
// one transaction with its outbox event, which names the command (the hub stops showing it
// pending when that event arrives). It returns the outcome for the command's result, or
// why nothing changed: an unknown dossier, an action its state does not allow. The
// conflict rule is the service's (kiosk.UpstreamSuperseded, docs/dossiers.md); a command
// already applied (delivered again) changes nothing and answers as the first time did.
func (w *Worker) applyDossierState(ctx context.Context, c wire.Command) (string, error) {
	if w.Dossiers == nil {
		return "", errors.New("this kiosk keeps no dossiers")
	}
	a, err := wire.ParseDossierStateArg(c.Arg)
	if err != nil {
		return "", err
	}
	by := hubStaff
	if a.By != "" {
		by.Name = a.By
	}
	d, err := w.Dossiers.Transition(ctx, by, a.Code, kiosk.DossierChange{Action: a.Action, Reason: a.Reason,
		Upstream: &kiosk.DossierUpstream{Command: c.ID, By: a.By, At: a.At}})
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return "", fmt.Errorf("%s / %s", ke.Message, ke.MessageEN)
	}
	if err != nil {
		return "", err
	}
	w.SyncNow() // the event goes up now, not at the next poll
	for _, e := range d.Events {
		if e.Upstream == nil || e.Upstream.Command != c.ID {
			continue
		}
		if e.Upstream.Ignored {
			return fmt.Sprintf("Đã ghi nhận, không đổi trạng thái: hồ sơ đã ở “%s” / recorded and ignored: the dossier is already %s",
				e.Status.Name(), e.Status.NameEN()), nil
		}
		return fmt.Sprintf("Hồ sơ chuyển sang “%s” / the dossier is now %s", e.Status.Name(), e.Status.NameEN()), nil
	}
	return "", fmt.Errorf("the dossier's tracking sheet has no event of command %d", c.ID)
}
