package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// setState queues a dossier_state command through the hub's IT API, as IT's script would.
func setState(t *testing.T, h *hubProc, k *kioskRig, arg string) int64 {
	t.Helper()
	status, body := h.api(http.MethodPost, "/admin/v1/kiosks/"+k.id.KioskID+"/commands", `{"kind":"dossier_state","arg":`+arg+`}`)
	var made struct{ ID int64 }
	if status != http.StatusCreated || json.Unmarshal(body, &made) != nil {
		t.Fatalf("queue %s: %d %s", arg, status, body)
	}
	return made.ID
}

// hubRow is the dossier as the hub holds it.
func hubRow(t *testing.T, h *hubProc, code string) hub.DossierRow {
	t.Helper()
	rows, err := h.Store().Dossiers(context.Background(), hub.DossierQuery{Code: code})
	if err != nil || len(rows) != 1 {
		t.Fatalf("the hub's row of %s: %+v %v", code, rows, err)
	}
	return rows[0]
}

// upstreamEvents are the hub's dossier.changed events of code that carried out command id.
func upstreamEvents(t *testing.T, h *hubProc, k *kioskRig, code string, id int64) []kiosk.DossierEvent {
	t.Helper()
	evs, err := h.Store().Events(context.Background(), hub.EventQuery{Kiosk: k.id.KioskID, Kind: kiosk.EventDossierChanged, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []kiosk.DossierEvent
	for _, e := range evs {
		var ev kiosk.DossierEvent
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Code == code && ev.Upstream != nil && ev.Upstream.Command == id {
			out = append(out, ev)
		}
	}
	return out
}

// The sync e2e of states set upstream, on a real hub on loopback and a real kiosk store:
// a dossier received at the kiosk appears at the hub with its state; a done IT sets at the
// hub reaches the kiosk (its public look-up shows 9), applied once although the kiosk
// restarted before acknowledging it; the kiosk's event comes back so the hub's state is 9,
// from exactly one event, and the row no longer waits. Then the conflict rule: a done
// arriving after the desk returned the dossier is recorded and ignored; a refusal its
// state does not allow fails with the reason, changes nothing and is not handed out again.
func TestStateSetAtTheHubComesBackToTheKiosk(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 3, 5, 9, 0, 0, 0, kiosk.Zone) }
	h := startHub(t)
	k := newKiosk(t, h, h.url(), clock)
	ds := dossierDesk(t, k.db)
	k.w.Dossiers = ds
	d := receive(t, ds)
	for _, c := range []kiosk.DossierChange{{Action: kiosk.ActionProcess}, {Action: kiosk.ActionForward, To: "Sở Tư pháp"}} {
		if _, err := ds.Transition(ctx, clerk, d.Code, c); err != nil {
			t.Fatal(err)
		}
	}
	k.drain(t, 5)
	if r := hubRow(t, h, d.Code); r.Status != int(kiosk.DossierProcessing) || r.Kiosk != k.id.KioskID || r.Commune != "Tân Lập" || r.Requested != nil {
		t.Fatalf("the dossier at the hub: %+v", r)
	}

	// The province finishes it.
	id := setState(t, h, k, `{"code":"`+d.Code+`","action":"done","by":"Sở Tư pháp"}`)
	if r := hubRow(t, h, d.Code); r.Requested == nil || !r.Requested.Pending() || r.Requested.Command != id || r.Status != int(kiosk.DossierProcessing) {
		t.Fatalf("the row waiting: %+v", r.Requested)
	}
	if err := k.w.Beat(ctx); err != nil { // the command comes down and is applied
		t.Fatal(err)
	}
	pub, err := ds.Lookup(ctx, d.Code)
	if err != nil || pub.Status != kiosk.DossierReady {
		t.Fatalf("the kiosk's look-up: %+v %v", pub, err)
	}
	// The kiosk restarts before its next heartbeat: the hub hands the command out again,
	// and the new worker finds it applied.
	k.w = newWorker(k.db, k.id, clock)
	k.w.Dossiers = ds
	if c := beatUntil(t, h, k, id); c.State != wire.StateDone || !strings.Contains(c.Detail, "Đã có kết quả, chờ trả") {
		t.Fatalf("the command at the hub: %+v", c)
	}
	k.drain(t, 5)
	assertSame(t, h, k)
	if r := hubRow(t, h, d.Code); r.Status != int(kiosk.DossierReady) || r.Requested != nil || r.FinishedAt.IsZero() {
		t.Fatalf("the hub after the kiosk's event: %+v %+v", r, r.Requested)
	}
	if evs := upstreamEvents(t, h, k, d.Code, id); len(evs) != 1 || evs[0].Status != kiosk.DossierReady || evs[0].Upstream.By != "Sở Tư pháp" || evs[0].StaffID != "hub" {
		t.Fatalf("the hub holds %d events of command %d: %+v", len(evs), id, evs)
	}

	// Handed back at the desk; the province's done again (its view was stale): recorded, ignored.
	if _, err := ds.Transition(ctx, clerk, d.Code, kiosk.DossierChange{Action: kiosk.ActionReturn}); err != nil {
		t.Fatal(err)
	}
	late := setState(t, h, k, `{"code":"`+d.Code+`","action":"done"}`)
	if c := beatUntil(t, h, k, late); c.State != wire.StateDone || !strings.Contains(c.Detail, "không đổi trạng thái") {
		t.Fatalf("the late done: %+v", c)
	}
	k.drain(t, 5)
	if r := hubRow(t, h, d.Code); r.Status != int(kiosk.DossierReturned) || r.Requested != nil {
		t.Fatalf("the hub after the ignored done: %+v", r)
	}
	if evs := upstreamEvents(t, h, k, d.Code, late); len(evs) != 1 || !evs[0].Upstream.Ignored || evs[0].Status != kiosk.DossierReturned {
		t.Fatalf("the ignored done at the hub: %+v", evs)
	}

	// A refusal of a returned dossier: failed with the kiosk's reason, nothing written, and
	// never handed out again.
	before, _ := k.db.Pending(ctx, 0, 1000)
	refused := setState(t, h, k, `{"code":"`+d.Code+`","action":"refuse","reason":"Không thuộc thẩm quyền"}`)
	if c := beatUntil(t, h, k, refused); c.State != wire.StateFailed || !strings.Contains(c.Detail, "Không thể từ chối tiếp nhận") {
		t.Fatalf("the refusal: %+v", c)
	}
	after, _ := k.db.Pending(ctx, 0, 1000)
	if len(after) != len(before) {
		t.Fatalf("a failed command wrote %d events", len(after)-len(before))
	}
	if cmds, err := h.Store().Heartbeat(ctx, k.id.KioskID, wire.Heartbeat{Clock: time.Now()}, time.Now()); err != nil || len(cmds) != 0 {
		t.Fatalf("handed out again: %+v %v", cmds, err)
	}
	if r := hubRow(t, h, d.Code); r.Status != int(kiosk.DossierReturned) || r.Requested == nil || r.Requested.Pending() || r.Requested.Detail == "" {
		t.Fatalf("the failed request on the row: %+v", r.Requested)
	}
	if pub, _ := ds.Lookup(ctx, d.Code); pub.Status != kiosk.DossierReturned {
		t.Fatalf("the look-up after the refusal: %+v", pub)
	}
}

