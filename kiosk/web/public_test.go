package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// Public answers carry no health-related data: a ticket taken as "disabled" or "pregnant"
// is only a priority one to GET /tickets/{id}, the hall's state and every event of the
// SSE stream, none of which names the clerk's staff id either.
func TestPublicAnswersCarryNoHealthData(t *testing.T) {
	rig := newLANRig(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", rig.ts.URL+"/api/v1/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := readSSE(res.Body)
	<-events // hello

	window := rig.from("window")
	_, issued := postJSON(t, window, rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich","priority":"disabled"}`)
	postJSON(t, window, rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich","priority":"pregnant"}`)
	id := int64(issued["ticket"].(map[string]any)["id"].(float64))
	clerk := rig.login(t, "192.0.2.31", "canbo1", "1111")
	for _, a := range []string{"call-next", "start", "finish", "call-next", "skip"} {
		if status, body := postJSON(t, clerk, rig.ts.URL+"/api/v1/counters/1/"+a, ``); status != 200 {
			t.Fatalf("%s: %d %v", a, status, body)
		}
	}
	postJSON(t, clerk, rig.ts.URL+"/api/v1/counters/1/call-back", fmt.Sprintf(`{"ticket_id":%d}`, id+1))
	postJSON(t, clerk, rig.ts.URL+"/api/v1/counters/1/transfer", `{"to_service":"datdai"}`)

	leaks := func(what, s string) {
		t.Helper()
		for _, word := range []string{"disabled", "pregnant", "staff_id", "canbo1"} {
			if strings.Contains(s, word) {
				t.Errorf("%s carries %q: %s", what, word, s)
			}
		}
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/tickets/%d", id), fmt.Sprintf("/api/v1/tickets/%d", id+1)} {
		res, err := http.Get(rig.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), `"priority":true`) {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		leaks("GET "+path, string(b))
	}
	st := hall(t, rig)
	st.Priority = nil // the configured groups, for the kiosk's buttons: not anyone's
	for _, c := range st.Counters {
		leaks("the hall's counter", fmt.Sprintf("%+v", c.Current))
	}
	// Every event the flow published, up to a marker published after them all.
	rig.broker.Publish(kiosk.Notice{Kind: "test.end"})
	kinds := map[string]bool{}
	for !kinds["test.end"] {
		select {
		case e := <-events:
			kinds[e.kind] = true
			leaks("event "+e.kind, e.data)
			if e.kind == "ticket.issued" && !strings.Contains(e.data, `"priority":true`) {
				t.Errorf("ticket.issued does not say it is a priority ticket: %s", e.data)
			}
		case <-ctx.Done():
			t.Fatalf("events seen: %v", kinds)
		}
	}
	for _, k := range []string{"ticket.issued", "ticket.called", "ticket.updated", "counter.updated"} {
		if !kinds[k] {
			t.Errorf("no %s event seen: %v", k, kinds)
		}
	}
}
