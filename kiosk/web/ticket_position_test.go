package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// ticketAt asks the public endpoint where the ticket code names stands, from the kiosk window.
func ticketAt(t *testing.T, rig *lanRig, code string) (int, kiosk.TicketPosition, string) {
	t.Helper()
	status, body := call(t, rig.from("window"), "GET", rig.ts.URL+"/api/v1/public/ticket?code="+url.QueryEscape(code), "")
	var p kiosk.TicketPosition
	if status == 200 {
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
	}
	return status, p, string(body)
}

// A villager scans their ticket: while it waits they hear how many go before them in its
// own line, in the order the queue calls (a priority ticket issued later goes first under
// the strict policy; another line's tickets never count); as clerks call, skip and serve,
// the count falls; a called ticket names its counter; the answer never names a priority
// group.
func TestTicketPositionFollowsTheQueue(t *testing.T) {
	rig := newLANRig(t, nil)
	ctx := context.Background()
	q := rig.s.Queue
	issue := func(svc string, p kiosk.Priority) kiosk.Ticket {
		t.Helper()
		is, err := q.Issue(ctx, svc, p)
		if err != nil {
			t.Fatal(err)
		}
		rig.advance(time.Minute)
		return is.Ticket
	}
	a1, a2, _ := issue("hotich", ""), issue("hotich", ""), issue("hotich", "")
	b1 := issue("datdai", "")
	a4 := issue("hotich", "")
	a5 := issue("hotich", "elderly")
	qr := func(tk kiosk.Ticket) string { return kiosk.TicketLookupCode(rig.db.KioskID(), tk) }
	ahead := func(when string, want, open int) {
		t.Helper()
		status, p, body := ticketAt(t, rig, qr(a4))
		if status != 200 || p.State != kiosk.StateWaiting || p.Ahead != want || p.OpenCounters != open || p.Code != "A004" || p.Service != "Hộ tịch – Chứng thực" {
			t.Fatalf("%s: %d %s, want %d ahead, %d open", when, status, body, want, open)
		}
	}
	ahead("before any call", 4, 0) // A001–A003 and the priority A005; not B001
	if _, p, _ := ticketAt(t, rig, qr(b1)); p.Ahead != 0 {
		t.Fatalf("B001 has %d ahead, want 0: the other line's tickets do not count", p.Ahead)
	}
	if _, p, body := ticketAt(t, rig, qr(a5)); p.Ahead != 0 || !p.Priority || strings.Contains(body, "elderly") || strings.Contains(body, "cao tuổi") {
		t.Fatalf("priority A005: %s", body)
	}

	if err := q.Resume(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	ahead("counter 1 open", 4, 1)
	if c, err := q.CallNext(ctx, 1, "canbo1"); err != nil || c.ID != a5.ID {
		t.Fatalf("first call %v %v, want the priority A005", c.Code, err)
	}
	ahead("A005 called", 3, 1)
	if _, p, body := ticketAt(t, rig, qr(a5)); p.State != kiosk.StateCalled || p.CounterID != 1 || p.Text != "Mời số A005 đến Quầy 1" {
		t.Fatalf("called A005: %s", body)
	}
	if c, err := q.CallNext(ctx, 1, "canbo1"); err != nil || c.ID != a1.ID {
		t.Fatalf("second call %v %v, want A001", c.Code, err)
	}
	if _, err := q.Skip(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ahead("A001 skipped", 2, 1)
	if _, p, _ := ticketAt(t, rig, qr(a1)); p.State != kiosk.StateSkipped {
		t.Fatalf("skipped A001 is %s", p.State)
	}
	if c, err := q.CallNext(ctx, 1, "canbo1"); err != nil || c.ID != a2.ID {
		t.Fatalf("third call %v %v, want A002", c.Code, err)
	}
	if _, err := q.Start(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Finish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ahead("A002 served", 1, 1)
	if _, p, body := ticketAt(t, rig, qr(a2)); p.State != kiosk.StateServed {
		t.Fatalf("served A002: %s", body)
	}
	// Typed at the kiosk rather than scanned: today's A004.
	if status, p, body := ticketAt(t, rig, " a004 "); status != 200 || p.Ahead != 1 || p.Text != "Số A004 — Hộ tịch – Chứng thực: còn 1 người trước quý vị; 1 quầy đang mở" {
		t.Fatalf("typed: %d %s", status, body)
	}
}

// A code that is no ticket, a number nobody took, another kiosk's ticket and a ticket of
// another day are refused, each with its Vietnamese reason.
func TestTicketPositionRefusals(t *testing.T) {
	rig := newLANRig(t, nil)
	is, err := rig.s.Queue.Issue(context.Background(), "hotich", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code   string
		status int
		says   string
	}{
		{"https://example.com/d/ABC", 400, "không phải mã của phiếu số thứ tự"},
		{"A099", 404, "Không tìm thấy số thứ tự A099"},
		{kiosk.TicketLookupCode("kiosk-elsewhere", is.Ticket), 400, "kiosk của nơi khác"},
	} {
		if status, _, body := ticketAt(t, rig, c.code); status != c.status || !strings.Contains(body, c.says) {
			t.Fatalf("%q: %d %s", c.code, status, body)
		}
	}
	rig.advance(24 * time.Hour)
	status, _, body := ticketAt(t, rig, kiosk.TicketLookupCode(rig.db.KioskID(), is.Ticket))
	if status != 409 || !strings.Contains(body, `"reason":"other_day"`) || !strings.Contains(body, "Phiếu này của ngày 25/11/2026") {
		t.Fatalf("yesterday's ticket: %d %s", status, body)
	}
}

// Ticket look-ups share the dossier look-ups' allowance per address; the kiosk window is exempt.
func TestTicketPositionLimit(t *testing.T) {
	rig := newLANRig(t, nil)
	phone := rig.from("192.0.2.99")
	limited := 0
	for i := 0; i < DefaultLookupLimit.Burst+3; i++ {
		status, _ := call(t, phone, "GET", rig.ts.URL+"/api/v1/public/ticket?code=A001", "")
		if status == 429 {
			limited++
		} else if status != 404 {
			t.Fatalf("look-up %d: %d", i, status)
		}
	}
	if limited != 3 {
		t.Fatalf("%d look-ups refused, want 3", limited)
	}
	if status, _, _ := ticketAt(t, rig, "A001"); status != 404 {
		t.Fatalf("the window is limited: %d", status)
	}
}
