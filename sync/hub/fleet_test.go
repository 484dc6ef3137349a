package hub

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// fleetOf makes n kiosks over clusters: every 10th offline, every 7th out of paper.
func fleetOf(n int, now time.Time) []Kiosk {
	ks := make([]Kiosk, n)
	for i := range ks {
		k := &ks[i]
		k.ID = fmt.Sprintf("k%04d", i)
		k.Commune = fmt.Sprintf("Xã %03d", i/3)
		k.Cluster = fmt.Sprintf("Cụm %02d", i%11)
		k.LastSeen = now.Add(-time.Minute)
		if i%10 == 0 {
			k.LastSeen = now.Add(-3 * time.Hour)
		}
		k.LastHeartbeat = wire.Heartbeat{Version: "1.2." + fmt.Sprint(i%3), Backlog: int64(i % 50), Printer: wire.Printer{Online: true, PaperOut: i%7 == 0}}
	}
	return ks
}

func TestFleetViewFiltersSortsGroupsAndPages(t *testing.T) {
	now := t0
	ks := fleetOf(3300, now)
	province := &User{Name: "p", Role: RoleProvince}
	v := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{}), now)
	if v.Total != 3300 || v.Offline != 330 || v.Online != 2970 || v.Pages != 33 || v.Matched != 3300 || len(v.Groups) != 1 || len(v.Groups[0].Rows) != FleetPageSize {
		t.Fatalf("first page: total %d offline %d pages %d groups %d", v.Total, v.Offline, v.Pages, len(v.Groups))
	}
	if v.Groups[0].Rows[0].Commune != "Xã 000" {
		t.Errorf("default order by commune: %s first", v.Groups[0].Rows[0].Commune)
	}
	last := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"page": {"99"}}), now)
	if last.Page != 33 || len(last.Groups[0].Rows) != 3300-32*FleetPageSize {
		t.Errorf("past the last page: page %d, %d rows", last.Page, len(last.Groups[0].Rows))
	}

	off := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"status": {"offline"}}), now)
	if off.Matched != 330 || off.Total != 3300 {
		t.Errorf("offline filter: %d of %d", off.Matched, off.Total)
	}
	for _, r := range off.Groups[0].Rows {
		if r.Online {
			t.Fatalf("online kiosk %s under the offline filter", r.ID)
		}
	}
	paper := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"status": {"paper"}}), now)
	if paper.Matched != 472 || !paper.Groups[0].Rows[0].PrinterBad || paper.Groups[0].Rows[0].Printer != "HẾT GIẤY" {
		t.Errorf("paper filter: %d, %+v", paper.Matched, paper.Groups[0].Rows[0].Printer)
	}
	byBacklog := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"sort": {"backlog"}, "desc": {"1"}}), now)
	rows := byBacklog.Groups[0].Rows
	for i := 1; i < len(rows); i++ {
		if rows[i].LastHeartbeat.Backlog > rows[i-1].LastHeartbeat.Backlog {
			t.Fatalf("sorted by backlog, most first: %d after %d", rows[i].LastHeartbeat.Backlog, rows[i-1].LastHeartbeat.Backlog)
		}
	}
	if rows[0].LastHeartbeat.Backlog != 49 {
		t.Errorf("the largest backlog first: %d", rows[0].LastHeartbeat.Backlog)
	}
	search := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"q": {"XÃ 001"}}), now)
	if search.Matched != 3 {
		t.Errorf("search by commune, any case: %d", search.Matched)
	}

	grouped := fleetView(ks, province, nil, nil, fleetQueryOf(url.Values{"group": {"1"}}), now)
	if len(grouped.Groups) != 1 || grouped.Groups[0].Cluster != "Cụm 00" || grouped.Groups[0].Kiosks != 300 || grouped.Groups[0].Offline != 30 {
		t.Errorf("first page grouped: %d groups, %+v", len(grouped.Groups), grouped.Groups[0].Cluster)
	}
	// 3,310 kiosks: Cụm 00 has 301, so page 4 ends it and starts Cụm 01.
	g4 := fleetView(fleetOf(3310, now), province, nil, nil, fleetQueryOf(url.Values{"group": {"1"}, "page": {"4"}}), now)
	if len(g4.Groups) != 2 || g4.Groups[0].Cluster != "Cụm 00" || len(g4.Groups[0].Rows) != 1 || g4.Groups[0].Kiosks != 301 ||
		g4.Groups[1].Cluster != "Cụm 01" || len(g4.Groups[1].Rows) != 99 {
		t.Errorf("a page across two clusters: %d groups", len(g4.Groups))
	}

	cluster := &User{Name: "c", Role: RoleCluster, Cluster: "Cụm 03"}
	cv := fleetView(ks, cluster, nil, nil, fleetQueryOf(url.Values{}), now)
	if cv.Total != 300 || len(cv.Clusters) != 1 {
		t.Fatalf("a cluster admin's fleet: %d kiosks, clusters %v", cv.Total, cv.Clusters)
	}
	for _, g := range cv.Groups {
		for _, r := range g.Rows {
			if r.Cluster != "Cụm 03" {
				t.Fatalf("another cluster's kiosk %s", r.ID)
			}
		}
	}
	alerts := map[string][]Alert{"k0007": {{Kind: AlertPaperOut}}}
	av := fleetView(ks, province, alerts, nil, fleetQueryOf(url.Values{"status": {"alert"}}), now)
	if av.Matched != 1 || av.Alerts != 1 {
		t.Errorf("alert filter: %d", av.Matched)
	}
}

