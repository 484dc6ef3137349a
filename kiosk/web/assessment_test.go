package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// newAssessLANRig is the dossier rig with ratings, assessments and reports wired as the
// app wires them, the assessment turned on or off by the province's setting.
func newAssessLANRig(t *testing.T, on bool) *lanRig {
	t.Helper()
	rig := newDossierLANRig(t)
	q := rig.s.Queue.(*sqlite.QueueService)
	ds := rig.s.Dossiers.(*sqlite.DossierService)
	as := &sqlite.AssessmentService{DB: rig.db, Queue: q, Dossiers: ds}
	rig.s.Assessments = as
	rig.s.Ratings = &sqlite.RatingService{DB: rig.db, Queue: q, Assess: as.ForTicket}
	rig.s.Reports = &sqlite.ReportService{DB: rig.db, Queue: q, Assessments: as}
	setAssessment(t, rig, on)
	return rig
}

// setAssessment changes the setting at run time, as a config bundle does.
func setAssessment(t *testing.T, rig *lanRig, on bool) {
	t.Helper()
	cfg, err := rig.s.QueueAdmin.QueueConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.RatingAssessment = on
	if err := rig.s.QueueAdmin.SetConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
}

// readyDossier receives a dossier at counter 1 and makes its result ready; it returns the
// code and the receipt's QR.
func readyDossier(t *testing.T, clerk clientAt) (string, string) {
	t.Helper()
	status, body := clerk.Do("POST", "/api/v1/dossiers", intakeBody)
	var resp struct {
		Dossier   kiosk.Dossier `json:"dossier"`
		LookupURL string        `json:"lookup_url"`
	}
	if err := json.Unmarshal(body, &resp); status != 201 || err != nil {
		t.Fatalf("intake: %d %s", status, body)
	}
	for _, action := range []string{"process", "done"} {
		if status, body := clerk.Do("POST", "/api/v1/dossiers/"+resp.Dossier.Code+"/transition", `{"action":"`+action+`"}`); status != 200 {
			t.Fatalf("%s: %d %s", action, status, body)
		}
	}
	return resp.Dossier.Code, resp.LookupURL
}

// clientAt sends requests to the rig from one address, with one session (or none).
type clientAt struct {
	call func(method, path, body string) (int, []byte)
}

func (c clientAt) Do(method, path, body string) (int, []byte) { return c.call(method, path, body) }

func as(t *testing.T, rig *lanRig, remote, staff, pin string) clientAt {
	t.Helper()
	c := rig.from(remote)
	if staff != "" {
		c = rig.login(t, remote, staff, pin)
	}
	return clientAt{call: func(method, path, body string) (int, []byte) {
		return call(t, c, method, rig.ts.URL+path, body)
	}}
}

