package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// runFleetSuite is the part of the store suite for IT's side: accounts, sessions, the
// login throttle's counts, the audit log, tokens, alerts and their notices, uploaded logs,
// the tickets table, command arguments. Both stores run it (runStoreSuite).
func runFleetSuite(t *testing.T, open openStore) {
	ctx := context.Background()

	t.Run("UsersAndSessions", func(t *testing.T) {
		st, another := open(t)
		u := User{Name: "cum.doanhung", DisplayName: "Anh Hùng", Role: RoleCluster, Cluster: "Đoan Hùng"}
		if err := st.CreateUser(ctx, u, "plain-password", t0); !errors.Is(err, errWeakHash) {
			t.Fatalf("a password stored as its hash: %v", err)
		}
		if err := st.CreateUser(ctx, User{Name: "X Y", Role: RoleProvince}, HashPassword(testPassword), t0); err == nil {
			t.Fatal("a name with a space and capitals was stored")
		}
		if err := st.CreateUser(ctx, User{Name: "cum2", Role: RoleCluster}, HashPassword(testPassword), t0); err == nil {
			t.Fatal("a cluster user without a cluster was stored")
		}
		hash := HashPassword(testPassword)
		if err := st.CreateUser(ctx, u, hash, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUser(ctx, u, hash, t0); !errors.Is(err, ErrExists) {
			t.Fatalf("the same name twice: %v", err)
		}
		got, h, err := another().User(ctx, u.Name)
		if err != nil || h != hash || got.Cluster != "Đoan Hùng" || got.DisplayName != "Anh Hùng" || !got.Created.Equal(us(t0)) || !passwordMatches(h, testPassword) {
			t.Fatalf("user %+v %v", got, err)
		}
		if _, _, err := st.User(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		ss := Session{IDHash: "h1", User: u.Name, CSRF: "c1", Created: t0, Seen: t0, Expires: t0.Add(12 * time.Hour), Remote: "10.0.0.1"}
		if err := st.CreateSession(ctx, ss); err != nil {
			t.Fatal(err)
		}
		live := func(now, idle time.Time) bool {
			s, su, err := another().Session(ctx, "h1", now, idle)
			if err != nil && !errors.Is(err, ErrNotFound) {
				t.Fatal(err)
			}
			return err == nil && s.CSRF == "c1" && su.Name == u.Name && su.Role == RoleCluster
		}
		if !live(t0.Add(time.Minute), t0.Add(-time.Hour)) {
			t.Fatal("a fresh session not found")
		}
		if live(t0.Add(2*time.Hour), t0.Add(time.Hour)) {
			t.Fatal("an idle session found")
		}
		if err := st.TouchSession(ctx, "h1", t0.Add(90*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if !live(t0.Add(2*time.Hour), t0.Add(time.Hour)) {
			t.Fatal("a touched session idle")
		}
		if live(t0.Add(13*time.Hour), t0) {
			t.Fatal("a session past its end found")
		}
		if err := st.DisableUser(ctx, u.Name, t0); err != nil {
			t.Fatal(err)
		}
		if live(t0.Add(time.Minute), t0.Add(-time.Hour)) {
			t.Fatal("a disabled user's session found")
		}
		if err := st.SetPassword(ctx, "nobody", hash, t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("password of nobody: %v", err)
		}
		us, err := st.Users(ctx)
		if err != nil || len(us) != 1 || us[0].Disabled.IsZero() {
			t.Fatalf("users %+v %v", us, err)
		}
	})

	t.Run("LoginFailuresAndAudit", func(t *testing.T) {
		st, another := open(t)
		for i := 0; i < 3; i++ {
			if err := st.RecordLoginFailure(ctx, []string{"user:a", "addr:1"}, t0.Add(time.Duration(i)*time.Minute), t0.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		n, oldest, err := another().LoginFailures(ctx, "user:a", t0.Add(-time.Second))
		if err != nil || n != 3 || !oldest.Equal(us(t0)) {
			t.Fatalf("failures %d %v %v", n, oldest, err)
		}
		if n, _, _ := st.LoginFailures(ctx, "user:a", t0.Add(30*time.Second)); n != 2 {
			t.Fatalf("failures inside a later window: %d", n)
		}
		if err := st.ClearLoginFailures(ctx, "user:a"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := st.LoginFailures(ctx, "user:a", t0.Add(-time.Hour)); n != 0 {
			t.Fatalf("cleared failures: %d", n)
		}
		if n, _, _ := st.LoginFailures(ctx, "addr:1", t0.Add(-time.Hour)); n != 3 {
			t.Fatalf("the address's failures went with the name's: %d", n)
		}
		for i := 0; i < 5; i++ {
			if err := st.Audit(ctx, AuditEntry{At: t0, Actor: []string{"a", "b"}[i%2], Action: fmt.Sprint("act", i), Target: "k", Remote: "10.0.0.1"}); err != nil {
				t.Fatal(err)
			}
		}
		page, err := another().AuditLog(ctx, AuditQuery{Limit: 2})
		if err != nil || len(page) != 2 || page[0].Action != "act4" || page[1].Action != "act3" {
			t.Fatalf("audit page %+v %v", page, err)
		}
		older, _ := st.AuditLog(ctx, AuditQuery{Before: page[1].ID})
		if len(older) != 3 || older[0].Action != "act2" {
			t.Fatalf("older page %+v", older)
		}
		byA, _ := st.AuditLog(ctx, AuditQuery{Actor: "a"})
		if len(byA) != 3 || !byA[0].At.Equal(us(t0)) || byA[0].Remote != "10.0.0.1" {
			t.Fatalf("by actor %+v", byA)
		}
	})

	t.Run("TokensListedAndRevoked", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{Cluster: "c1"})
		secret, _ := st.CreateToken(ctx, Token{Commune: "xa-b", Cluster: "c1", Expires: t0.Add(time.Hour)}, t0.Add(time.Second))
		ts, err := st.Tokens(ctx)
		if err != nil || len(ts) != 2 || ts[0].Commune != "xa-b" || ts[0].State(t0) != "open" || ts[1].UsedBy != k.ID || ts[1].State(t0) != "used" {
			t.Fatalf("tokens %+v %v", ts, err)
		}
		if ts[0].ID != tokenHash(secret)[:tokenIDLen] {
			t.Fatalf("token id %s", ts[0].ID)
		}
		if err := st.RevokeToken(ctx, ts[1].ID, t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoking a used token: %v", err)
		}
		if err := st.RevokeToken(ctx, "' OR 1=1 --", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a made-up id: %v", err)
		}
		if err := st.RevokeToken(ctx, ts[0].ID, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		pub, _, _ := ed25519.GenerateKey(nil)
		if _, err := st.Enrol(ctx, secret, pub, "e", "h", t0.Add(time.Minute)); !errors.Is(err, ErrTokenUsed) {
			t.Fatalf("a revoked token enrolled: %v", err)
		}
		ts, _ = st.Tokens(ctx)
		if ts[0].State(t0) != "revoked" {
			t.Fatalf("revoked token listed as %s", ts[0].State(t0))
		}
	})

	t.Run("AlertsOpenCloseOnceAndNotices", func(t *testing.T) {
		st, another := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{Cluster: "c1"})
		want := []Alert{{Kiosk: k.ID, Kind: AlertPaperOut, Detail: "hết giấy"}, {Kiosk: k.ID, Kind: AlertOffline}}
		opened, closed, err := st.SyncAlerts(ctx, want, t0)
		if err != nil || len(opened) != 2 || len(closed) != 0 {
			t.Fatalf("first sync: %v %v %v", opened, closed, err)
		}
		// The same conditions again, from another hub: nothing new.
		opened, closed, err = another().SyncAlerts(ctx, want, t0.Add(time.Minute))
		if err != nil || len(opened)+len(closed) != 0 {
			t.Fatalf("second sync: %v %v %v", opened, closed, err)
		}
		_, closed, _ = st.SyncAlerts(ctx, want[:1], t0.Add(2*time.Minute))
		if len(closed) != 1 || closed[0].Kind != AlertOffline {
			t.Fatalf("closed %+v", closed)
		}
		open, _ := st.Alerts(ctx, AlertQuery{OpenOnly: true})
		if len(open) != 1 || open[0].Kind != AlertPaperOut || open[0].Commune != "xa-a" || open[0].Cluster != "c1" || open[0].Detail != "hết giấy" {
			t.Fatalf("open %+v", open)
		}
		all, _ := st.Alerts(ctx, AlertQuery{Kiosk: k.ID, ClosedFrom: t0})
		if len(all) != 2 || all[0].Closed.IsZero() == all[1].Closed.IsZero() {
			t.Fatalf("all %+v", all)
		}
		// Three notices (two opened, one closed), claimed once each within the lease.
		ns, err := st.ClaimNotices(ctx, t0.Add(3*time.Minute), time.Minute, 10)
		if err != nil || len(ns) != 3 || ns[0].Event != "opened" || ns[2].Event != "closed" || ns[0].Alert.Commune != "xa-a" {
			t.Fatalf("claimed %+v %v", ns, err)
		}
		if again, _ := another().ClaimNotices(ctx, t0.Add(3*time.Minute), time.Minute, 10); len(again) != 0 {
			t.Fatalf("claimed twice: %+v", again)
		}
		_ = st.NoticeSent(ctx, ns[0].ID, t0.Add(3*time.Minute))
		_ = st.NoticeFailed(ctx, ns[1].ID, "503", t0.Add(10*time.Minute), t0.Add(3*time.Minute))
		_ = st.NoticeFailed(ctx, ns[2].ID, "503", time.Time{}, t0.Add(3*time.Minute))
		later, _ := st.ClaimNotices(ctx, t0.Add(10*time.Minute), time.Minute, 10)
		if len(later) != 1 || later[0].ID != ns[1].ID || later[0].Attempts != 1 {
			t.Fatalf("due again: %+v", later)
		}
	})

	t.Run("LogsKeptNewestFirst", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{})
		var last int64
		for i := 0; i < KeepLogs+2; i++ {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			fmt.Fprintf(zw, "log %d\n", i)
			zw.Close()
			id, err := st.KeepLog(ctx, k.ID, int64(i), buf.Bytes(), 6, t0.Add(time.Duration(i)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			last = id
		}
		ls, err := st.Logs(ctx, k.ID)
		if err != nil || len(ls) != KeepLogs || ls[0].ID != last || ls[0].Command != KeepLogs+1 || ls[0].Bytes != 6 {
			t.Fatalf("logs %+v %v", ls, err)
		}
		l, gz, err := st.Log(ctx, k.ID, last)
		text, _ := gunzip(gz)
		if err != nil || l.ID != last || string(text) != fmt.Sprintf("log %d\n", KeepLogs+1) {
			t.Fatalf("log %+v %q %v", l, text, err)
		}
		if _, _, err := st.Log(ctx, "another", last); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another kiosk's log: %v", err)
		}
	})

	t.Run("TicketsKeptOnIngestAndCountedByDay", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{})
		ev := func(seq int64, kind, body string, at time.Time) wire.Event {
			return wire.Event{Seq: seq, Kind: kind, Body: json.RawMessage(body), CreatedAt: at}
		}
		b := &wire.Batch{Kiosk: k.ID, Epoch: "epoch-1", FromSeq: 1, Events: []wire.Event{
			ev(1, TicketIssuedKind, `{"id":7,"day":"2026-03-02","service_id":"A","issued_at":"2026-03-02T01:00:00Z"}`, t0),
			ev(2, TicketIssuedKind, `{"id":8,"day":"2026-03-02","service_id":"B","issued_at":"2026-03-02T01:05:00Z"}`, t0),
			ev(3, TicketCalledKind, `{"ticket_id":7,"counter_id":1}`, time.Date(2026, 3, 2, 1, 12, 0, 0, time.UTC)),
			ev(4, TicketCalledKind, `{"ticket_id":7,"counter_id":1}`, time.Date(2026, 3, 2, 1, 20, 0, 0, time.UTC)), // a recall keeps the first
			ev(5, TicketIssuedKind, `{"id":9,"day":"2026-03-01"}`, t0),
			ev(6, TicketCalledKind, `{"ticket_id":99}`, t0), // never issued here: no row
			ev(7, RatingEventKind, `{"ticket_id":7,"day":"2026-03-02","counter_id":1,"score":3,"scale":3}`, t0),
		}}
		if _, err := st.Ingest(ctx, b, nil, t0); err != nil {
			t.Fatal(err)
		}
		days, err := st.KioskDays(ctx, "2026-03-02")
		if err != nil || days[k.ID] != (KioskDay{Tickets: 2, Called: 1, Ratings: 1, Satisfied: 1}) {
			t.Fatalf("day %+v %v", days, err)
		}
		if days, _ := st.KioskDays(ctx, "2026-03-01"); days[k.ID].Tickets != 1 {
			t.Fatalf("the day before %+v", days)
		}
	})

	t.Run("CommandArgumentsReachTheKiosk", func(t *testing.T) {
		st, _ := open(t)
		k, _ := enrolled(t, st, "xa-a", Token{})
		if _, err := st.QueueCommandArg(ctx, k.ID, wire.CommandApplyBundle, "catalog:zero", 0, t0); err == nil {
			t.Fatal("a bad argument was queued")
		}
		if _, err := st.QueueCommandArg(ctx, k.ID, wire.CommandSyncNow, "catalog:1", 0, t0); err == nil {
			t.Fatal("sync_now took an argument")
		}
		id, err := st.QueueCommandArg(ctx, k.ID, wire.CommandApplyBundle, "catalog:12", 0, t0)
		if err != nil {
			t.Fatal(err)
		}
		cmds, err := st.Heartbeat(ctx, k.ID, wire.Heartbeat{Clock: t0}, t0)
		if err != nil || len(cmds) != 1 || cmds[0].ID != id || cmds[0].Arg != "catalog:12" {
			t.Fatalf("handed out %+v %v", cmds, err)
		}
		rows, _ := st.Commands(ctx, k.ID)
		if len(rows) != 1 || rows[0].Arg != "catalog:12" || rows[0].State != wire.StateDelivered {
			t.Fatalf("rows %+v", rows)
		}
	})

	t.Run("CommuneReportsTicketsRatingsDossiers", func(t *testing.T) {
		st, _ := open(t)
		a, _ := enrolled(t, st, "xa-a", Token{})
		b, _ := enrolled(t, st, "xa-b", Token{})
		at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
		ev := func(seq int64, kind, body string, created time.Time) wire.Event {
			return wire.Event{Seq: seq, Kind: kind, Body: json.RawMessage(body), CreatedAt: created}
		}
		appt := "2026-03-05T10:00:00Z"
		batchA := &wire.Batch{Kiosk: a.ID, Epoch: "epoch-1", FromSeq: 1, Events: []wire.Event{
			ev(1, TicketIssuedKind, `{"id":1,"day":"2026-03-02","service_id":"A","issued_at":"2026-03-02T01:00:00Z"}`, at(1, 0)),
			ev(2, TicketIssuedKind, `{"id":2,"day":"2026-03-02","service_id":"A","issued_at":"2026-03-02T01:00:00Z"}`, at(1, 0)),
			ev(3, TicketCalledKind, `{"ticket_id":1}`, at(1, 10)),
			ev(4, TicketCalledKind, `{"ticket_id":2}`, at(1, 30)),
			ev(5, TicketNoShowKind, `{"ticket_id":2}`, at(1, 35)),
			ev(6, RatingEventKind, `{"ticket_id":1,"day":"2026-03-02","counter_id":1,"score":3,"scale":3}`, at(1, 20)),
			ev(7, RatingEventKind, `{"ticket_id":2,"day":"2026-03-02","counter_id":1,"score":1,"scale":3}`, at(1, 40)),
			// Four dossiers: on time, late, still open past the appointment, refused.
			ev(8, DossierReceivedKind, `{"code":"D1","status":2,"at":"2026-03-02T02:00:00Z","appointment":"`+appt+`","dossier":{}}`, at(2, 0)),
			ev(9, DossierReceivedKind, `{"code":"D2","status":2,"at":"2026-03-02T02:00:00Z","appointment":"`+appt+`"}`, at(2, 0)),
			ev(10, DossierReceivedKind, `{"code":"D3","status":2,"at":"2026-03-02T02:00:00Z","appointment":"`+appt+`"}`, at(2, 0)),
			ev(11, DossierReceivedKind, `{"code":"D4","status":3,"at":"2026-03-02T02:00:00Z"}`, at(2, 0)),
			ev(12, DossierChangedKind, `{"code":"D1","status":9,"at":"2026-03-04T02:00:00Z"}`, at(2, 0)),
			ev(13, DossierChangedKind, `{"code":"D1","status":10,"at":"2026-03-06T02:00:00Z"}`, at(2, 0)), // returned later: ready on time counts
			ev(14, DossierChangedKind, `{"code":"D2","status":4,"at":"2026-03-03T02:00:00Z"}`, at(2, 0)),
			ev(15, DossierChangedKind, `{"code":"D2","status":9,"at":"2026-03-07T02:00:00Z"}`, at(2, 0)),
		}}
		batchB := &wire.Batch{Kiosk: b.ID, Epoch: "epoch-1", FromSeq: 1, Events: []wire.Event{
			ev(1, TicketIssuedKind, `{"id":1,"day":"2026-03-01","service_id":"A"}`, at(1, 0)), // the day before: outside
			ev(2, TicketIssuedKind, `{"id":2,"day":"2026-03-03","service_id":"A","issued_at":"2026-03-03T01:00:00Z"}`, at(1, 0)),
		}}
		for _, bt := range []*wire.Batch{batchA, batchB} {
			if _, err := st.Ingest(ctx, bt, nil, t0); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := st.CommuneReports(ctx, ReportQuery{From: "2026-03-02", To: "2026-03-03"}, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]CommuneReport{}
		for _, r := range rows {
			got[r.Commune] = r
		}
		wantA := CommuneReport{Commune: "xa-a", Tickets: 2, Called: 2, NoShow: 1, AvgWaitMin: 20, MaxWaitMin: 30, Ratings: 2, Satisfied: 1,
			Dossiers: 4, Finished: 2, OnTime: 1, Late: 1, Overdue: 1, Cancelled: 1}
		if got["xa-a"] != wantA {
			t.Errorf("xa-a: %+v\nwant  %+v", got["xa-a"], wantA)
		}
		if r := got["xa-b"]; r.Tickets != 1 || r.Called != 0 || r.AvgWaitMin != 0 {
			t.Errorf("xa-b: %+v", r)
		}
	})
}
