package sqlite

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

// CountUse adds one use of the procedure with code: search puts the procedures this
// desk uses most first among those matching a query equally well.
func (s *CatalogStore) CountUse(ctx context.Context, code string, use kiosk.ProcedureUse) error {
	var column string
	switch use {
	case kiosk.UseOpened:
		column = "opened"
	case kiosk.UsePrinted:
		column = "printed"
	case kiosk.UseReceived:
		column = "received"
	default:
		return kiosk.Invalid("use", "Không rõ việc đã làm với thủ tục: "+string(use), "unknown procedure use "+string(use))
	}
	if code == "" {
		return kiosk.Invalid("code", "Thiếu mã thủ tục", "the procedure code is missing")
	}
	return s.DB.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_usage(code, `+column+`) VALUES (?, 1)
			ON CONFLICT(code) DO UPDATE SET `+column+` = `+column+` + 1`, code); err != nil {
			return err
		}
		// Tells searches, in this process or another, to read the uses again.
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('catalog_usage', '1')
			ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`)
		return err
	})
}
