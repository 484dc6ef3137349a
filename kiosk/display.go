package kiosk

import (
	"context"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// BannerMax is the longest banner, in characters: it scrolls across the hall display.
const BannerMax = 500

// BannerService keeps the hall display's scrolling banner, the commune's one line of
// thông báo. (A kiosk.Notice is something else: a live event for screens.) On the wire it
// keeps its first names, /api/v1/notice and the outbox event "notice.changed", which pages
// and the hub already read.
type BannerService interface {
	// Banner returns the current text ("" when none). Anyone may call it.
	Banner(ctx context.Context) (string, error)
	// SetBanner replaces the text and tells the screens (Notice kind "notice"). Admins only;
	// EINVALID for text that is too long or has control characters.
	SetBanner(ctx context.Context, text string) error
}

// CleanBanner returns a banner text as it is stored: NFC, trimmed; or an EINVALID error.
func CleanBanner(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", Invalid("text", "Thông báo có ký tự không hợp lệ", "the notice is not valid UTF-8")
	}
	text = strings.TrimSpace(norm.NFC.String(text))
	if utf8.RuneCountInString(text) > BannerMax {
		return "", Invalid("text", "Thông báo dài quá 500 ký tự", "the notice is longer than 500 characters")
	}
	for _, r := range text {
		if r < 0x20 || r == 0x7f {
			return "", Invalid("text", "Thông báo chỉ được có một dòng, không có ký tự điều khiển", "the notice must be one line without control characters")
		}
	}
	return text, nil
}
