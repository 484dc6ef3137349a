package hardware

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
)

// Status is the printer's state as the kiosk shows it. Known is false when the printer did
// not answer; then only Err says anything.
type Status struct {
	Known        bool
	Online       bool
	CoverOpen    bool
	PaperNearEnd bool
	PaperEnd     bool
	Error        bool // mechanical, cutter, unrecoverable or auto-recoverable error
	Detail       escpos.Status
	Err          error
	CheckedAt    time.Time
}

// Ready reports whether a job sent now should print at once.
func (s Status) Ready() bool {
	return s.Known && s.Online && !s.CoverOpen && !s.PaperEnd && !s.Error
}

// Problem says in Vietnamese what a person must do, or "" when the printer is ready.
// Paper near its end is a warning, not a problem.
func (s Status) Problem() string {
	if !s.Known {
		return "Máy in không trả lời: kiểm tra nguồn điện và dây cáp."
	}
	var p []string
	if s.PaperEnd {
		p = append(p, "hết giấy")
	}
	if s.CoverOpen {
		p = append(p, "đang mở nắp")
	}
	if s.Error {
		p = append(p, "báo lỗi (kẹt giấy, dao cắt hoặc đầu in quá nóng)")
	}
	if len(p) == 0 && !s.Online {
		p = append(p, "đang ngoại tuyến")
	}
	if len(p) == 0 {
		return ""
	}
	return "Máy in " + strings.Join(p, ", ") + "."
}

// Status asks the printer DLE EOT 1–4 and parses the replies. With status=off in the URI it
// reports a ready printer without asking. The error is also kept in the result's Err.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock()
	if !p.Target.Status {
		return Status{Known: true, Online: true, CheckedAt: now}, nil
	}
	var r [4]byte
	for n := byte(1); n <= 4; n++ {
		if err := ctx.Err(); err != nil {
			return Status{Err: err, CheckedAt: now}, err
		}
		if err := p.c.Tx(escpos.StatusRequest(n), r[n-1:n]); err != nil {
			err = fmt.Errorf("printer status (DLE EOT %d): %w", n, err)
			return Status{Err: err, CheckedAt: now}, err
		}
	}
	d, err := escpos.ParseStatus(r)
	if err != nil {
		return Status{Err: err, CheckedAt: now}, err
	}
	return Status{
		Known:        true,
		Online:       !d.Offline,
		CoverOpen:    d.CoverOpen,
		PaperNearEnd: d.PaperNearEnd,
		PaperEnd:     d.PaperEnd || d.StoppedPaperEnd,
		Error:        d.ErrorOccurred || d.MechanicalError || d.CutterError || d.Unrecoverable || d.AutoRecoverable,
		Detail:       d,
		CheckedAt:    now,
	}, nil
}
