package sqlite

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

// SignOff closes every counter staffID holds open or paused, as when they log out: a
// counter left open would keep their badge on the hall display, and its line would wait
// for a clerk who has gone. A ticket still called or served there is finished as served,
// as the next call would have done. Counters no longer configured are left alone.
func (s *QueueService) SignOff(ctx context.Context, staffID string) error {
	if staffID == "" {
		return nil
	}
	var closed []int
	err := s.DB.Write(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM counters WHERE staff_id = ? AND status <> 'closed'`, staffID)
		if err != nil {
			return err
		}
		var ids []int
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			_, row, err := s.loadCounter(ctx, tx, id) // applies the daily reset first
			if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if row.status == kiosk.CounterClosed || row.staffID != staffID {
				continue
			}
			if err := s.finishCurrent(ctx, tx, row); err != nil {
				return err
			}
			if err := s.setCounter(ctx, tx, id, kiosk.CounterClosed, nil, staffID, row.ordinarySince, row.status); err != nil {
				return err
			}
			closed = append(closed, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range closed {
		s.publish("counter.updated", map[string]any{"counter_id": id, "status": kiosk.CounterClosed})
	}
	return nil
}
