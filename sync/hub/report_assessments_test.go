package hub

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
	"github.com/xuri/excelize/v2"
)

func assessmentBody(code, day, scores string) json.RawMessage {
	return json.RawMessage(`{"dossier_code":"` + code + `","procedure":"1.004873","service_id":"hotich","day":"` + day +
		`","staff_id":"canbo1","counter_id":1,"scores":` + scores + `,"via":"pad","at":"` + day + `T02:00:00Z"}`)
}

// The report's nine-indicator section, per commune over the report's own days, on the
// page, in the CSV and on its .xlsx sheet, with the same figures; none for a span without
// an assessment; a cluster admin's only its communes.
func TestReportAssessmentSection(t *testing.T) {
	r := newRig(t)
	other := r.enrol("xa-ben-canh", "Thanh Ba")
	const day = "2026-03-02"
	r.sendEvents(r.signer, 1,
		wire.Event{Kind: AssessmentEventKind, Body: assessmentBody("X-1", day, `{"overall":3,"attitude":1}`)},
		wire.Event{Kind: AssessmentEventKind, Body: assessmentBody("X-2", "2026-03-03", `{"overall":2}`)},
		wire.Event{Kind: AssessmentEventKind, Body: assessmentBody("X-3", "2026-03-04", `{"overall":1}`)}) // after the span
	r.sendEvents(other, 1, wire.Event{Kind: AssessmentEventKind, Body: assessmentBody("B-1", day, `{"overall":1,"convenience":3}`)})
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	span := "from=" + day + "&to=2026-03-03"

	_, page := b.get("/reports?" + span)
	sec := page[strings.Index(page, `<section id="assessment">`):]
	// xa-tan-lap: overall (3+2)/2 over two dossiers, attitude 1 once; xa-ben-canh: overall 1.
	for _, want := range []string{kiosk.AssessmentNote, `<td>xa-tan-lap</td><td>2</td><td>Mức độ hài lòng chung</td><td>Người dân chọn</td><td>1–3</td><td>2.50</td><td>2</td>`,
		`<td>xa-tan-lap</td><td>2</td><td>Thái độ của cán bộ</td><td>Người dân chọn</td><td>0–2</td><td>1.00</td><td>1</td>`,
		`<td>xa-tan-lap</td><td>2</td><td>Sự thuận tiện</td><td>Người dân chọn</td><td>1–3</td><td></td><td>0</td>`,
		`<td>xa-ben-canh</td><td>1</td><td>Mức độ hài lòng chung</td><td>Người dân chọn</td><td>1–3</td><td>1.00</td><td>1</td>`} {
		if !strings.Contains(sec, want) {
			t.Errorf("page lacks %q:\n%s", want, sec)
		}
	}
	if _, page := b.get("/reports?from=2026-03-10&to=2026-03-11"); strings.Contains(page, `id="assessment"`) {
		t.Errorf("a section for a span without assessments")
	}

	_, body := b.get("/reports/export?format=csv&" + span)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	// The table: header, total (no tickets, so no commune rows); an empty line, title, note, header, 2×9 rows.
	at := 2
	if len(recs) != at+4+18 || recs[at][0] != "" || !strings.HasPrefix(recs[at+1][0], "Đánh giá 9 chỉ số") ||
		recs[at+2][0] != kiosk.AssessmentNote || recs[at+3][2] != "Chỉ số" {
		t.Fatalf("csv: %d lines %q", len(recs), recs)
	}
	rows := recs[at+4:]
	// xa-ben-canh sorts first; overall is the ninth indicator, convenience the eighth.
	if got := rows[8][:7]; strings.Join(got, "|") != "xa-ben-canh|1|Mức độ hài lòng chung|Người dân chọn|1–3|1.00|1" {
		t.Errorf("csv xa-ben-canh overall: %q", got)
	}
	if got := rows[7][5:7]; strings.Join(got, "|") != "3.00|1" {
		t.Errorf("csv xa-ben-canh convenience: %q", got)
	}
	if got := rows[17][:7]; strings.Join(got, "|") != "xa-tan-lap|2|Mức độ hài lòng chung|Người dân chọn|1–3|2.50|2" {
		t.Errorf("csv xa-tan-lap overall: %q", got)
	}

	_, body = b.get("/reports/export?format=xlsx&" + span)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := f.GetRows(kiosk.AssessmentSheet)
	if err != nil || len(xrows) != 4+18 || xrows[1][0] != kiosk.AssessmentNote || xrows[3][0] != "Xã/phường" {
		t.Fatalf("xlsx: %v %q", err, xrows)
	}
	if got := strings.Join(xrows[4+17], "|"); got != "xa-tan-lap|2|Mức độ hài lòng chung|Người dân chọn|1–3|2.5|2" {
		t.Errorf("xlsx xa-tan-lap overall: %q", got)
	}
	if typ, _ := f.GetCellType(kiosk.AssessmentSheet, "F22"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the average is text, not a number")
	}

	r.addUser("cum.thanhba", RoleCluster, "Thanh Ba")
	c := r.browser()
	c.login("cum.thanhba", testPassword)
	if _, page := c.get("/reports?" + span); !strings.Contains(page, `<td>xa-ben-canh</td><td>1</td>`) || strings.Contains(page, "xa-tan-lap") {
		t.Errorf("a cluster admin's section shows other communes")
	}
}