func TestFleetQueryRoundTrips(t *testing.T) {
	q := fleetQueryOf(url.Values{"q": {"Tân Lập"}, "cluster": {"Đoan Hùng"}, "status": {"offline"}, "sort": {"seen"}, "desc": {"1"}, "group": {"1"}, "page": {"3"}})
	back, _ := url.ParseQuery(q.Encode())
	if fleetQueryOf(back) != q {
		t.Fatalf("%+v → %s → %+v", q, q.Encode(), fleetQueryOf(back))
	}
	bad := fleetQueryOf(url.Values{"status": {"<script>"}, "sort": {"password"}, "page": {"-4"}})
	if bad.Status != "" || bad.Sort != "commune" || bad.Page != 1 {
		t.Fatalf("unknown values kept: %+v", bad)
	}
	if s := q.SortedBy("seen"); s.Desc == q.Desc || s.Page != 1 {
		t.Fatalf("the same column again flips the order and goes to page 1: %+v", s)
	}
}

// The fleet page refreshes itself: its live stream sends the table again when a kiosk's
// heartbeat changes it (here: the printer runs out of paper).
func TestFleetLiveStreamSendsChanges(t *testing.T) {
	r := newRig(t)
	r.server.LiveEvery = 20 * time.Millisecond
	hb := wire.Heartbeat{Version: "1.0", Printer: wire.Printer{Online: true}}
	beat := func(hb wire.Heartbeat) {
		hb.Clock = time.Now()
		body := []byte(mustJSON(hb))
		if st, b, _ := r.do(r.signer, "POST", wire.PathHeartbeat, body, false, time.Now()); st != 200 {
			t.Fatalf("heartbeat: %d %s", st, b)
		}
	}
	beat(hb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", r.ts.URL+"/fleet/live", nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %s", ct)
	}
	events := make(chan string)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		var data strings.Builder
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "data: "):
				data.WriteString(line[6:] + "\n")
			case line == "" && data.Len() > 0:
				select {
				case events <- data.String():
				case <-ctx.Done():
					return
				}
				data.Reset()
			}
		}
	}()
	first := <-events
	if !strings.Contains(first, r.signer.Kiosk) || !strings.Contains(first, "sẵn sàng") || strings.Contains(first, "HẾT GIẤY") {
		t.Fatalf("first event: %s", first)
	}
	hb.Printer.PaperOut = true
	beat(hb)
	for ev := range events {
		if strings.Contains(ev, "HẾT GIẤY") {
			if !strings.Contains(ev, `class="paper-out"`) {
				t.Errorf("the paper-out row does not stand out: %s", ev)
			}
			return
		}
	}
	t.Fatal("the stream ended without the paper-out row")
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
