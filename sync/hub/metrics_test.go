package hub

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// scrape reads /metrics with token into "name{labels}" → value (labels as Prometheus
// prints them, sorted by name).
func (r *rig) scrape(token string) (int, map[string]float64) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.ts.URL+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			out[line[:i]] = v
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, out
}

// What IT's Prometheus reads: ingest, batch outcomes and latency, refusals by code,
// rejected events by reason, kiosks online, backlog by kiosk, the database pools; behind
// the metrics token (or the admin token), never open.
func TestMetricsForPrometheus(t *testing.T) {
	r := newRig(t)
	r.server.MetricsToken = "metrics-token-for-the-tests-0123"
	r.server.Reject = func(e wire.Event) string {
		if e.Seq == 2 {
			return "unknown_procedure"
		}
		return ""
	}
	s := r.signer
	send := func(body []byte) int {
		st, _, _ := r.do(s, "POST", wire.PathEvents, body, true, time.Now())
		return st
	}
	if st := send(batch(s, 1, 5)); st != 200 {
		t.Fatalf("first batch: %d", st)
	}
	if st := send(batch(s, 1, 5)); st != 200 {
		t.Fatalf("retry: %d", st)
	}
	if st := send(batch(s, 9, 1)); st != 409 {
		t.Fatalf("gap: %d", st)
	}
	hb, _ := json.Marshal(wire.Heartbeat{Version: "1.0", Clock: time.Now(), Backlog: 42})
	_, _, sent := r.do(s, "POST", wire.PathHeartbeat, hb, false, time.Now())
	if resp, _ := r.raw(sent, hb); resp.StatusCode != 401 {
		t.Fatalf("replayed heartbeat: %d", resp.StatusCode)
	}
	r.enrol("xa-binh-an", "") // enrolled, never seen: offline

	for _, tok := range []string{"", "wrong-token-of-some-length-000"} {
		if st, _ := r.scrape(tok); st != 401 {
			t.Errorf("/metrics with token %q: %d, want 401", tok, st)
		}
	}
	st, m := r.scrape(r.server.MetricsToken)
	if st != 200 {
		t.Fatalf("/metrics: %d", st)
	}
	if st, _ := r.scrape(testAdminToken); st != 200 {
		t.Errorf("/metrics with the admin token: %d", st)
	}
	for name, want := range map[string]float64{
		`motcua_hub_events_stored_total`:                                                5,
		`motcua_hub_batches_total{result="stored"}`:                                     1,
		`motcua_hub_batches_total{result="duplicate"}`:                                  1,
		`motcua_hub_batches_total{result="gap"}`:                                        1,
		`motcua_hub_batch_duration_seconds_count`:                                       3,
		`motcua_hub_events_rejected_total{reason="unknown_procedure"}`:                  1,
		`motcua_hub_requests_refused_total{code="gap"}`:                                 1,
		`motcua_hub_requests_refused_total{code="replay"}`:                              1,
		`motcua_hub_requests_refused_total{code="admin_auth"}`:                          2,
		`motcua_hub_kiosks{state="online"}`:                                             1,
		`motcua_hub_kiosks{state="offline"}`:                                            1,
		`motcua_hub_kiosks{state="revoked"}`:                                            0,
		`motcua_hub_kiosk_backlog_events{commune="xa-tan-lap",kiosk="` + s.Kiosk + `"}`: 42,
		`motcua_hub_db_connections_max{pool="writer"}`:                                  1,
		`motcua_hub_db_connections_max{pool="reader"}`:                                  8,
		`motcua_hub_db_connections{pool="writer",state="in_use"}`:                       0,
	} {
		if got, ok := m[name]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, want)
		}
	}
	if _, ok := m["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
}
