package sqlite

import (
	"context"

	"github.com/motcua/motcua/kiosk"
)

const bannerKey = "display.notice"

// BannerService stores the hall display's banner (kiosk.BannerService).
type BannerService struct {
	DB        *DB
	Publisher kiosk.Publisher
}

var _ kiosk.BannerService = (*BannerService)(nil)

// Banner returns the current banner text.
func (s *BannerService) Banner(ctx context.Context) (string, error) {
	return s.DB.Setting(ctx, bannerKey, "")
}

// SetBanner stores the text, records it in the outbox (the province keeps what was
// announced) and then tells the screens.
func (s *BannerService) SetBanner(ctx context.Context, text string) error {
	text, err := kiosk.CleanBanner(text)
	if err != nil {
		return err
	}
	err = s.DB.Write(ctx, func(tx *Tx) error {
		if err := tx.SetSetting(bannerKey, text); err != nil {
			return err
		}
		vi, en := "Dòng thông báo trên màn hình phòng chờ: «"+text+"»", "Hall notice: "+text
		if text == "" {
			vi, en = "Xóa dòng thông báo trên màn hình phòng chờ", "Cleared the hall notice"
		}
		return tx.Change("notice.changed", map[string]string{"text": text}, vi, en)
	})
	if err != nil {
		return err
	}
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "notice", Data: map[string]string{"text": text}})
	}
	return nil
}
