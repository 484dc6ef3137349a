package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client"
	"github.com/motcua/motcua/sync/hub"
)

// Finding: a request duplicated in transit showed on the admin page as a "replay" error
// although the hub stored the data. The kiosk asks again and gets its answer; if a
// replay refusal does surface, the words say what happened, and the next push clears it.
func TestDuplicatedRequestNotShownAsReplay(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.emit(t, 20)
	var n atomic.Int64
	p.setPick(func(r *http.Request) fault {
		if r.URL.Path == wire.PathEvents && n.Add(1) == 1 {
			return duplicate
		}
		return pass
	})
	if err := k.w.Push(ctx); err != nil {
		t.Fatalf("a copy made on the way surfaced: %v", err)
	}
	if st := k.w.Status(); st.LastError != "" {
		t.Fatalf("status after a duplicate: %+v", st)
	}

	// Every copy duplicated, the second asking included.
	k.emit(t, 5)
	p.setPick(func(r *http.Request) fault { return duplicate })
	var pr *wire.Problem
	if err := k.w.Push(ctx); !errors.As(err, &pr) || pr.Code != wire.CodeReplay {
		t.Fatalf("push: %v", err)
	}
	st := k.w.Status()
	if !strings.Contains(st.LastError, "gửi trùng") || !strings.Contains(st.LastError, "không mất dữ liệu") || strings.Contains(st.LastError, "phát lại") {
		t.Fatalf("the admin page says %q", st.LastError)
	}
	if got := len(hubEvents(t, h, k)); got != 25 {
		t.Fatalf("the hub holds %d events, want 25", got)
	}
	p.setPick(nil)
	if err := k.w.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if st := k.w.Status(); st.LastError != "" || st.SyncedThrough != 25 {
		t.Fatalf("not cleared by the next push: %+v", st)
	}
	assertSame(t, h, k)
}

// Finding: the kiosk took an ack beyond the last seq it sent, and hub answers were not
// authenticated. An ack signed by the province key but past the batch, and an ack from
// anyone else, both leave the outbox as it was.
func TestAckBeyondTheLastSentSeqRefused(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	k.w.BatchEvents = 10
	k.emit(t, 30)
	_, rogue, _ := ed25519.GenerateKey(nil)
	for name, signer := range map[string]ed25519.PrivateKey{"a hub acking too much": h.key, "a man in the middle": rogue} {
		p.Forge = func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte) {
			if r.URL.Path != wire.PathEvents || status != 200 {
				return status, b
			}
			var ack wire.Ack
			_ = json.Unmarshal(b, &ack)
			ack.AckedThrough += 15
			b, _ = json.Marshal(ack)
			wire.SignAnswer(hd, signer, r, status, b, time.Now())
			return status, b
		}
		if err := k.w.Push(ctx); err == nil {
			t.Fatalf("%s: push succeeded", name)
		}
		if synced, _ := k.db.SyncedThrough(ctx); synced != 0 {
			t.Fatalf("%s: the kiosk marked %d synced from an ack of seq 1–10 plus 15", name, synced)
		}
	}
	p.Forge = nil
	k.drain(t, 5)
	assertSame(t, h, k)
}

// Finding (same): the hub's time, by which bundle expiry is judged, came unauthenticated.
// A server time moved a year on the way is refused, and the bundle is applied once the
// answers are genuine again.
func TestForgedServerTimeRefused(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	cat := &recordApplier{}
	k.w.Appliers = map[string]client.Applier{wire.BundleConfig: cat}
	if _, err := hub.Publish(ctx, h.Store(), h.key, hub.Publication{Kind: wire.BundleConfig, TTL: time.Hour, Payload: []byte(`{"procedures":[]}`)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	p.Forge = func(r *http.Request, status int, hd http.Header, b []byte) (int, []byte) {
		ms, _ := strconv.ParseInt(hd.Get(wire.HeaderServerTime), 10, 64)
		hd.Set(wire.HeaderServerTime, strconv.FormatInt(ms+int64(365*24*time.Hour/time.Millisecond), 10))
		return status, b
	}
	if err := k.w.PullBundles(ctx); !errors.Is(err, wire.ErrUnauthenticAnswer) || len(cat.applied) != 0 {
		t.Fatalf("forged time: %v, applied %v", err, cat.applied)
	}
	p.Forge = nil
	if err := k.w.PullBundles(ctx); err != nil || len(cat.applied) != 1 {
		t.Fatalf("genuine answer: %v, applied %v", err, cat.applied)
	}
}

// Finding: a captured heartbeat replayed after a hub restart was stored and collected the
// kiosk's queued sync_now, which the real kiosk never got. The replay is refused, and the
// real kiosk gets the command and acknowledges it.
func TestReplayedHeartbeatAfterHubRestartStealsNothing(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	p := startProxy(t, h)
	k := newKiosk(t, h, p.URL, nil)
	var captured atomic.Pointer[http.Request]
	var capturedBody []byte
	p.Tap = func(r *http.Request, body []byte) {
		if r.URL.Path == wire.PathHeartbeat && captured.Load() == nil {
			capturedBody = body
			captured.Store(r.Clone(context.Background()))
		}
	}
	if err := k.w.Beat(ctx); err != nil {
		t.Fatal(err)
	}
	p.Tap = nil
	id, err := h.Store().QueueCommand(ctx, k.id.KioskID, wire.CommandSyncNow, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.restart()

	c := captured.Load()
	replay, _ := http.NewRequest("POST", h.url()+wire.PathHeartbeat, bytes.NewReader(capturedBody))
	replay.Header = c.Header.Clone()
	// A fresh connection: a pooled one to the hub before its restart would end in EOF
	// (a POST is not retried on a stale connection).
	fresh := &http.Client{Transport: &http.Transport{}}
	resp, err := fresh.Do(replay)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get(wire.HeaderProblem) != wire.CodeReplay {
		t.Fatalf("replay after a restart: %d %s", resp.StatusCode, body)
	}

	if err := k.w.Beat(ctx); err != nil { // gets sync_now and runs it
		t.Fatal(err)
	}
	if err := k.w.Beat(ctx); err != nil { // carries its result
		t.Fatal(err)
	}
	cmds, _ := h.Store().Commands(ctx, k.id.KioskID)
	if len(cmds) != 1 || cmds[0].ID != id || cmds[0].State != wire.StateDone {
		t.Fatalf("commands %+v", cmds)
	}
	if beats, _ := h.Store().Heartbeats(ctx, k.id.KioskID, 10); len(beats) != 3 {
		t.Fatalf("%d heartbeats stored, want the kiosk's 3", len(beats))
	}
}
