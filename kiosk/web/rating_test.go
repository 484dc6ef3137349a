package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// serveOne issues a number at the kiosk window, and counter 1's clerk calls and finishes
// it: the moment the counter's pad asks.
func serveOne(t *testing.T, rig *lanRig) (clerk *http.Client, ticketID int64) {
	t.Helper()
	status, issued := postJSON(t, rig.from("window"), rig.ts.URL+"/api/v1/tickets", `{"service_id":"hotich"}`)
	if status != 201 {
		t.Fatalf("issue: %d %v", status, issued)
	}
	clerk = rig.login(t, "192.0.2.31", "canbo1", "1111")
	for _, action := range []string{"call-next", "finish"} {
		if status, body := postJSON(t, clerk, rig.ts.URL+"/api/v1/counters/1/"+action, ``); status != 200 {
			t.Fatalf("%s: %d %v", action, status, body)
		}
	}
	return clerk, int64(issued["ticket"].(map[string]any)["id"].(float64))
}

func getAs(t *testing.T, c *http.Client, url string) (int, any) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func errorMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// The counter's pad (a tablet on the LAN, no login) asks after Finish and takes one answer;
// nothing it or the event stream says names the clerk, and only an admin lists ratings.
func TestRatingPadOverTheLAN(t *testing.T) {
	rig := newLANRig(t, nil)
	notices, cancel := rig.broker.Subscribe(64)
	defer cancel()
	clerk, id := serveOne(t, rig)
	pad := rig.from("192.0.2.50")

	status, form := getAs(t, pad, rig.ts.URL+"/api/v1/ratings/form")
	if f, _ := form.(map[string]any); status != 200 || f["scale"] != 3.0 || len(f["levels"].([]any)) != 3 || len(f["reasons"].([]any)) != 5 {
		t.Fatalf("form: %d %v", status, form)
	}
	status, pending := getAs(t, pad, rig.ts.URL+"/api/v1/counters/1/rating")
	if p, _ := pending.(map[string]any); status != 200 || p["code"] != "A001" || p["ticket_id"] != float64(id) {
		t.Fatalf("pending: %d %v", status, pending)
	}
	if status, _ := getAs(t, pad, rig.ts.URL+"/api/v1/counters/2/rating"); status != 404 {
		t.Fatalf("counter 2's pad: %d", status)
	}

	status, body := postJSON(t, pad, rig.ts.URL+"/api/v1/counters/1/rating", fmt.Sprintf(`{"ticket_id":%d,"score":1,"reasons":["attitude"]}`, id))
	if status != 201 || body["code"] != "A001" || body["score"] != 1.0 {
		t.Fatalf("rate: %d %v", status, body)
	}
	if _, named := body["staff_id"]; named {
		t.Fatalf("the pad's answer names the clerk: %v", body)
	}
	status, body = postJSON(t, pad, rig.ts.URL+"/api/v1/counters/1/rating", fmt.Sprintf(`{"ticket_id":%d,"score":3}`, id))
	if status != 409 || errorMessage(body) != "Số thứ tự này đã được đánh giá rồi. Xin cảm ơn quý vị." {
		t.Fatalf("second tap: %d %v", status, body)
	}
	if status, _ := getAs(t, pad, rig.ts.URL+"/api/v1/counters/1/rating"); status != 404 {
		t.Fatalf("pad asks again: %d", status)
	}

	// Anonymous to the clerk: the live stream, which the counter page reads, carries the
	// request to rate but never a rating; the list is for admins.
	cancel()
	sawRequest := false
	for n := range notices {
		sawRequest = sawRequest || n.Kind == "rating.requested"
		if strings.HasPrefix(n.Kind, "rating.") && n.Kind != "rating.requested" {
			t.Fatalf("live notice %s %+v", n.Kind, n.Data)
		}
	}
	if !sawRequest {
		t.Fatal("no rating.requested notice after finish")
	}
	if status, _ := getAs(t, clerk, rig.ts.URL+"/api/v1/admin/ratings"); status != 403 {
		t.Fatalf("a clerk lists ratings: %d", status)
	}
	admin := rig.login(t, "192.0.2.32", "quantri", "9999")
	status, list := getAs(t, admin, rig.ts.URL+"/api/v1/admin/ratings?from=2026-11-25&to=2026-11-25")
	rows, _ := list.([]any)
	if status != 200 || len(rows) != 1 || rows[0].(map[string]any)["staff_id"] != "canbo1" {
		t.Fatalf("admin list: %d %v", status, list)
	}
	if status, _ := getAs(t, admin, rig.ts.URL+"/api/v1/admin/ratings?from=25-11-2026"); status != 400 {
		t.Fatalf("bad day: %d", status)
	}
}

