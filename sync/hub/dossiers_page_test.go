package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
)

// received stores a dossier.received and a forward of it from kiosk s, as its sync would.
func (r *rig) received(s wire.Signer, code string) {
	r.t.Helper()
	ev := func(seq int64, kind, body string) wire.Event {
		return wire.Event{Seq: seq, Kind: kind, Body: json.RawMessage(body), CreatedAt: time.Now()}
	}
	b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: 1, Events: []wire.Event{
		ev(1, DossierReceivedKind, `{"code":"`+code+`","status":2,"at":"2026-03-02T02:00:00Z","appointment":"2026-03-05T02:00:00Z"}`),
		ev(2, DossierChangedKind, `{"code":"`+code+`","action":"forward","status":4,"at":"2026-03-02T03:00:00Z"}`)}}
	if _, err := r.store.Ingest(context.Background(), b, nil, time.Now()); err != nil {
		r.t.Fatal(err)
	}
}

// api sends an admin-token request to IT's JSON API.
func (r *rig) api(method, path, body string) (int, string) {
	r.t.Helper()
	req, _ := http.NewRequest(method, r.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (r *rig) commands(kiosk string) []CommandRow {
	cs, err := r.store.Commands(context.Background(), kiosk)
	if err != nil {
		r.t.Fatal(err)
	}
	return cs
}

// IT sets a dossier's state from its row on the dossiers page: the command is queued with
// who and when filled in, and the row shows it waiting on the kiosk. A bad form (no reason
// to stop, an action the hub may not take, a dossier it does not hold) queues nothing and
// says why in Vietnamese.
func TestDossierStateFromThePage(t *testing.T) {
	r := newRig(t)
	r.addUser("tinh.it", RoleProvince, "")
	code := "000.00.06.H56-260302-0001"
	r.received(r.signer, code)
	b := r.browser()
	b.login("tinh.it", testPassword)
	_, page := b.get("/dossiers")
	for _, want := range []string{code, "4 · Đang xử lý", `action="/kiosks/` + r.signer.Kiosk + `/dossiers/` + code + `/state"`, "Có kết quả (chờ trả)", "Hồ sơ</a>"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the dossiers page lacks %q", want)
		}
	}
	state := "/kiosks/" + r.signer.Kiosk + "/dossiers/" + code + "/state"
	for _, c := range []struct {
		path   string
		form   url.Values
		status int
		want   string
	}{
		{state, url.Values{"action": {"stop"}}, 400, "Xin ghi lý do"},
		{state, url.Values{"action": {"return"}}, 400, "không hợp lệ"},
		{"/kiosks/" + r.signer.Kiosk + "/dossiers/000.00.06.H56-260302-0999/state", url.Values{"action": {"done"}}, 400, "không có hồ sơ"},
	} {
		resp, page := b.do("POST", c.path, c.form, nil)
		if resp.StatusCode != c.status || !strings.Contains(page, c.want) {
			t.Errorf("%v: %d, want %d with %q", c.form, resp.StatusCode, c.status, c.want)
		}
	}
	if n := len(r.commands(r.signer.Kiosk)); n != 0 {
		t.Fatalf("refused forms queued %d commands", n)
	}

	resp, _ := b.do("POST", state, url.Values{"action": {"done"}}, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dossiers?") {
		t.Fatalf("the form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	cs := r.commands(r.signer.Kiosk)
	a, err := wire.ParseDossierStateArg(cs[0].Arg)
	if len(cs) != 1 || cs[0].Kind != wire.CommandDossierState || err != nil || a.Code != code || a.Action != "done" || a.By != "tinh.it" || a.At.IsZero() {
		t.Fatalf("queued %+v (%+v %v)", cs, a, err)
	}
	_, page = b.get(resp.Header.Get("Location"))
	for _, want := range []string{"Đã xếp lệnh đặt trạng thái", "chờ kiosk", "9 · Đã có kết quả, chờ trả", fmt.Sprintf("lệnh #%d", cs[0].ID), `data-requested="queued"`} {
		if !strings.Contains(page, want) {
			t.Errorf("after the form, the page lacks %q", want)
		}
	}
	if log, _ := r.store.AuditLog(context.Background(), AuditQuery{Actor: "tinh.it"}); len(log) == 0 || log[0].Action != "command.queue" {
		t.Errorf("audit %+v", log)
	}
}

// The IT API queues the same command with the admin token, its argument a string or the
// object itself, and answers a refusal with a problem: 400 with Vietnamese words for a bad
// argument, 404 for a dossier the hub does not hold. GET /admin/v1/dossiers lists the rows.
func TestDossierStateFromTheAPI(t *testing.T) {
	r := newRig(t)
	code := "000.00.06.H56-260302-0001"
	r.received(r.signer, code)
	path := "/admin/v1/kiosks/" + r.signer.Kiosk + "/commands"
	for _, c := range []struct {
		body   string
		status int
		code   string
	}{
		{`{"kind":"dossier_state","arg":"{not json"}`, 400, wire.CodeMalformed},
		{`{"kind":"dossier_state","arg":{"code":"` + code + `","action":"finish"}}`, 400, wire.CodeMalformed},
		{`{"kind":"dossier_state","arg":{"code":"` + code + `","action":"refuse"}}`, 400, wire.CodeMalformed},
		{`{"kind":"dossier_state","arg":{"code":"` + code + `","action":"done","extra":1}}`, 400, wire.CodeMalformed},
		{`{"kind":"dossier_state","arg":{"code":"000.00.06.H56-260302-0999","action":"done"}}`, 404, wire.CodeNotFound},
		{`{"kind":"dossier_state","arg":[1]}`, 400, wire.CodeMalformed},
	} {
		status, body := r.api("POST", path, c.body)
		var p wire.Problem
		_ = json.Unmarshal([]byte(body), &p)
		if status != c.status || p.Code != c.code || p.ReasonVI == "" {
			t.Errorf("%s: %d %s", c.body, status, body)
		}
	}
	if n := len(r.commands(r.signer.Kiosk)); n != 0 {
		t.Fatalf("refused requests queued %d commands", n)
	}
	status, body := r.api("POST", path, `{"kind":"dossier_state","arg":{"code":"`+code+`","action":"refuse","reason":"Không thuộc thẩm quyền","by":"Sở Tư pháp"}}`)
	var made struct{ ID int64 }
	if status != http.StatusCreated || json.Unmarshal([]byte(body), &made) != nil {
		t.Fatalf("queued: %d %s", status, body)
	}
	arg := wire.DossierStateArg{Code: code, Action: "back", At: time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC)}.String()
	quoted, _ := json.Marshal(arg)
	if status, body := r.api("POST", path, `{"kind":"dossier_state","arg":`+string(quoted)+`}`); status != http.StatusCreated {
		t.Fatalf("queued as a string: %d %s", status, body)
	}
	status, body = r.api("GET", "/admin/v1/dossiers?requested=1", "")
	var rows []DossierRow
	if status != 200 || json.Unmarshal([]byte(body), &rows) != nil || len(rows) != 1 || rows[0].Requested == nil ||
		rows[0].Requested.Command != made.ID+1 || rows[0].Requested.Action != "back" || rows[0].Requested.By != "admin-token" {
		t.Fatalf("listed: %d %s", status, body)
	}
	cs := r.commands(r.signer.Kiosk)
	if a, _ := wire.ParseDossierStateArg(cs[1].Arg); a.By != "Sở Tư pháp" || a.Reason != "Không thuộc thẩm quyền" {
		t.Fatalf("the first command's argument: %s", cs[1].Arg)
	}
}

// A cluster's IT lists and sets the states of its own communes' dossiers only.
func TestClusterSeesOnlyItsDossiers(t *testing.T) {
	r := newRig(t)
	mine := r.enrol("xa-a", "Đoan Hùng")
	other := r.enrol("xa-b", "Thanh Ba")
	r.received(mine, "A-1")
	r.received(other, "B-1")
	r.addUser("cum.doanhung", RoleCluster, "Đoan Hùng")
	b := r.browser()
	b.login("cum.doanhung", testPassword)
	if _, page := b.get("/dossiers"); !strings.Contains(page, "A-1") || strings.Contains(page, "B-1") {
		t.Fatalf("a cluster's dossiers page: %s", page)
	}
	if _, page := b.get("/dossiers?commune=xa-b"); strings.Contains(page, "B-1") {
		t.Fatal("another cluster's commune listed")
	}
	if resp, _ := b.do("POST", "/kiosks/"+other.Kiosk+"/dossiers/B-1/state", url.Values{"action": {"done"}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("another cluster's dossier: %d", resp.StatusCode)
	}
	if resp, _ := b.do("POST", "/kiosks/"+mine.Kiosk+"/dossiers/A-1/state", url.Values{"action": {"done"}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("its own dossier: %d", resp.StatusCode)
	}
	if len(r.commands(other.Kiosk)) != 0 || len(r.commands(mine.Kiosk)) != 1 {
		t.Fatal("commands queued for the wrong kiosk")
	}
}
