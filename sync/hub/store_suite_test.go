package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	stdsync "sync"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/hub/pgtest"
)

// openStore makes an empty store for one test, and a way to open another handle on the
// same database: what a second hub process over it sees. The test closes both.
type openStore func(t *testing.T) (st Store, another func() Store)

func TestSQLiteStore(t *testing.T) {
	runStoreSuite(t, func(t *testing.T) (Store, func() Store) {
		path := filepath.Join(t.TempDir(), "hub.db")
		open := func() Store {
			st, err := OpenSQLite(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		return open(), open
	})
}

func TestPostgresStore(t *testing.T) {
	pgtest.Server(t)
	runStoreSuite(t, func(t *testing.T) (Store, func() Store) {
		url, key := pgtest.DB(t), filepath.Join(t.TempDir(), PersonalKeyFile)
		open := func() Store {
			st, err := OpenPostgres(context.Background(), url, WithPersonalKey(key))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		return open(), open
	})
}

// t0 is the suite's "now": nanoseconds included, which both stores keep to the microsecond.
var t0 = time.Date(2026, 3, 2, 8, 30, 0, 123456789, time.UTC)

func us(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// enrolled makes a token for commune and enrols a new key with it.
func enrolled(t *testing.T, st Store, commune string, tok Token) (*Kiosk, ed25519.PrivateKey) {
	t.Helper()
	ctx := context.Background()
	tok.Commune = commune
	secret, err := st.CreateToken(ctx, tok, t0)
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	k, err := st.Enrol(ctx, secret, pub, "epoch-1", "may-"+commune, t0)
	if err != nil {
		t.Fatal(err)
	}
	return k, priv
}

// eventsOf is a batch of n events of kiosk's stream epoch from seq from; each body names
// its seq in text a JSON normaliser would change (spaces, an escape, Vietnamese).
func eventsOf(kiosk, epoch string, from int64, n int) *wire.Batch {
	b := &wire.Batch{Kiosk: kiosk, Epoch: epoch, FromSeq: from}
	for i := range n {
		seq := from + int64(i)
		b.Events = append(b.Events, wire.Event{Seq: seq, Kind: "ticket.issued",
			Body:      json.RawMessage(fmt.Sprintf(`{"seq": %d,  "name":"Đăng ký \u0041"}`, seq)),
			CreatedAt: t0.Add(time.Duration(seq) * time.Second)})
	}
	return b
}

func gapExpected(t *testing.T, err error, want int64) {
	t.Helper()
	var p *wire.Problem
	if !errors.As(err, &p) || p.Code != wire.CodeGap || p.ExpectedSeq != want {
		t.Fatalf("got %v, want a gap problem expecting %d", err, want)
	}
}

// runStoreSuite is every Store method's behaviour, run on each store.
func runStoreSuite(t *testing.T, open openStore) {
	ctx := context.Background()

	t.Run("EnrolSpendsATokenOnce", func(t *testing.T) {
		st, _ := open(t)
		if _, err := st.CreateToken(ctx, Token{Commune: " "}, t0); err == nil {
			t.Error("a token without a commune was made")
		}
		secret, err := st.CreateToken(ctx, Token{Commune: "Xã Tân Lập", Region: "north", Cluster: "Đoan Hùng"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		pub, _, _ := ed25519.GenerateKey(nil)
		k, err := st.Enrol(ctx, secret, pub, "epoch-1", "may-1", t0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Kiosk(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != k.ID || got.Commune != "Xã Tân Lập" || got.Region != "north" || got.Cluster != "Đoan Hùng" || !got.PublicKey.Equal(pub) ||
			got.Epoch != "epoch-1" || got.Hostname != "may-1" || !got.Enrolled.Equal(us(t0)) || got.Enrolled.Location() != time.UTC ||
			!got.Revoked.IsZero() || !got.LastSeen.IsZero() || got.HeldThrough != 0 {
			t.Fatalf("kiosk as stored: %+v", got)
		}
		if k.ID[:len("xtnlp-")] != "xtnlp-" {
			t.Errorf("kiosk id %q is not the commune's slug and a random part", k.ID)
		}
		// The same key again (its answer was lost): the same kiosk, no second one.
		again, err := st.Enrol(ctx, secret, pub, "epoch-1", "may-1", t0.Add(time.Minute))
		if err != nil || again.ID != k.ID {
			t.Fatalf("the same key again: %v, %v", again, err)
		}
		other, _, _ := ed25519.GenerateKey(nil)
		if _, err := st.Enrol(ctx, secret, other, "epoch-9", "may-2", t0); !errors.Is(err, ErrTokenUsed) {
			t.Errorf("another key with a spent token: %v", err)
		}
		if _, err := st.Enrol(ctx, "no-such-token", other, "epoch-9", "may-2", t0); !errors.Is(err, ErrTokenUsed) {
			t.Errorf("an unknown token: %v", err)
		}
		old, _ := st.CreateToken(ctx, Token{Commune: "Xã A", Expires: t0.Add(time.Hour)}, t0)
		if _, err := st.Enrol(ctx, old, other, "epoch-9", "may-2", t0.Add(2*time.Hour)); !errors.Is(err, ErrTokenUsed) {
			t.Errorf("an expired token: %v", err)
		}
		if err := st.Revoke(ctx, k.ID, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enrol(ctx, secret, pub, "epoch-1", "may-1", t0); !errors.Is(err, ErrTokenUsed) {
			t.Errorf("a revoked kiosk's key re-enrolled: %v", err)
		}
		if ks, _ := st.Kiosks(ctx); len(ks) != 1 {
			t.Errorf("%d kiosks, want 1", len(ks))
		}
	})

	t.Run("OneTokenAtTwoHubsEnrolsOneKiosk", func(t *testing.T) {
		st, another := open(t)
		st2 := another()
		secret, _ := st.CreateToken(ctx, Token{Commune: "Xã B"}, t0)
		var wg stdsync.WaitGroup
		ok := make(chan string, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pub, _, _ := ed25519.GenerateKey(nil)
				if k, err := []Store{st, st2}[i%2].Enrol(ctx, secret, pub, "e", "h", t0); err == nil {
					ok <- k.ID
				} else if !errors.Is(err, ErrTokenUsed) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		close(ok)
		if n := len(ok); n != 1 {
			t.Fatalf("%d kiosks enrolled with one token", n)
		}
	})

	t.Run("KiosksByCommuneAndRevoke", func(t *testing.T) {
		st, _ := open(t)
		b, _ := enrolled(t, st, "Xã Bình", Token{})
		a, _ := enrolled(t, st, "Xã An", Token{})
		ks, err := st.Kiosks(ctx)
		if err != nil || len(ks) != 2 || ks[0].ID != a.ID || ks[1].ID != b.ID {
			t.Fatalf("kiosks %v (%v), want An then Bình", ks, err)
		}
		if _, err := st.Kiosk(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown kiosk: %v", err)
		}
		if err := st.Revoke(ctx, "nobody", t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoke unknown: %v", err)
		}
		if err := st.Revoke(ctx, a.ID, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.Revoke(ctx, a.ID, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Kiosk(ctx, a.ID); !got.Revoked.Equal(us(t0)) {
			t.Errorf("revoked at %v, want the first revocation's %v", got.Revoked, us(t0))
		}
	})

	t.Run("IngestIdempotentGapAndDiffers", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "Xã An", Token{})
		res, err := st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 1, 3), nil, t0)
		if err != nil || res.HeldThrough != 3 || res.Stored != 3 || len(res.Rejected) != 0 {
			t.Fatalf("first batch: %+v %v", res, err)
		}
		if res, err = st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 1, 3), nil, t0); err != nil || res.HeldThrough != 3 || res.Stored != 0 {
			t.Fatalf("the same batch again: %+v %v", res, err)
		}
		if res, err = st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 2, 4), nil, t0); err != nil || res.HeldThrough != 5 || res.Stored != 2 {
			t.Fatalf("an overlapping batch: %+v %v", res, err)
		}
		// A part held: the ack never goes past the batch's own last event.
		if res, err = st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 1, 2), nil, t0); err != nil || res.HeldThrough != 2 {
			t.Fatalf("an old batch: %+v %v", res, err)
		}
		_, err = st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 7, 1), nil, t0)
		gapExpected(t, err, 6)
		changed := eventsOf(k.ID, "epoch-1", 4, 3)
		changed.Events[0].Body = json.RawMessage(`{"seq":4}`)
		_, err = st.Ingest(ctx, changed, nil, t0)
		gapExpected(t, err, 6)
		moved := eventsOf(k.ID, "epoch-1", 5, 2)
		moved.Events[0].CreatedAt = moved.Events[0].CreatedAt.Add(time.Millisecond)
		_, err = st.Ingest(ctx, moved, nil, t0)
		gapExpected(t, err, 6)

		evs, err := st.Events(ctx, EventQuery{Kiosk: k.ID})
		if err != nil || len(evs) != 5 {
			t.Fatalf("the hub holds %d events (%v), want 5", len(evs), err)
		}
		for i, e := range evs {
			want := eventsOf(k.ID, "epoch-1", int64(i+1), 1).Events[0]
			if e.Seq != want.Seq || e.Kind != want.Kind || string(e.Body) != string(want.Body) || !e.CreatedAt.Equal(us(want.CreatedAt)) ||
				e.CreatedAt.Location() != time.UTC || !e.Received.Equal(us(t0)) || e.Epoch != "epoch-1" || e.Kiosk != k.ID || e.Rejected != "" {
				t.Errorf("event %d as held: %+v, want %+v", i, e, want)
			}
		}
		got, _ := st.Kiosk(ctx, k.ID)
		if got.HeldThrough != 5 || !got.LastSync.Equal(us(t0)) {
			t.Errorf("kiosk after ingest: held %d, last sync %v", got.HeldThrough, got.LastSync)
		}
		// A new epoch (a reinstalled kiosk) is a new stream from 1, and the kiosk's
		// held_through follows it.
		if res, err = st.Ingest(ctx, eventsOf(k.ID, "epoch-2", 1, 2), nil, t0); err != nil || res.HeldThrough != 2 {
			t.Fatalf("a new epoch: %+v %v", res, err)
		}
		if got, _ := st.Kiosk(ctx, k.ID); got.Epoch != "epoch-2" || got.HeldThrough != 2 {
			t.Errorf("kiosk after a new epoch: %s held %d", got.Epoch, got.HeldThrough)
		}
	})

	t.Run("RatingsCountedOnIngest", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "Xã An", Token{})
		b := &wire.Batch{Kiosk: k.ID, Epoch: "epoch-1", FromSeq: 1}
		for i, body := range []json.RawMessage{
			ratingBody(1, "2026-12-01", 1, "canbo1", 3, 3),
			ratingBody(2, "2026-12-01", 1, "canbo1", 1, 3, "attitude", "waiting_time"),
			ratingBody(3, "2026-12-01", 2, "canbo2", 1, 3, "waiting_time"), // refused below: no row
			json.RawMessage(`{"ticket_id":4}`),                             // not a rating: an event only
		} {
			b.Events = append(b.Events, wire.Event{Seq: int64(i + 1), Kind: RatingEventKind, Body: body, CreatedAt: t0})
		}
		reject := func(e wire.Event) string {
			if e.Seq == 3 {
				return "refused for the test"
			}
			return ""
		}
		for range 2 { // a retry stores nothing twice
			if _, err := st.Ingest(ctx, b, reject, t0); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.RatingGroups(ctx, RatingQuery{By: ByStaff})
		want := []RatingGroup{{Commune: "Xã An", StaffID: "canbo1", Ratings: 2, Satisfied: 1, Dissatisfied: 1, SatisfiedRate: 0.5,
			Reasons: map[string]int{"attitude": 1, "waiting_time": 1}}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("ratings by clerk: %+v (%v), want %+v", got, err, want)
		}
	})

	t.Run("AssessmentsKeptPerDossier", func(t *testing.T) {
		st, _ := open(t)
		an, _ := enrolled(t, st, "Xã An", Token{})
		binh, _ := enrolled(t, st, "Xã Bình", Token{})
		body := func(code, day, scores string) json.RawMessage {
			return json.RawMessage(`{"dossier_code":"` + code + `","procedure":"1.004873","service_id":"hotich","day":"` + day +
				`","staff_id":"canbo1","counter_id":1,"scores":` + scores + `,"via":"pad","at":"2026-12-01T02:00:00Z"}`)
		}
		batch := func(kiosk string, bodies ...json.RawMessage) *wire.Batch {
			b := &wire.Batch{Kiosk: kiosk, Epoch: "epoch-1", FromSeq: 1}
			for i, x := range bodies {
				b.Events = append(b.Events, wire.Event{Seq: int64(i + 1), Kind: AssessmentEventKind, Body: x, CreatedAt: t0})
			}
			return b
		}
		for range 2 { // a retry stores nothing twice
			if _, err := st.Ingest(ctx, batch(an.ID,
				body("H56-261201-0001", "2026-12-01", `{"total_time":2,"one_stop":2,"overall":3}`),
				body("H56-261201-0002", "2026-12-01", `{"total_time":0,"one_stop":0,"attitude":1}`),
				body("H56-261201-0001", "2026-12-01", `{"total_time":0}`), // the same dossier again: the first stays
				body("H56-261201-0003", "2026-12-01", `{"total_time":7}`), // no such score: an event only
				body("H56-261130-0009", "2026-11-30", `{"overall":1}`),    // outside the days asked below
			), nil, t0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.Ingest(ctx, batch(binh.ID, body("H57-261201-0001", "2026-12-01", `{"overall":2}`)), nil, t0); err != nil {
			t.Fatal(err)
		}
		got, err := st.AssessmentSummaries(ctx, AssessmentQuery{From: "2026-12-01", To: "2026-12-01"})
		want := []AssessmentSummary{
			{Commune: "Xã An", Assessments: 2, Averages: map[string]float64{"total_time": 1, "one_stop": 1, "overall": 3, "attitude": 1},
				Scored: map[string]int{"total_time": 2, "one_stop": 2, "overall": 1, "attitude": 1}},
			{Commune: "Xã Bình", Assessments: 1, Averages: map[string]float64{"overall": 2}, Scored: map[string]int{"overall": 1}},
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("summaries: %+v (%v), want %+v", got, err, want)
		}
		if got, err := st.AssessmentSummaries(ctx, AssessmentQuery{Commune: "Xã Bình"}); err != nil || len(got) != 1 || got[0].Assessments != 1 {
			t.Fatalf("one commune: %+v %v", got, err)
		}
		if _, err := st.AssessmentSummaries(ctx, AssessmentQuery{From: "01/12/2026"}); err == nil {
			t.Fatal("a bad day is an error")
		}
	})

	t.Run("IngestRejectsSingleEvents", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "Xã An", Token{})
		reject := func(e wire.Event) string {
			if e.Seq == 2 {
				return "unknown_procedure"
			}
			return ""
		}
		res, err := st.Ingest(ctx, eventsOf(k.ID, "epoch-1", 1, 3), reject, t0)
		if err != nil || res.HeldThrough != 3 || res.Stored != 3 || !slices.Equal(res.Rejected, []wire.Rejection{{Seq: 2, Reason: "unknown_procedure"}}) {
			t.Fatalf("%+v %v", res, err)
		}
		evs, _ := st.Events(ctx, EventQuery{Kiosk: k.ID})
		if len(evs) != 3 || evs[1].Rejected != "unknown_procedure" || evs[0].Rejected != "" {
			t.Errorf("held: %+v", evs)
		}
	})

	t.Run("EventsFilters", func(t *testing.T) {
		st, _ := open(t)
		a, _ := enrolled(t, st, "Xã An", Token{})
		b, _ := enrolled(t, st, "Xã Bình", Token{})
		st.Ingest(ctx, eventsOf(a.ID, "epoch-1", 1, 4), nil, t0)
		other := eventsOf(b.ID, "epoch-1", 1, 2)
		other.Events[1].Kind = "dossier.received"
		st.Ingest(ctx, other, nil, t0)
		for _, c := range []struct {
			q    EventQuery
			want []int64
		}{
			{EventQuery{}, []int64{1, 2, 3, 4, 1, 2}},
			{EventQuery{Kiosk: a.ID, AfterSeq: 2}, []int64{3, 4}},
			{EventQuery{Kiosk: a.ID, Limit: 3}, []int64{1, 2, 3}},
			{EventQuery{Kind: "dossier.received"}, []int64{2}},
			{EventQuery{Kiosk: b.ID, Epoch: "epoch-9"}, nil},
		} {
			evs, err := st.Events(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range evs {
				got = append(got, e.Seq)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%+v: seqs %v, want %v", c.q, got, c.want)
			}
		}
	})

	t.Run("TwoHubsGivenTheSameBatchStoreItOnce", func(t *testing.T) {
		st, another := open(t)
		hubs := []Store{st, another()}
		k, _ := enrolled(t, st, "Xã An", Token{})
		var wg stdsync.WaitGroup
		var mu stdsync.Mutex
		stored := 0
		for round := range 5 {
			from := int64(round*100 + 1)
			for i := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := hubs[i%2].Ingest(ctx, eventsOf(k.ID, "epoch-1", from, 100), nil, t0)
					if err != nil || res.HeldThrough != from+99 {
						t.Errorf("round %d: %+v %v", round, res, err)
					}
					mu.Lock()
					stored += res.Stored
					mu.Unlock()
				}()
			}
			wg.Wait()
		}
		evs, _ := st.Events(ctx, EventQuery{Kiosk: k.ID, Limit: 10000})
		if len(evs) != 500 || stored != 500 {
			t.Fatalf("held %d events, stored counted %d; want 500 each", len(evs), stored)
		}
	})

	t.Run("BundlesByVersionAndScope", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "Xã An", Token{Cluster: "Đoan Hùng"})
		if v, err := st.LatestBundleVersion(ctx, wire.BundleCatalog); err != nil || v != 0 {
			t.Fatalf("latest before any: %d %v", v, err)
		}
		pub := func(v int64, scope string) error {
			return st.PublishBundle(ctx, &wire.Bundle{Format: 1, Kind: wire.BundleCatalog, Version: v, Issued: t0, Scope: scope,
				Payload: json.RawMessage(fmt.Sprintf(`{"v":%d}`, v))})
		}
		for _, c := range []struct {
			v     int64
			scope string
		}{{1, ""}, {2, "cluster:Đoan Hùng"}, {3, "commune:Xã Khác"}} {
			if err := pub(c.v, c.scope); err != nil {
				t.Fatal(err)
			}
		}
		if err := pub(3, ""); err == nil {
			t.Error("a version not above the latest was published")
		}
		if v, _ := st.LatestBundleVersion(ctx, wire.BundleCatalog); v != 3 {
			t.Errorf("latest %d, want 3", v)
		}
		b, err := st.Bundle(ctx, wire.BundleCatalog, 0, k)
		if err != nil || b.Version != 2 || string(b.Payload) != `{"v":2}` || !b.Issued.Equal(t0) {
			t.Fatalf("newest in scope: %+v %v", b, err)
		}
		if _, err := st.Bundle(ctx, wire.BundleCatalog, 2, k); !errors.Is(err, ErrNotFound) {
			t.Errorf("nothing newer in scope: %v", err)
		}
		if _, err := st.Bundle(ctx, wire.BundleConfig, 0, k); !errors.Is(err, ErrNotFound) {
			t.Errorf("no bundle of a kind: %v", err)
		}
	})

	t.Run("HeartbeatsAndCommandsAcknowledged", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "Xã An", Token{})
		if _, err := st.QueueCommand(ctx, k.ID, "format_disk", 0, t0); err == nil {
			t.Error("an unknown command was queued")
		}
		if _, err := st.QueueCommand(ctx, "nobody", wire.CommandSyncNow, 0, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("a command for an unknown kiosk: %v", err)
		}
		id, err := st.QueueCommand(ctx, k.ID, wire.CommandSyncNow, 0, t0)
		if err != nil {
			t.Fatal(err)
		}
		short, _ := st.QueueCommand(ctx, k.ID, wire.CommandSendLogs, time.Minute, t0)
		hb := wire.Heartbeat{Version: "1.2.3", Backlog: 42, Clock: t0.Add(90 * time.Second), Printer: wire.Printer{Online: true, PaperLow: true}}
		cmds, err := st.Heartbeat(ctx, k.ID, hb, t0)
		if err != nil || len(cmds) != 2 || cmds[0].ID != id || cmds[0].Kind != wire.CommandSyncNow || !cmds[0].Expires.Equal(us(t0.Add(24*time.Hour))) ||
			cmds[1].ID != short {
			t.Fatalf("first heartbeat's commands: %+v %v", cmds, err)
		}
		got, _ := st.Kiosk(ctx, k.ID)
		if !got.LastSeen.Equal(us(t0)) || got.SkewMillis != 90000 || got.LastHeartbeat.Version != "1.2.3" || got.LastHeartbeat.Backlog != 42 ||
			!got.LastHeartbeat.Printer.PaperLow {
			t.Errorf("kiosk after a heartbeat: %+v", got)
		}
		// Handed out, not acknowledged: the next reply lists it again (the first may have
		// been lost). The short one has expired by then.
		later := t0.Add(2 * time.Minute)
		if cmds, _ = st.Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: later}, later); len(cmds) != 1 || cmds[0].ID != id {
			t.Fatalf("second heartbeat's commands: %+v", cmds)
		}
		done := wire.Heartbeat{Clock: later, Results: []wire.CommandResult{{ID: id, State: wire.StateDone, Detail: "đã đồng bộ"}}}
		if cmds, _ = st.Heartbeat(ctx, k.ID, done, later); len(cmds) != 0 {
			t.Fatalf("after its result: %+v", cmds)
		}
		// A late copy of a result changes nothing.
		failed := wire.Heartbeat{Clock: later, Results: []wire.CommandResult{{ID: id, State: wire.StateFailed, Detail: "late"}}}
		st.Heartbeat(ctx, k.ID, failed, later.Add(time.Minute))
		rows, err := st.Commands(ctx, k.ID)
		if err != nil || len(rows) != 2 {
			t.Fatalf("commands %+v %v", rows, err)
		}
		if r := rows[1]; r.ID != id || r.State != wire.StateDone || r.Detail != "đã đồng bộ" || !r.Finished.Equal(us(later)) ||
			!r.Delivered.Equal(us(t0)) || !r.Issued.Equal(us(t0)) || r.Kiosk != k.ID {
			t.Errorf("the acknowledged command: %+v", r)
		}
		if r := rows[0]; r.ID != short || r.State != "expired" {
			t.Errorf("the short command: %+v", r)
		}
		if all, _ := st.Commands(ctx, ""); len(all) != 2 {
			t.Errorf("every kiosk's commands: %d", len(all))
		}
		hbs, err := st.Heartbeats(ctx, k.ID, 2)
		if err != nil || len(hbs) != 2 || !hbs[0].Received.Equal(us(later.Add(time.Minute))) || hbs[1].Heartbeat.Results[0].Detail != "đã đồng bộ" ||
			hbs[0].Received.Location() != time.UTC {
			t.Errorf("heartbeats newest first: %+v %v", hbs, err)
		}
	})

	t.Run("ACommandAcknowledgedAtTwoHubsFinishesOnce", func(t *testing.T) {
		st, another := open(t)
		hubs := []Store{st, another()}
		k, _ := enrolled(t, st, "Xã An", Token{})
		id, _ := st.QueueCommand(ctx, k.ID, wire.CommandReloadConfig, 0, t0)
		if cmds, _ := hubs[1].Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: t0}, t0); len(cmds) != 1 {
			t.Fatalf("not handed out by the other hub: %+v", cmds)
		}
		var wg stdsync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := t0.Add(time.Duration(i+1) * time.Second)
				hb := wire.Heartbeat{Clock: at, Results: []wire.CommandResult{{ID: id, State: wire.StateDone, Detail: fmt.Sprint(i)}}}
				if cmds, err := hubs[i%2].Heartbeat(ctx, k.ID, hb, at); err != nil || len(cmds) != 0 {
					t.Errorf("heartbeat %d: %+v %v", i, cmds, err)
				}
			}()
		}
		wg.Wait()
		rows, _ := st.Commands(ctx, k.ID)
		var i int
		fmt.Sscan(rows[0].Detail, &i)
		if len(rows) != 1 || rows[0].State != wire.StateDone || !rows[0].Finished.Equal(us(t0.Add(time.Duration(i+1)*time.Second))) {
			t.Errorf("the command after six acknowledgements: %+v", rows)
		}
	})

	t.Run("NoncesRememberedAcrossHubsUntilTheirTime", func(t *testing.T) {
		st, another := open(t)
		st2 := another()
		until := t0.Add(5 * time.Minute)
		for _, c := range []struct {
			st           Store
			kiosk, nonce string
			now          time.Time
			fresh        bool
		}{
			{st, "k1", "n1", t0, true},
			{st, "k1", "n1", t0.Add(time.Minute), false},
			{st2, "k1", "n1", t0.Add(time.Minute), false}, // seen by the other hub
			{st2, "k2", "n1", t0, true},
			{st, "k1", "n2", t0, true},
			{st2, "k1", "n1", until.Add(time.Second), true}, // its time has passed
		} {
			fresh, err := c.st.RememberNonce(ctx, c.kiosk, c.nonce, until, c.now)
			if err != nil || fresh != c.fresh {
				t.Errorf("%s/%s at %v: fresh %v (%v), want %v", c.kiosk, c.nonce, c.now.Sub(t0), fresh, err, c.fresh)
			}
		}
		var wg stdsync.WaitGroup
		var mu stdsync.Mutex
		freshN := 0
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fresh, err := []Store{st, st2}[i%2].RememberNonce(ctx, "k3", "same", until, t0)
				if err != nil {
					t.Error(err)
				}
				if fresh {
					mu.Lock()
					freshN++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if freshN != 1 {
			t.Errorf("one nonce at two hubs at once taken %d times, want once", freshN)
		}
	})

	t.Run("PoolsReported", func(t *testing.T) {
		st, _ := open(t)
		st.Kiosks(ctx)
		ps := st.Pools()
		if len(ps) == 0 {
			t.Fatal("no pools")
		}
		for _, p := range ps {
			if p.Name == "" || p.Max <= 0 || p.Open < p.InUse || p.Waits < 0 {
				t.Errorf("pool %+v", p)
			}
		}
	})

	runFleetSuite(t, open)
	runUpdateSuite(t, open)
	runDossierSuite(t, open)
}