// The pad asks the assessment after the faces for the dossier handed back during the
// visit; one answer is stored; the receipt's QR then says it is done; the report shows the
// averages with the note that they are not the Decision 766 score.
func TestAssessmentOverTheLAN(t *testing.T) {
	rig := newAssessLANRig(t, true)
	rig.s.LookupBase = "http://192.168.1.10:8080"
	clerk := as(t, rig, "192.0.2.31", "canbo1", "1111")
	code, qr := readyDossier(t, clerk)

	// The villager comes back for the result: a number, the call, the hand-back, the finish.
	window := as(t, rig, "window", "", "")
	if status, body := window.Do("POST", "/api/v1/tickets", `{"service_id":"khac"}`); status != 201 {
		t.Fatalf("issue: %d %s", status, body)
	}
	if status, body := clerk.Do("POST", "/api/v1/counters/1/call-next", ``); status != 200 {
		t.Fatalf("call: %d %s", status, body)
	}
	if status, body := clerk.Do("POST", "/api/v1/dossiers/"+code+"/transition", `{"action":"return"}`); status != 200 {
		t.Fatalf("return: %d %s", status, body)
	}
	if status, body := clerk.Do("POST", "/api/v1/counters/1/finish", ``); status != 200 {
		t.Fatalf("finish: %d %s", status, body)
	}

	pad := as(t, rig, "192.0.2.50", "", "")
	status, body := pad.Do("GET", "/api/v1/counters/1/rating", "")
	var req kiosk.RatingRequest
	if err := json.Unmarshal(body, &req); status != 200 || err != nil || req.Assessment == nil || req.Assessment.DossierCode != code ||
		len(req.Assessment.Questions) != 4 || req.Assessment.Questions[0].Choices[0].Name == "" {
		t.Fatalf("pending: %d %s", status, body)
	}
	if strings.Contains(string(body), "canbo1") || strings.Contains(string(body), "Nguyễn Văn An") {
		t.Fatalf("the pad hears of the clerk or the applicant: %s", body)
	}
	if status, body := pad.Do("POST", "/api/v1/counters/1/rating", fmt.Sprintf(`{"ticket_id":%d,"score":3}`, req.TicketID)); status != 201 {
		t.Fatalf("rate: %d %s", status, body)
	}
	bad := fmt.Sprintf(`{"ticket_id":%d,"dossier_code":%q,"scores":{"total_time":2}}`, req.TicketID, code)
	if status, body := pad.Do("POST", "/api/v1/counters/1/assessment", bad); status != 400 || !strings.Contains(string(body), "scores.total_time") {
		t.Fatalf("a computed indicator answered: %d %s", status, body)
	}
	good := fmt.Sprintf(`{"ticket_id":%d,"dossier_code":%q,"scores":{"attitude":2,"convenience":3,"overall":3}}`, req.TicketID, code)
	if status, body := pad.Do("POST", "/api/v1/counters/1/assessment", good); status != 201 || !strings.Contains(string(body), `"one_stop":2`) {
		t.Fatalf("assess: %d %s", status, body)
	}
	status, body = pad.Do("POST", "/api/v1/counters/1/assessment", good)
	if status != 409 || !strings.Contains(string(body), "Hồ sơ này đã được đánh giá rồi") {
		t.Fatalf("second tap: %d %s", status, body)
	}
	if status, body := window.Do("POST", "/api/v1/ratings/lookup", fmt.Sprintf(`{"code":%q}`, qr)); status != 409 {
		t.Fatalf("the receipt's QR after the pad: %d %s", status, body)
	}

	// Admins list it; a clerk may not (it names who handed the result back).
	if status, _ := clerk.Do("GET", "/api/v1/admin/assessments?from=2026-11-25", ""); status != 403 {
		t.Fatalf("clerk lists: %d", status)
	}
	admin := as(t, rig, "192.0.2.60", "quantri", "9999")
	status, body = admin.Do("GET", "/api/v1/admin/assessments?from=2026-11-25", "")
	var list []kiosk.Assessment
	if err := json.Unmarshal(body, &list); status != 200 || err != nil || len(list) != 1 || list[0].Scores[kiosk.IndOverall] != 3 ||
		list[0].StaffID != "canbo1" {
		t.Fatalf("list: %d %s", status, body)
	}

	report := func() kiosk.Report {
		status, body := admin.Do("GET", "/api/v1/admin/reports?from=2026-11-25&to=2026-11-25&period=day&by=line", "")
		var r kiosk.Report
		if err := json.Unmarshal(body, &r); status != 200 || err != nil {
			t.Fatalf("report: %d %s", status, body)
		}
		return r
	}
	r := report()
	if r.Assessment == nil || r.Assessment.Count != 1 || r.Assessment.Averages[kiosk.IndTotalTime] != 2 ||
		r.Assessment.Averages[kiosk.IndConvenience] != 3 || !strings.Contains(r.Assessment.Note, "không phải điểm chấm theo Quyết định 766") {
		t.Fatalf("report's assessment %+v", r.Assessment)
	}
	if _, ok := r.Assessment.Averages[kiosk.IndBodies]; ok {
		t.Fatal("a skipped question has no average")
	}
	setAssessment(t, rig, false)
	if r := report(); r.Assessment != nil {
		t.Fatalf("setting off, the report still shows %+v", r.Assessment)
	}
}

