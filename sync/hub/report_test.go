package hub

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/xuri/excelize/v2"
)

// The province report on the page, as CSV and as .xlsx, with a cluster admin's limited
// to its communes.
func TestReportPageAndExports(t *testing.T) {
	r := newRig(t)
	other := r.enrol("xa-ben-canh", "Thanh Ba")
	day := "2026-03-02" // the tickets' own day; the report asks for it by name
	push := func(s wire.Signer, n int) {
		b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: 1}
		for i := 1; i <= n; i++ {
			issued := time.Now().Add(-time.Hour)
			b.Events = append(b.Events,
				wire.Event{Seq: int64(2*i - 1), Kind: TicketIssuedKind, CreatedAt: issued,
					Body: json.RawMessage(`{"id":` + strconv.Itoa(i) + `,"day":"` + day + `","service_id":"A","issued_at":"` + issued.UTC().Format(time.RFC3339) + `"}`)},
				wire.Event{Seq: int64(2 * i), Kind: TicketCalledKind, CreatedAt: issued.Add(12 * time.Minute), Body: json.RawMessage(`{"ticket_id":` + strconv.Itoa(i) + `}`)})
		}
		body, _ := wire.EncodeBatch(b)
		if st, rb, _ := r.do(s, "POST", wire.PathEvents, body, true, time.Now()); st != 200 {
			t.Fatalf("push: %d %s", st, rb)
		}
	}
	push(r.signer, 3)
	push(other, 2)
	r.addUser("tinh.it", RoleProvince, "")
	b := r.browser()
	b.login("tinh.it", testPassword)
	resp, page := b.get("/reports?from=" + day + "&to=" + day)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-commune="xa-tan-lap"`) || !strings.Contains(page, `<td>12.0</td>`) {
		t.Fatalf("report page: %d %s", resp.StatusCode, page)
	}
	resp, body := b.get("/reports/export?format=csv&from=" + day + "&to=" + day)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\uFEFF") {
		t.Fatalf("csv: %d", resp.StatusCode)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][0] != "Xã/phường" || recs[3][0] != "Tổng" || recs[3][1] != "5" || recs[3][4] != "12" {
		t.Fatalf("csv %v %v", recs, err)
	}
	resp, body = b.get("/reports/export?format=xlsx&from=" + day + "&to=" + day)
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Báo cáo")
	if err != nil || len(rows) != 6 || rows[2][0] != "Xã/phường" || rows[5][0] != "Tổng" || rows[5][1] != "5" {
		t.Fatalf("xlsx rows %v %v", rows, err)
	}
	if resp, _ := b.get("/reports?from=2026-13-01"); resp.StatusCode != 400 {
		t.Errorf("a bad day: %d", resp.StatusCode)
	}

	r.addUser("cum.thanhba", RoleCluster, "Thanh Ba")
	c := r.browser()
	c.login("cum.thanhba", testPassword)
	_, page = c.get("/reports?from=" + day + "&to=" + day)
	if !strings.Contains(page, `data-commune="xa-ben-canh"`) || strings.Contains(page, "xa-tan-lap") {
		t.Fatalf("a cluster admin's report: %s", page)
	}
	if log, _ := r.store.AuditLog(context.Background(), AuditQuery{Actor: "tinh.it"}); log[0].Action != "report.export" {
		t.Errorf("exports not audited: %+v", log[0])
	}
}

// A commune named like a formula reaches the report's CSV as text.
func TestReportCSVKeepsFormulasText(t *testing.T) {
	r := newRig(t)
	const evil = `=HYPERLINK("http://x.vn","Tân Lập")`
	s := r.enrol(evil, "")
	day := "2026-03-02"
	issued := time.Now().Add(-time.Hour)
	b := &wire.Batch{Kiosk: s.Kiosk, Epoch: s.Epoch, FromSeq: 1, Events: []wire.Event{{Seq: 1, Kind: TicketIssuedKind, CreatedAt: issued,
		Body: json.RawMessage(`{"id":1,"day":"` + day + `","service_id":"A","issued_at":"` + issued.UTC().Format(time.RFC3339) + `"}`)}}}
	body, _ := wire.EncodeBatch(b)
	if st, rb, _ := r.do(s, "POST", wire.PathEvents, body, true, time.Now()); st != 200 {
		t.Fatalf("push: %d %s", st, rb)
	}
	r.addUser("tinh.it", RoleProvince, "")
	br := r.browser()
	br.login("tinh.it", testPassword)
	resp, csvBody := br.get("/reports/export?format=csv&from=" + day + "&to=" + day)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, "\uFEFF"))).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(recs) != 3 || recs[1][0] != "'"+evil || recs[1][1] != "1" {
		t.Fatalf("csv %d %v %q", resp.StatusCode, err, recs)
	}
}
