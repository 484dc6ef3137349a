package hub

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// ratingBody is a "rating.given" body as the kiosk writes it (kiosk.Rating).
func ratingBody(ticket int64, day string, counter int, staff string, score, scale int, reasons ...string) json.RawMessage {
	rs, _ := json.Marshal(append([]string{}, reasons...))
	return json.RawMessage(fmt.Sprintf(`{"ticket_id":%d,"day":%q,"code":"A%03d","counter_id":%d,"staff_id":%q,"service_id":"hotich",`+
		`"score":%d,"scale":%d,"reasons":%s,"via":"pad","at":"%sT02:00:00Z"}`, ticket, day, ticket, counter, staff, score, scale, rs, day))
}

// sendEvents posts bodies as consecutive events of s from seq from, each of its kind.
func (r *rig) sendEvents(s wire.Signer, from int64, events ...wire.Event) wire.Ack {
	r.t.Helper()
	b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: from}
	for i, e := range events {
		e.Seq, e.CreatedAt = from+int64(i), eventTime
		b.Events = append(b.Events, e)
	}
	body, _ := wire.EncodeBatch(b)
	st, answer, _ := r.do(s, "POST", wire.PathEvents, body, true, time.Now())
	var ack wire.Ack
	if st != 200 || json.Unmarshal(answer, &ack) != nil {
		r.t.Fatalf("batch from %d: %d %s", from, st, answer)
	}
	return ack
}

func (r *rig) adminGet(path string) (int, []byte) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (r *rig) ratingGroups(query string) []RatingGroup {
	r.t.Helper()
	st, body := r.adminGet("/admin/v1/ratings?" + query)
	var gs []RatingGroup
	if st != 200 || json.Unmarshal(body, &gs) != nil {
		r.t.Fatalf("ratings?%s: %d %s", query, st, body)
	}
	return gs
}

// Ratings reach the hub as events and are kept in a table, listed per commune, counter
// and clerk; a retried batch, a refused event or a body that holds no rating adds nothing.
func TestRatingsKeptPerCommuneCounterAndClerk(t *testing.T) {
	r := newRig(t) // kiosk of xa-tan-lap
	other := r.enrol("xa-binh-minh", "")
	rating := func(body json.RawMessage) wire.Event { return wire.Event{Kind: RatingEventKind, Body: body} }
	tanLap := []wire.Event{
		rating(ratingBody(1, "2026-12-01", 1, "canbo1", 3, 3)),
		{Kind: "ticket.issued", Body: json.RawMessage(`{"n":2}`)},
		rating(ratingBody(2, "2026-12-01", 1, "canbo1", 1, 3, "attitude", "waiting_time")),
		rating(ratingBody(3, "2026-12-01", 2, "canbo2", 2, 3)),
		rating(ratingBody(4, "2026-12-02", 1, "canbo2", 1, 3, "waiting_time")),
		rating(json.RawMessage(`{"ticket_id":5,"day":"2026-12-02","counter_id":1,"score":9,"scale":3}`)), // no rating: kept as an event only
		rating(ratingBody(6, "2026-12-02", 2, "canbo2", 3, 3)),                                           // refused below
	}
	r.server.Reject = func(e wire.Event) string {
		if e.Seq == 7 {
			return "refused for the test"
		}
		return ""
	}
	if ack := r.sendEvents(r.signer, 1, tanLap...); ack.AckedThrough != 7 || len(ack.Rejected) != 1 {
		t.Fatalf("ack %+v", ack)
	}
	r.sendEvents(r.signer, 1, tanLap...) // a retry after a lost answer
	r.sendEvents(other, 1,
		rating(ratingBody(1, "2026-12-01", 1, "vienchuc", 3, 5)),
		rating(ratingBody(2, "2026-12-01", 1, "vienchuc", 1, 5, "too_many_visits")),
	)

	byStaff := r.ratingGroups("")
	want := []RatingGroup{
		{Commune: "xa-binh-minh", StaffID: "vienchuc", Ratings: 2, Neutral: 1, Dissatisfied: 1, Reasons: map[string]int{"too_many_visits": 1}},
		{Commune: "xa-tan-lap", StaffID: "canbo1", Ratings: 2, Satisfied: 1, Dissatisfied: 1, SatisfiedRate: 0.5,
			Reasons: map[string]int{"attitude": 1, "waiting_time": 1}},
		{Commune: "xa-tan-lap", StaffID: "canbo2", Ratings: 2, Satisfied: 1, Dissatisfied: 1, SatisfiedRate: 0.5,
			Reasons: map[string]int{"waiting_time": 1}},
	}
	if !reflect.DeepEqual(byStaff, want) {
		t.Fatalf("by clerk\n got %+v\nwant %+v", byStaff, want)
	}
	byCounter := r.ratingGroups("by=counter&commune=xa-tan-lap")
	want = []RatingGroup{
		{Commune: "xa-tan-lap", CounterID: 1, Ratings: 3, Satisfied: 1, Dissatisfied: 2, SatisfiedRate: 1.0 / 3,
			Reasons: map[string]int{"attitude": 1, "waiting_time": 2}},
		{Commune: "xa-tan-lap", CounterID: 2, Ratings: 1, Satisfied: 1, SatisfiedRate: 1, Reasons: map[string]int{}},
	}
	if !reflect.DeepEqual(byCounter, want) {
		t.Fatalf("by counter\n got %+v\nwant %+v", byCounter, want)
	}
	byCommune := r.ratingGroups("by=commune&from=2026-12-01&to=2026-12-01")
	want = []RatingGroup{
		{Commune: "xa-binh-minh", Ratings: 2, Neutral: 1, Dissatisfied: 1, Reasons: map[string]int{"too_many_visits": 1}},
		{Commune: "xa-tan-lap", Ratings: 3, Satisfied: 2, Dissatisfied: 1, SatisfiedRate: 2.0 / 3,
			Reasons: map[string]int{"attitude": 1, "waiting_time": 1}},
	}
	if !reflect.DeepEqual(byCommune, want) {
		t.Fatalf("by commune on 1 Dec\n got %+v\nwant %+v", byCommune, want)
	}
	// Every event is held, rating or not, refused or not.
	if n := r.count(); n != 9 {
		t.Fatalf("%d events held, want 9", n)
	}

	// CSV for a spreadsheet.
	st, body := r.adminGet("/admin/v1/ratings?by=counter&commune=xa-tan-lap&format=csv")
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if st != 200 || err != nil || len(rows) != 3 ||
		!reflect.DeepEqual(rows[1], []string{"xa-tan-lap", "1", "", "3", "1", "0", "2", "0.3333", "attitude=1; waiting_time=2"}) {
		t.Fatalf("csv: %d %v %q", st, err, body)
	}
	for _, bad := range []string{"by=province", "from=01/12/2026", "to=2026-12"} {
		if st, body := r.adminGet("/admin/v1/ratings?" + bad); st != 400 || problemCode(t, body) != wire.CodeMalformed {
			t.Errorf("%s: %d %s", bad, st, body)
		}
	}
}

