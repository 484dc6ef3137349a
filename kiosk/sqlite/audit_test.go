package sqlite

import (
	"context"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A queue change through SetConfig is one outbox event and one audit line, in words, under
// the name of whoever made it; a refused change writes neither.
func TestSetConfigAuditsTheChangeByName(t *testing.T) {
	q, _ := newQueue(t)
	log := &AuditLog{DB: q.DB}
	ctx := kiosk.WithActor(context.Background(), kiosk.Actor{ID: "quantri", Name: "Phạm Minh Đức"})
	c := kiosk.DefaultQueueConfig()
	c.Services[0].Examples = "khai sinh, kết hôn, sao y…"
	if err := q.SetConfig(ctx, c); err != nil {
		t.Fatal(err)
	}
	bad := c
	bad.Services = append([]kiosk.Service{}, c.Services...)
	bad.Services[1].Prefix = "A"
	if err := q.SetConfig(ctx, bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("duplicate prefix: %v", err)
	}
	list, err := log.Audit(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("audit has %d entries, want 1: %+v", len(list), list)
	}
	e := list[0]
	if e.Actor != "quantri" || e.ActorName != "Phạm Minh Đức" || e.Kind != "queue.config_changed" ||
		e.Summary != "Sửa dịch vụ «Hộ tịch – Chứng thực»: ví dụ trên kiosk" || !e.At.Equal(q.DB.Clock()) {
		t.Errorf("audit entry %+v", e)
	}
	events, err := q.DB.Pending(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Kind != "queue.config_changed" {
		t.Fatalf("outbox %+v", events)
	}
	got, _ := q.QueueConfig(context.Background())
	if got.Services[0].Examples != "khai sinh, kết hôn, sao y…" {
		t.Errorf("examples not in force: %q", got.Services[0].Examples)
	}
}

// A line in which people wait today cannot be removed; once they are called, it can.
func TestSetConfigKeepsALineWithPeopleWaiting(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	mustIssue(t, q, "khac", "")
	c := kiosk.DefaultQueueConfig()
	c.Services = c.Services[:3]
	for i := range c.Counters {
		c.Counters[i].Services = c.Counters[i].Services[:1]
	}
	err := q.SetConfig(ctx, c)
	if e := kiosk.ErrorOf(err); e.Code != kiosk.ECONFLICT || e.Message != "Dịch vụ «Lĩnh vực khác» còn 1 người đang chờ hôm nay: chưa bỏ được. Xin gọi hết hoặc chuyển họ sang dịch vụ khác trước." {
		t.Fatalf("got %v", err)
	}
	if _, err := q.CallNext(ctx, 1, "canbo1"); err != nil {
		t.Fatal(err)
	}
	if err := q.SetConfig(ctx, c); err != nil {
		t.Fatalf("after the call: %v", err)
	}
	list, _ := (&AuditLog{DB: q.DB}).Audit(ctx, 0, 0)
	if len(list) != 1 || list[0].Actor != "system" {
		t.Errorf("audit %+v", list)
	}
}

// Pages of the audit list go back by id.
func TestAuditPagesBack(t *testing.T) {
	db := openTemp(t)
	banner := &BannerService{DB: db}
	ctx := context.Background()
	for _, text := range []string{"một", "hai", "ba", ""} {
		if err := banner.SetBanner(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	log := &AuditLog{DB: db}
	first, err := log.Audit(ctx, 0, 2)
	if err != nil || len(first) != 2 || first[0].Summary != "Xóa dòng thông báo trên màn hình phòng chờ" {
		t.Fatalf("%v %+v", err, first)
	}
	rest, err := log.Audit(ctx, first[1].ID, 10)
	if err != nil || len(rest) != 2 || rest[1].Summary != "Dòng thông báo trên màn hình phòng chờ: «một»" {
		t.Fatalf("%v %+v", err, rest)
	}
}