// What the kiosk refuses before its store is asked, or after: a kiosk without dossiers,
// a bad argument, a dossier it does not hold. Each is the command's failure, in words.
func TestDossierStateRefusals(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ds := dossierDesk(t, db)
	before, _ := db.Pending(ctx, 0, 100)
	cmd := func(arg string) wire.Command { return wire.Command{ID: 5, Kind: wire.CommandDossierState, Arg: arg} }
	for _, c := range []struct {
		w    *client.Worker
		arg  string
		want string
	}{
		{&client.Worker{}, `{"code":"X-1","action":"done"}`, "keeps no dossiers"},
		{&client.Worker{Dossiers: ds}, `{"code":"X-1","action":"finish"}`, "refuse, back, done or stop"},
		{&client.Worker{Dossiers: ds}, `{"code":"000.00.06.H56-260305-0999","action":"done"}`, "Không tìm thấy hồ sơ"},
		{&client.Worker{Dossiers: ds}, `{"code":"rác","action":"done"}`, "/"},
	} {
		if _, err := client.ApplyDossierState(c.w, ctx, cmd(c.arg)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.arg, err, c.want)
		}
	}
	if after, _ := db.Pending(ctx, 0, 100); len(after) != len(before) {
		t.Fatalf("refusals wrote %d events", len(after)-len(before))
	}
}
