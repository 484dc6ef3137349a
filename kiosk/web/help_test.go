package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// nextNotice returns the next notice of kind, failing if another comes first or none does.
func nextNotice(t *testing.T, notices <-chan kiosk.Notice, kind string) kiosk.Notice {
	t.Helper()
	select {
	case n := <-notices:
		if n.Kind != kind {
			t.Fatalf("notice %q, want %q", n.Kind, kind)
		}
		return n
	case <-time.After(5 * time.Second):
		t.Fatalf("no %q notice", kind)
	}
	return kiosk.Notice{}
}

func openHelpList(t *testing.T, rig *lanRig, c *http.Client) (int, []HelpRequest) {
	t.Helper()
	res, err := c.Get(rig.ts.URL + "/api/v1/help")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list []HelpRequest
	if res.StatusCode == 200 {
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		if list == nil {
			t.Fatal("the list is null; pages expect [] when nothing is open")
		}
	}
	return res.StatusCode, list
}

func TestHelpRequestReachesTheCountersUntilAClerkTakesIt(t *testing.T) {
	rig := newLANRig(t, nil)
	notices, stop := rig.broker.Subscribe(16)
	defer stop()
	kioskScreen := rig.from("192.0.2.30")

	status, body := postJSON(t, kioskScreen, rig.ts.URL+"/api/v1/help", `{"screen":"/kiosk/ticket"}`)
	if status != 201 || body["screen"] != "/kiosk/ticket" || body["from"] != "192.0.2.30" {
		t.Fatalf("ask: %d %v", status, body)
	}
	n := nextNotice(t, notices, "help.requested")
	asked := n.Data.(HelpRequest)
	if asked.Screen != "/kiosk/ticket" || asked.From != "192.0.2.30" || !asked.At.Equal(rig.clock()) {
		t.Fatalf("notice %+v", asked)
	}
	// The kiosk window asks from the catalog: its source says so.
	if status, _ := postJSON(t, rig.from("window"), rig.ts.URL+"/api/v1/help", `{"screen":"/kiosk/procedures/1.001193"}`); status != 201 {
		t.Fatalf("window: %d", status)
	}
	if n := nextNotice(t, notices, "help.requested"); n.Data.(HelpRequest).From != "window" {
		t.Fatalf("window's notice %+v", n.Data)
	}

	// Only staff see the list, which a counter page opened later reads.
	if status, _ := openHelpList(t, rig, rig.from("192.0.2.31")); status != 401 {
		t.Fatalf("list without a session: %d", status)
	}
	clerk := rig.login(t, "192.0.2.40", "canbo1", "1111")
	_, list := openHelpList(t, rig, clerk)
	if len(list) != 2 || list[0].ID != asked.ID || list[1].From != "window" {
		t.Fatalf("open: %+v", list)
	}

	// Nobody may dismiss without a session; the clerk takes it, every counter hears who.
	url := rig.ts.URL + "/api/v1/help/" + strconv.FormatInt(asked.ID, 10) + "/dismiss"
	if status, _ := postJSON(t, kioskScreen, url, `{}`); status != 401 {
		t.Fatalf("dismiss without a session: %d", status)
	}
	if status, _ := postJSON(t, clerk, url, `{}`); status != 200 {
		t.Fatalf("dismiss: %d", status)
	}
	if d := nextNotice(t, notices, "help.dismissed").Data.(HelpDismissed); d.ID != asked.ID || d.By != "Nguyễn Thị Lan" {
		t.Fatalf("dismissed %+v", d)
	}
	if _, list := openHelpList(t, rig, clerk); len(list) != 1 || list[0].From != "window" {
		t.Fatalf("after dismiss: %+v", list)
	}
	// Taken already (by a colleague, say): a clear not_found.
	if status, b := postJSON(t, clerk, url, `{}`); status != 404 || b["error"].(map[string]any)["code"] != kiosk.ENOTFOUND {
		t.Fatalf("dismiss twice: %d %v", status, b)
	}

	// Untaken, a request leaves the list after a quarter of an hour.
	rig.advance(helpOpenFor)
	if _, list := openHelpList(t, rig, clerk); len(list) != 0 {
		t.Fatalf("expired requests still open: %+v", list)
	}
}

func TestHelpRequestRefusesWhatIsNotAKioskScreen(t *testing.T) {
	rig := newLANRig(t, nil)
	notices, stop := rig.broker.Subscribe(16)
	defer stop()
	c := rig.from("192.0.2.30")
	for _, body := range []string{
		`{}`, `{"screen":""}`, `{"screen":"/admin"}`, `{"screen":"/kioskx"}`, `{"screen":"/kiosk/<script>"}`,
		`{"screen":"/kiosk/` + strings.Repeat("a", 200) + `"}`, `{"screen":"/kiosk/ticket\n"}`, `not json`,
	} {
		status, b := postJSON(t, c, rig.ts.URL+"/api/v1/help", body)
		if status != 400 || b["error"].(map[string]any)["message"] == "" {
			t.Fatalf("%q: %d %v", body, status, b)
		}
	}
	select {
	case n := <-notices:
		t.Fatalf("a refused request was published: %+v", n)
	default:
	}
	clerk := rig.login(t, "192.0.2.40", "canbo1", "1111")
	if _, list := openHelpList(t, rig, clerk); len(list) != 0 {
		t.Fatalf("refused requests are open: %+v", list)
	}
}

func TestHelpRequestsAreRateLimitedPerSource(t *testing.T) {
	rig := newLANRig(t, nil)
	ask := func(c *http.Client) (int, map[string]any) {
		return postJSON(t, c, rig.ts.URL+"/api/v1/help", `{"screen":"/kiosk"}`)
	}
	flood := rig.from("192.0.2.66")
	for i := range DefaultHelpLimit.Burst {
		if status, _ := ask(flood); status != 201 {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	status, b := ask(flood)
	if status != 429 || b["error"].(map[string]any)["code"] != kiosk.ETOOMANY {
		t.Fatalf("past the burst: %d %v", status, b)
	}
	// Asking again moved one request up; it did not add more.
	clerk := rig.login(t, "192.0.2.40", "canbo1", "1111")
	if _, list := openHelpList(t, rig, clerk); len(list) != 1 || list[0].From != "192.0.2.66" {
		t.Fatalf("open after the flood: %+v", list)
	}
	if status, _ := ask(rig.from("192.0.2.67")); status != 201 {
		t.Fatalf("another device: %d", status)
	}
	for i := range 10 {
		if status, _ := ask(rig.from("window")); status != 201 {
			t.Fatalf("the kiosk window, request %d: %d", i, status)
		}
	}
	rig.advance(DefaultHelpLimit.Every)
	if status, _ := ask(flood); status != 201 {
		t.Fatalf("after %v: %d", DefaultHelpLimit.Every, status)
	}
}
