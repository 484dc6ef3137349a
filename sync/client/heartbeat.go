package client

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// HeartbeatOf is a kiosk's health as the hub reads it. Beat adds the sync worker's own
// state (last sync, bundles, command results).
func HeartbeatOf(h kiosk.Health) wire.Heartbeat {
	return wire.Heartbeat{
		Version:       h.Version,
		StartedAt:     h.StartedAt,
		UptimeSeconds: int64(h.Clock.Sub(h.StartedAt).Seconds()),
		DiskFreeBytes: h.DiskFreeBytes,
		DBBytes:       h.DBBytes,
		Printer: wire.Printer{Online: h.Printer.Online, PaperLow: h.Printer.PaperLow, PaperOut: h.Printer.PaperOut,
			CoverOpen: h.Printer.CoverOpen, Error: h.Printer.Error, Queued: h.Printer.Queued},
		Backlog:       h.Backlog,
		OldestPending: h.OldestPending,
		Clock:         h.Clock,
	}
}

// Beat sends one heartbeat, with the last program update's outcome when an Updater is
// wired, and carries out the commands in the reply: sync_now at once,
// reload_config by pulling bundles then calling Command, send_logs by uploading Logs (or
// through Command), apply_bundle by pulling bundles (commands.go), dossier_state through
// Dossiers (dossier_state.go). The
// results go with the next heartbeat, and acknowledge the commands.
func (w *Worker) Beat(ctx context.Context) error {
	w.init()
	var hb wire.Heartbeat
	if w.HeartbeatInfo != nil {
		hb = w.HeartbeatInfo(ctx)
	}
	st := w.Status()
	hb.Clock = w.Clock()
	if !hb.StartedAt.IsZero() && hb.UptimeSeconds == 0 {
		hb.UptimeSeconds = int64(hb.Clock.Sub(hb.StartedAt).Seconds())
	}
	hb.LastSync = st.LastSuccess
	hb.LastError = st.LastErrorEN
	hb.BundleVersions = st.Bundles
	// What became of the last program update: installed, rolled back or refused (the
	// Updater records each), so the province sees a broken release where it failed.
	if u, ok := w.Appliers[wire.BundleUpdate].(*Updater); ok && hb.Update == nil {
		hb.Update = u.Installer.Outcome()
	}
	w.mu.Lock()
	hb.Results = w.results
	w.mu.Unlock()
	body, _ := json.Marshal(hb)
	status, rb, err := w.t.call(ctx, http.MethodPost, wire.PathHeartbeat, body, false, 1<<20)
	if err != nil {
		return w.fail(err)
	}
	if status != http.StatusOK {
		return w.fail(wire.DecodeProblem(status, rb))
	}
	var rep wire.HeartbeatReply
	if err := json.Unmarshal(rb, &rep); err != nil {
		return w.fail(err)
	}
	w.mu.Lock()
	w.results = w.results[len(hb.Results):]
	w.st.HubTime = rep.ServerTime
	// The hub hands a command out until a heartbeat carries its result: run each once,
	// and forget it when the hub stops listing it.
	var todo []wire.Command
	listed := make(map[int64]bool, len(rep.Commands))
	for _, c := range rep.Commands {
		listed[c.ID] = true
		if !w.handled[c.ID] {
			w.handled[c.ID] = true
			todo = append(todo, c)
		}
	}
	for id := range w.handled {
		if !listed[id] {
			delete(w.handled, id)
		}
	}
	w.mu.Unlock()
	for _, c := range todo {
		w.run(ctx, c)
	}
	return nil
}

func (w *Worker) run(ctx context.Context, c wire.Command) {
	res := wire.CommandResult{ID: c.ID, State: wire.StateDone}
	fail := func(err error) {
		if err != nil {
			res = wire.CommandResult{ID: c.ID, State: wire.StateFailed, Detail: err.Error()}
		}
	}
	switch {
	case c.Kind == wire.CommandSendLogs && w.Logs != nil:
		fail(w.uploadLogs(ctx, c))
	case c.Kind == wire.CommandApplyBundle:
		fail(w.applyBundle(ctx, c))
	case c.Kind == wire.CommandDossierState:
		var err error
		res.Detail, err = w.applyDossierState(ctx, c)
		fail(err)
	case c.Kind == wire.CommandSyncNow:
		w.SyncNow()
	case c.Kind == wire.CommandReloadConfig:
		w.mu.Lock()
		w.reload = true
		w.mu.Unlock()
		w.SyncNow()
		fallthrough
	default:
		if w.Command == nil {
			if c.Kind != wire.CommandReloadConfig {
				res = wire.CommandResult{ID: c.ID, State: wire.StateFailed, Detail: "this kiosk cannot do " + c.Kind}
			}
		} else if err := w.Command(ctx, c); err != nil {
			res = wire.CommandResult{ID: c.ID, State: wire.StateFailed, Detail: err.Error()}
		}
	}
	w.Logger.Info("hub command", "id", c.ID, "kind", c.Kind, "state", res.State)
	w.mu.Lock()
	w.results = append(w.results, res)
	w.mu.Unlock()
}
