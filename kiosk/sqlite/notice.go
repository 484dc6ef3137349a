package sqlite

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

const noticeKey = "display.notice"

// NoticeService stores the hall display's notice line.
type NoticeService struct {
	DB        *DB
	Publisher kiosk.Publisher
}

var _ kiosk.NoticeService = (*NoticeService)(nil)

// Notice returns the current notice text.
func (s *NoticeService) Notice(ctx context.Context) (string, error) {
	return s.DB.Setting(ctx, noticeKey, "")
}

// SetNotice stores the text, records it in the outbox (the province keeps what was
// announced) and then tells the screens.
func (s *NoticeService) SetNotice(ctx context.Context, text string) error {
	text, err := kiosk.CleanNotice(text)
	if err != nil {
		return err
	}
	err = s.DB.Write(ctx, func(tx *Tx) error {
		if err := tx.SetSetting(noticeKey, text); err != nil {
			return err
		}
		_, err := tx.Emit("notice.changed", map[string]string{"text": text})
		return err
	})
	if err != nil {
		return err
	}
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "notice", Data: map[string]string{"text": text}})
	}
	return nil
}
