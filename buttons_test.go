package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/motcua/motcua/hardware/buttons"
	"github.com/motcua/motcua/kiosk"
)

type fakeQueue struct {
	kiosk.QueueService
	calls []string
}

func (f *fakeQueue) CallNext(ctx context.Context, counter int, staff string) (kiosk.Ticket, error) {
	f.calls = append(f.calls, "next")
	return kiosk.Ticket{Code: "A001"}, nil
}

func (f *fakeQueue) Recall(ctx context.Context, counter int) (kiosk.Ticket, error) {
	f.calls = append(f.calls, "recall")
	return kiosk.Ticket{}, kiosk.Errorf(kiosk.ECONFLICT, "Quầy chưa gọi số nào", "nobody called")
}

func TestActionAndConfig(t *testing.T) {
	q := &fakeQueue{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	buttonAction(q, kiosk.ButtonConfig{Pin: "GPIO17", Counter: 1, Action: kiosk.ButtonNext}, log)(context.Background())
	buttonAction(q, kiosk.ButtonConfig{Pin: "GPIO27", Counter: 1, Action: kiosk.ButtonRecall}, log)(context.Background())
	if len(q.calls) != 2 || q.calls[0] != "next" || q.calls[1] != "recall" {
		t.Fatalf("calls %v", q.calls)
	}
	if _, err := buttons.Lookup("NO_SUCH_PIN"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("lookup of a missing pin: %v", err)
	}
}