// "Rate later" at the kiosk: the receipt's QR of a returned dossier asks its questions;
// one answer; a ticket's QR still reads as before.
func TestAssessmentByTheReceiptsQR(t *testing.T) {
	rig := newAssessLANRig(t, true)
	rig.s.LookupBase = "http://192.168.1.10:8080"
	clerk := as(t, rig, "192.0.2.31", "canbo1", "1111")
	code, qr := readyDossier(t, clerk)
	window := as(t, rig, "window", "", "")

	lookup := fmt.Sprintf(`{"code":%q}`, qr)
	status, body := window.Do("POST", "/api/v1/ratings/lookup", lookup)
	if status != 409 || !strings.Contains(string(body), "chưa trả kết quả") {
		t.Fatalf("not returned yet: %d %s", status, body)
	}
	if status, body := clerk.Do("POST", "/api/v1/dossiers/"+code+"/transition", `{"action":"return"}`); status != 200 {
		t.Fatalf("return: %d %s", status, body)
	}
	status, body = window.Do("POST", "/api/v1/ratings/lookup", lookup)
	var req kiosk.RatingRequest
	if err := json.Unmarshal(body, &req); status != 200 || err != nil || req.TicketID != 0 || req.Assessment == nil || req.Assessment.DossierCode != code {
		t.Fatalf("lookup: %d %s", status, body)
	}
	answer := fmt.Sprintf(`{"code":%q,"scores":{"bodies":1}}`, qr)
	if status, body := window.Do("POST", "/api/v1/assessments", answer); status != 201 || !strings.Contains(string(body), `"bodies":1`) {
		t.Fatalf("assess: %d %s", status, body)
	}
	if status, _ := window.Do("POST", "/api/v1/assessments", answer); status != 409 {
		t.Fatalf("replayed: %d", status)
	}
	// Not a code at all: the ticket reader's own refusal.
	if status, body := window.Do("POST", "/api/v1/ratings/lookup", `{"code":"hello"}`); status != 400 || !strings.Contains(string(body), "phiếu số thứ tự") {
		t.Fatalf("garbage: %d %s", status, body)
	}

	// Off: the receipt's QR is not a way to assess.
	setAssessment(t, rig, false)
	if status, body := window.Do("POST", "/api/v1/ratings/lookup", lookup); status != 404 {
		t.Fatalf("off: %d %s", status, body)
	}
}

// Without the assessment service, a write is still read and counted first (a malformed
// body or counter is 400 whatever is on), then answered unavailable; so is the admin list.
func TestAssessmentsWithoutTheService(t *testing.T) {
	rig := newDossierLANRig(t)
	pad := as(t, rig, "192.0.2.50", "", "")
	admin := as(t, rig, "192.0.2.60", "quantri", "9999")
	for _, c := range []struct {
		who          clientAt
		method, path string
		body         string
		status       int
	}{
		{pad, "POST", "/api/v1/assessments", `{"code":"x","scores":{}}`, 503},
		{pad, "POST", "/api/v1/assessments", `{"nope":1}`, 400},
		{pad, "POST", "/api/v1/counters/1/assessment", `{"ticket_id":1,"dossier_code":"x","scores":{}}`, 503},
		{pad, "POST", "/api/v1/counters/0/assessment", `{}`, 400},
		{admin, "GET", "/api/v1/admin/assessments", "", 503},
		{pad, "GET", "/api/v1/admin/assessments", "", 401},
	} {
		if status, body := c.who.Do(c.method, c.path, c.body); status != c.status {
			t.Errorf("%s %s %s: %d %s, want %d", c.method, c.path, c.body, status, body, c.status)
		}
	}
}
