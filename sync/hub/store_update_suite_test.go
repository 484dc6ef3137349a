package hub

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// runUpdateSuite: what became of each kiosk's last program update travels in its
// heartbeats, is kept whole by the store (the kiosk row and the history, seen from
// another hub too), raises an update_failed alert for a roll-back or a refusal that
// closes when an update installs, and is counted by the fleet view.
func runUpdateSuite(t *testing.T, open openStore) {
	ctx := context.Background()
	t.Run("UpdateOutcomesKeptAlertedAndCounted", func(t *testing.T) {
		st, another := open(t)
		installed, _ := enrolled(t, st, "xa-moi", Token{Cluster: "c1"})
		rolled, _ := enrolled(t, st, "xa-quay", Token{Cluster: "c1"})
		refused, _ := enrolled(t, st, "xa-tu-choi", Token{Cluster: "c2"})
		at := "2026-03-02T07:02:00Z" // 14:02 in Hà Nội
		outcomes := map[*Kiosk]wire.Heartbeat{
			installed: {Version: "1.5.0", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateInstalled, At: at, Starts: 1}},
			rolled: {Version: "1.4.2", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRolledBack, At: at, Starts: 1,
				Reason: "not healthy within 5m0s of its first start", ReasonVI: "bản mới không báo khoẻ trong 5 phút"}},
			refused: {Version: "1.4.2", Update: &wire.UpdateOutcome{Version: "1.5.0", From: "1.4.2", State: wire.UpdateRefused, At: at,
				Reason: "bundle update v3 refused: bundle refused: bad signature: signature does not verify", ReasonVI: "chữ ký không hợp lệ"}},
		}
		now := t0
		for k, hb := range outcomes {
			hb.Clock = now
			if _, err := st.Heartbeat(ctx, k.ID, hb, now); err != nil {
				t.Fatal(err)
			}
		}
		other := another()
		for k, hb := range outcomes {
			got, err := other.Kiosk(ctx, k.ID)
			if err != nil || !reflect.DeepEqual(got.LastHeartbeat.Update, hb.Update) {
				t.Fatalf("%s: kept %+v, want %+v (%v)", k.Commune, got.LastHeartbeat.Update, hb.Update, err)
			}
			hist, err := other.Heartbeats(ctx, k.ID, 1)
			if err != nil || len(hist) != 1 || !reflect.DeepEqual(hist[0].Heartbeat.Update, hb.Update) {
				t.Fatalf("%s: history %+v (%v)", k.Commune, hist, err)
			}
		}

		alerter := &Alerter{Store: st, Clock: func() time.Time { return now }}
		failed := func() map[string]string {
			t.Helper()
			if err := alerter.Check(ctx); err != nil {
				t.Fatal(err)
			}
			as, err := other.Alerts(ctx, AlertQuery{OpenOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, a := range as {
				if a.Kind != AlertUpdateFailed {
					t.Fatalf("another alert: %+v", a)
				}
				out[a.Kiosk] = a.Detail
			}
			return out
		}
		now = t0.Add(time.Minute)
		open := failed()
		if len(open) != 2 ||
			open[rolled.ID] != "Đã quay lại 1.4.2 lúc 14:02 02/03/2026 (bản 1.5.0 không dùng được): bản mới không báo khoẻ trong 5 phút" ||
			open[refused.ID] != "Từ chối bản cập nhật 1.5.0 lúc 14:02 02/03/2026, vẫn chạy 1.4.2: chữ ký không hợp lệ" {
			t.Fatalf("open update alerts: %#v", open)
		}

		ks, err := other.Kiosks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		province := &User{Name: "p", Role: RoleProvince}
		v := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{}), now)
		if !reflect.DeepEqual(v.Programs, []ProgramCount{{"1.5.0", 1}, {"1.4.2", 2}}) || v.UpdatesFailed != 2 {
			t.Fatalf("programs %+v, failed %d", v.Programs, v.UpdatesFailed)
		}
		bad := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"status": {"update"}}), now)
		if bad.Matched != 2 || bad.Groups[0].Rows[0].UpdateBadge == "" {
			t.Fatalf("the failed updates' filter: %d", bad.Matched)
		}
		c1 := fleetView(ks, &User{Name: "c", Role: RoleCluster, Cluster: "c1"}, nil, nil, fleetQueryOf(url.Values{}), now)
		if c1.UpdatesFailed != 1 || len(c1.Programs) != 2 {
			t.Fatalf("a cluster counts its own kiosks: %+v, %d", c1.Programs, c1.UpdatesFailed)
		}

		// A fixed release installs on the kiosk that refused: its alert closes.
		now = t0.Add(time.Hour)
		fixed := wire.Heartbeat{Version: "1.5.1", Clock: now, Update: &wire.UpdateOutcome{Version: "1.5.1", From: "1.4.2", State: wire.UpdateInstalled, At: "2026-03-02T08:00:00Z"}}
		for _, k := range []*Kiosk{installed, rolled, refused} {
			hb := outcomes[k]
			if k == refused {
				hb = fixed
			}
			hb.Clock = now
			if _, err := st.Heartbeat(ctx, k.ID, hb, now); err != nil {
				t.Fatal(err)
			}
		}
		open = failed()
		if len(open) != 1 || !strings.HasPrefix(open[rolled.ID], "Đã quay lại") {
			t.Fatalf("after the fix: %#v", open)
		}
	})
}
