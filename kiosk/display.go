package kiosk

import (
	"context"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NoticeMax is the longest notice line, in characters: it scrolls across the hall display.
const NoticeMax = 500

// NoticeService keeps the hall display's scrolling notice line (thông báo).
type NoticeService interface {
	// Notice returns the current text ("" when none). Anyone may call it.
	Notice(ctx context.Context) (string, error)
	// SetNotice replaces the text and tells the screens (Notice kind "notice"). Admins only;
	// EINVALID for text that is too long or has control characters.
	SetNotice(ctx context.Context, text string) error
}

// CleanNotice returns text as it is stored: NFC, trimmed; or an EINVALID error.
func CleanNotice(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", Invalid("text", "Thông báo có ký tự không hợp lệ", "the notice is not valid UTF-8")
	}
	text = strings.TrimSpace(norm.NFC.String(text))
	if utf8.RuneCountInString(text) > NoticeMax {
		return "", Invalid("text", "Thông báo dài quá 500 ký tự", "the notice is longer than 500 characters")
	}
	for _, r := range text {
		if r < 0x20 || r == 0x7f {
			return "", Invalid("text", "Thông báo chỉ được có một dòng, không có ký tự điều khiển", "the notice must be one line without control characters")
		}
	}
	return text, nil
}