// A clerk id or a reason a kiosk sent as a formula reaches the CSV as text (a leading
// apostrophe), in a CSV for a spreadsheet (the byte-order mark, CRLF).
func TestRatingsCSVKeepsFormulasText(t *testing.T) {
	r := newRig(t)
	const evil = `=HYPERLINK("http://x.vn","canbo1")`
	r.sendEvents(r.signer, 1, wire.Event{Kind: RatingEventKind, Body: ratingBody(1, "2026-12-01", 1, evil, 1, 3, "@SUM(1+1)")})
	st, body := r.adminGet("/admin/v1/ratings?by=staff&format=csv")
	if st != 200 || !bytes.HasPrefix(body, []byte("\uFEFFcommune,")) || !bytes.Contains(body, []byte("\r\n")) {
		t.Fatalf("csv: %d %q", st, body)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][2] != "'"+evil || rows[1][8] != "'@SUM(1+1)=1" {
		t.Fatalf("csv: %v %q", err, rows)
	}
}

// A cluster's IT reads the ratings and the assessments of its own communes: another
// commune named is 403, and the lists leave out the communes of other clusters.
func TestClusterAdminReadsItsCommunesFigures(t *testing.T) {
	r := newRig(t)
	assessment := json.RawMessage(`{"dossier_code":"X-1","procedure":"1.004873","service_id":"hotich","day":"2026-12-01",` +
		`"staff_id":"canbo1","counter_id":1,"scores":{"overall":3},"via":"pad","at":"2026-12-01T02:00:00Z"}`)
	for _, k := range []wire.Signer{r.enrol("xa-a", "Đoan Hùng"), r.enrol("xa-b", "Thanh Ba")} {
		r.sendEvents(k, 1, wire.Event{Kind: RatingEventKind, Body: ratingBody(1, "2026-12-01", 1, "canbo1", 3, 3)},
			wire.Event{Kind: AssessmentEventKind, Body: assessment})
	}
	r.addUser("cum.doanhung", RoleCluster, "Đoan Hùng")
	b := r.browser()
	b.login("cum.doanhung", testPassword)
	for _, c := range []struct {
		path string
		all  []string // what province IT reads
		mine []string // what the cluster's IT reads
	}{
		{"/admin/v1/ratings?by=commune", []string{"xa-a", "xa-b"}, []string{"xa-a"}},
		{"/admin/v1/assessments", []string{"xa-a", "xa-b"}, []string{"xa-a"}},
	} {
		communes := func(status int, body []byte) []string {
			var rows []struct{ Commune string }
			if err := json.Unmarshal(body, &rows); status != 200 || err != nil {
				t.Fatalf("%s: %d %s", c.path, status, body)
			}
			var out []string
			for _, row := range rows {
				out = append(out, row.Commune)
			}
			return out
		}
		if got := communes(r.adminGet(c.path)); !reflect.DeepEqual(got, c.all) {
			t.Errorf("province IT %s: %v, want %v", c.path, got, c.all)
		}
		resp, page := b.get(c.path)
		if got := communes(resp.StatusCode, []byte(page)); !reflect.DeepEqual(got, c.mine) {
			t.Errorf("cluster IT %s: %v, want %v", c.path, got, c.mine)
		}
		sep := "?"
		if strings.Contains(c.path, "?") {
			sep = "&"
		}
		if resp, _ := b.get(c.path + sep + "commune=xa-b"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("cluster IT %s of another cluster's commune: %d, want 403", c.path, resp.StatusCode)
		}
		if resp, page := b.get(c.path + sep + "commune=xa-a"); resp.StatusCode != 200 || !reflect.DeepEqual(communes(200, []byte(page)), c.mine) {
			t.Errorf("cluster IT %s of its commune: %d %s", c.path, resp.StatusCode, page)
		}
	}
}
