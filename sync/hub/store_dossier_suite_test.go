package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// runDossierSuite is the part of the store suite for the dossiers the hub keeps: their
// rows as the kiosk's events leave them, and the states IT sets here (dossier_state),
// waiting on the row until the kiosk's event naming the command comes back.
func runDossierSuite(t *testing.T, open openStore) {
	ctx := context.Background()
	ev := func(seq int64, kind, body string) wire.Event {
		return wire.Event{Seq: seq, Kind: kind, Body: json.RawMessage(body), CreatedAt: t0}
	}
	ingest := func(t *testing.T, st Store, k *Kiosk, evs ...wire.Event) {
		t.Helper()
		if _, err := st.Ingest(ctx, &wire.Batch{Kiosk: k.ID, Epoch: "epoch-1", FromSeq: evs[0].Seq, Events: evs}, nil, t0); err != nil {
			t.Fatal(err)
		}
	}
	arg := func(code, action, reason string) string {
		return wire.DossierStateArg{Code: code, Action: action, Reason: reason, By: "Sở Tư pháp", At: t0}.String()
	}
	commands := func(st Store, k *Kiosk) int { cs, _ := st.Commands(ctx, k.ID); return len(cs) }
	one := func(t *testing.T, st Store, q DossierQuery) DossierRow {
		t.Helper()
		rows, err := st.Dossiers(ctx, q)
		if err != nil || len(rows) != 1 {
			t.Fatalf("dossiers %+v: %+v %v", q, rows, err)
		}
		return rows[0]
	}

	t.Run("StateSetAtTheHubWaitsForItsEvent", func(t *testing.T) {
		st, another := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{})
		ingest(t, st, k,
			ev(1, DossierReceivedKind, `{"code":"D1","status":2,"at":"2026-03-02T02:00:00Z","appointment":"2026-03-05T02:00:00Z"}`),
			ev(2, DossierChangedKind, `{"code":"D1","action":"forward","status":4,"at":"2026-03-02T03:00:00Z"}`))

		// Refused at queue time, nothing queued: a bad argument, a dossier the hub does not hold.
		for _, bad := range []string{`{"code":"D1","action":"done"`, `{"code":"D1","action":"return"}`, `{"code":"D1","action":"stop"}`} {
			if _, err := st.QueueCommandArg(ctx, k.ID, wire.CommandDossierState, bad, 0, t0); err == nil {
				t.Fatalf("%s was queued", bad)
			}
		}
		if _, err := st.QueueCommandArg(ctx, k.ID, wire.CommandDossierState, arg("D9", "done", ""), 0, t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a state for a dossier the hub does not hold: %v", err)
		}
		if n := commands(st, k); n != 0 || one(t, st, DossierQuery{}).Requested != nil {
			t.Fatalf("refused requests left %d commands", n)
		}

		id, err := st.QueueCommandArg(ctx, k.ID, wire.CommandDossierState, arg("D1", "done", ""), 0, t0)
		if err != nil {
			t.Fatal(err)
		}
		r := one(t, another(), DossierQuery{Requested: true})
		if r.Code != "D1" || r.Status != 4 || r.Requested == nil || r.Requested.Command != id || r.Requested.State != wire.StateQueued ||
			!r.Requested.Pending() || r.Requested.Target() != 9 || r.Requested.By != "Sở Tư pháp" {
			t.Fatalf("the waiting row: %+v %+v", r, r.Requested)
		}
		if _, err := st.Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: t0}, t0); err != nil {
			t.Fatal(err)
		}
		// The kiosk's own change in between, and the command's result before its event: it
		// still waits, now as done at the kiosk.
		ingest(t, st, k, ev(3, DossierChangedKind, `{"code":"D1","action":"handover","status":4,"at":"2026-03-02T04:00:00Z"}`))
		if _, err := st.Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: t0, Results: []wire.CommandResult{{ID: id, State: wire.StateDone}}}, t0); err != nil {
			t.Fatal(err)
		}
		if r := one(t, st, DossierQuery{Requested: true}); r.Requested.State != wire.StateDone || r.Status != 4 {
			t.Fatalf("after the result, before the event: %+v %+v", r, r.Requested)
		}
		ingest(t, st, k, ev(4, DossierChangedKind, fmt.Sprintf(`{"code":"D1","action":"done","status":9,"at":"2026-03-02T05:00:00Z","upstream":{"command":%d}}`, id)))
		if r := one(t, another(), DossierQuery{}); r.Status != 9 || r.Requested != nil || r.FinishedAt.IsZero() {
			t.Fatalf("after its event: %+v", r)
		}
		if rows, _ := st.Dossiers(ctx, DossierQuery{Requested: true}); len(rows) != 0 {
			t.Fatalf("still waiting: %+v", rows)
		}

		// A request the kiosk refuses stays on the row, failed, with the kiosk's reason.
		id2, err := st.QueueCommandArg(ctx, k.ID, wire.CommandDossierState, arg("D1", "refuse", "Không thuộc thẩm quyền"), 0, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: t0, Results: []wire.CommandResult{{ID: id2, State: wire.StateFailed, Detail: "không thể từ chối"}}}, t0); err != nil {
			t.Fatal(err)
		}
		if r := one(t, st, DossierQuery{}); r.Requested == nil || r.Requested.Pending() || r.Requested.Detail != "không thể từ chối" || r.Requested.Reason != "Không thuộc thẩm quyền" {
			t.Fatalf("the failed request: %+v", r.Requested)
		}
	})

	t.Run("DossiersFiltered", func(t *testing.T) {
		st, _ := open(t)
		a, _ := enrolled(t, st, "xa-a", Token{})
		b, _ := enrolled(t, st, "xa-b", Token{})
		ingest(t, st, a, ev(1, DossierReceivedKind, `{"code":"A1","status":2,"at":"2026-03-02T02:00:00Z"}`),
			ev(2, DossierReceivedKind, `{"code":"A2","status":2,"at":"2026-03-02T03:00:00Z"}`),
			ev(3, DossierChangedKind, `{"code":"A2","status":4,"at":"2026-03-02T04:00:00Z"}`))
		ingest(t, st, b, ev(1, DossierReceivedKind, `{"code":"B1","status":2,"at":"2026-03-02T05:00:00Z"}`))
		codes := func(q DossierQuery) string {
			rows, err := st.Dossiers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			s := ""
			for _, r := range rows {
				s += r.Code + " "
			}
			return s
		}
		for _, c := range []struct {
			q    DossierQuery
			want string
		}{
			{DossierQuery{}, "B1 A2 A1 "}, // newest received first
			{DossierQuery{Communes: []string{"xa-a"}}, "A2 A1 "},
			{DossierQuery{Communes: []string{}}, ""},
			{DossierQuery{Kiosk: b.ID}, "B1 "},
			{DossierQuery{Status: 4}, "A2 "},
			{DossierQuery{Code: "A1"}, "A1 "},
			{DossierQuery{Limit: 1}, "B1 "},
		} {
			if got := codes(c.q); got != c.want {
				t.Errorf("%+v: %q, want %q", c.q, got, c.want)
			}
		}
		rows, _ := st.Dossiers(ctx, DossierQuery{Code: "A1"})
		if rows[0].Commune != "xa-a" || rows[0].Kiosk != a.ID || rows[0].Day != "2026-03-02" || !rows[0].ReceivedAt.Equal(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) {
			t.Fatalf("row %+v", rows[0])
		}
	})

	// The export's read: every dossier the filter selects, whatever the limit, oldest
	// received first, each with its own events in the kiosk's order: not another kiosk's
	// dossier of the same code, not a rejected event, not another kind naming the code.
	t.Run("DossierHistories", func(t *testing.T) {
		st, another := open(t)
		a, _ := enrolled(t, st, "xa-a", Token{})
		b, _ := enrolled(t, st, "xa-b", Token{})
		batch := &wire.Batch{Kiosk: a.ID, Epoch: "epoch-1", FromSeq: 1, Events: []wire.Event{
			ev(1, DossierReceivedKind, `{"code":"A1","status":2,"at":"2026-03-02T02:00:00Z","appointment":"2026-03-05T02:00:00Z"}`),
			ev(2, DossierReceivedKind, `{"code":"A2","status":2,"at":"2026-03-01T17:30:00Z"}`), // 2 March, 00:30 in Hà Nội
			ev(3, "ticket.issued", `{"code":"A1","number":7}`),
			ev(4, DossierChangedKind, `{"code":"A1","action":"process","status":4,"at":"2026-03-02T03:00:00Z"}`),
			ev(5, DossierChangedKind, `{"code":"A1","action":"bogus","status":4,"at":"2026-03-02T03:30:00Z"}`),
			ev(6, DossierChangedKind, `{"code":"A1","action":"done","status":9,"at":"2026-03-03T03:00:00Z"}`),
			ev(7, DossierReceivedKind, `{"code":"A3","status":2,"at":"2026-03-04T01:00:00Z"}`)}}
		reject := func(e wire.Event) string {
			if e.Seq == 5 {
				return "unknown action"
			}
			return ""
		}
		if _, err := st.Ingest(ctx, batch, reject, t0); err != nil {
			t.Fatal(err)
		}
		ingest(t, st, b, ev(1, DossierReceivedKind, `{"code":"A1","status":2,"at":"2026-03-02T05:00:00Z"}`))
		histories := func(t *testing.T, st Store, q DossierQuery) string {
			t.Helper()
			out := ""
			err := st.DossierHistories(ctx, q, func(h DossierHistory) error {
				out += h.Commune + "/" + h.Code + ":"
				for _, e := range h.Events {
					var body struct {
						Code   string
						Action string
						Status int
					}
					if err := json.Unmarshal(e.Body, &body); err != nil || body.Code != h.Code {
						t.Fatalf("%s holds %s (%v)", h.Code, e.Body, err)
					}
					out += fmt.Sprintf(" %s%d", e.Kind[len("dossier."):len("dossier.")+1], body.Status)
				}
				out += ";"
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		for _, c := range []struct {
			q    DossierQuery
			want string
		}{
			{DossierQuery{}, "xa-a/A2: r2;xa-a/A1: r2 c4 c9;xa-b/A1: r2;xa-a/A3: r2;"},
			{DossierQuery{Limit: 1}, "xa-a/A2: r2;xa-a/A1: r2 c4 c9;xa-b/A1: r2;xa-a/A3: r2;"},
			{DossierQuery{Communes: []string{"xa-b"}}, "xa-b/A1: r2;"},
			{DossierQuery{Communes: []string{}}, ""},
			{DossierQuery{Status: 9}, "xa-a/A1: r2 c4 c9;"},
			{DossierQuery{Code: "A1", Kiosk: a.ID}, "xa-a/A1: r2 c4 c9;"},
			// The local day of receipt: A2 came on 2 March in Hà Nội (1 March in UTC).
			{DossierQuery{From: "2026-03-02", To: "2026-03-02"}, "xa-a/A2: r2;xa-a/A1: r2 c4 c9;xa-b/A1: r2;"},
			{DossierQuery{From: "2026-03-03"}, "xa-a/A3: r2;"},
			{DossierQuery{To: "2026-03-01"}, ""},
		} {
			if got := histories(t, another(), c.q); got != c.want {
				t.Errorf("%+v:\n got %q\nwant %q", c.q, got, c.want)
			}
		}
		var h DossierHistory
		_ = st.DossierHistories(ctx, DossierQuery{Code: "A1", Kiosk: a.ID}, func(x DossierHistory) error { h = x; return nil })
		if h.Day != "2026-03-02" || h.Status != 9 || !h.ReceivedAt.Equal(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) ||
			!h.Appointment.Equal(time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC)) || !h.FinishedAt.Equal(time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC)) {
			t.Fatalf("the row: %+v", h.DossierRow)
		}
		// each's error stops the read and comes back.
		stop := errors.New("client gone")
		n := 0
		if err := st.DossierHistories(ctx, DossierQuery{}, func(DossierHistory) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Fatalf("stopped after %d: %v", n, err)
		}
	})
}