// A villager rates later with the ticket's QR code at the kiosk: once.
func TestRatingByTheTicketsCodeOverHTTP(t *testing.T) {
	rig := newLANRig(t, nil)
	_, id := serveOne(t, rig)
	window := rig.from("window")
	code := kiosk.TicketLookupCode(rig.db.KioskID(), kiosk.Ticket{Day: "2026-11-25", Code: "A001"})

	status, body := postJSON(t, window, rig.ts.URL+"/api/v1/ratings/lookup", `{"code":"`+code+`"}`)
	if status != 200 || body["ticket_id"] != float64(id) || body["counter_name"] != "Quầy 1" {
		t.Fatalf("lookup: %d %v", status, body)
	}
	if status, body = postJSON(t, window, rig.ts.URL+"/api/v1/ratings", `{"code":"`+code+`","score":3}`); status != 201 {
		t.Fatalf("rate: %d %v", status, body)
	}
	status, body = postJSON(t, window, rig.ts.URL+"/api/v1/ratings", `{"code":"`+code+`","score":3}`)
	if status != 409 || !strings.Contains(errorMessage(body), "đã được đánh giá") {
		t.Fatalf("replayed code: %d %v", status, body)
	}
	// The screen tells "rated already" from the other conflicts by the reason, not the words;
	// a number typed on its keyboard names the same ticket.
	for _, c := range []string{code, "a001"} {
		status, body = postJSON(t, window, rig.ts.URL+"/api/v1/ratings/lookup", `{"code":"`+c+`"}`)
		if e, _ := body["error"].(map[string]any); status != 409 || e["reason"] != kiosk.ReasonRated {
			t.Fatalf("lookup of a rated ticket by %s: %d %v", c, status, body)
		}
	}
	for _, bad := range []string{`{"code":"hello"}`, `{"code":"` + code + `","score":"3"}`, `{"code":"` + code + `","score":3,"staff":"x"}`} {
		if status, body := postJSON(t, window, rig.ts.URL+"/api/v1/ratings", bad); status != 400 || errorMessage(body) == "" {
			t.Errorf("%s: %d %v", bad, status, body)
		}
	}
}

// Ratings and look-ups from one LAN address are limited like printed tickets; the kiosk
// window is not.
func TestRatingsAreLimitedPerSource(t *testing.T) {
	rig := newLANRig(t, func(s *Server) { s.RatingLimit = Rate{Burst: 3, Every: 20 * time.Second} })
	for _, from := range []string{"192.0.2.60", "window"} {
		c := rig.from(from)
		for i := range 4 {
			status, body := postJSON(t, c, rig.ts.URL+"/api/v1/ratings/lookup", `{"code":"MC1:T:x:2026-11-25:A00`+fmt.Sprint(i)+`"}`)
			limited := status == 429
			if limited != (i == 3 && from != "window") {
				t.Fatalf("%s, look-up %d: %d %v", from, i+1, status, body)
			}
			if limited && !strings.Contains(errorMessage(body), "quá nhiều đánh giá") {
				t.Fatalf("limit message: %v", body)
			}
		}
	}
}

type fakeClips struct{}

func (fakeClips) Open(name string) ([]byte, error) { return []byte("RIFF" + name), nil }

func TestPagesGetOnlyTheirVoiceClips(t *testing.T) {
	rig := newLANRig(t, func(s *Server) { s.Clips = fakeClips{} })
	res, err := http.Get(rig.ts.URL + "/api/v1/voice/clips/cam_on")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/wav" {
		t.Fatalf("cam_on: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res, _ := http.Get(rig.ts.URL + "/api/v1/voice/clips/xin_moi"); res.StatusCode != 404 {
		t.Fatalf("a clip pages do not use: %d", res.StatusCode)
	}
}
