package client

import (
	"errors"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client/update"
)

// refusalVI says in Vietnamese why a bundle was refused, for the admin page and, for an
// update, for IT's pages on the hub (the heartbeat's update outcome). A reason it does
// not know keeps the English words after a Vietnamese lead.
func refusalVI(err error) string {
	for _, r := range refusalWords {
		if errors.Is(err, r.err) {
			return r.vi
		}
	}
	return "không áp dụng được (" + err.Error() + ")"
}

// refusalWords are checked in order: the more precise reason first.
var refusalWords = []struct {
	err error
	vi  string
}{
	{wire.ErrBundleSignature, "chữ ký không hợp lệ"},
	{wire.ErrBundle, "gói hỏng hoặc nội dung không khớp chữ ký"},
	{ErrScope, "gói không dành cho xã này"},
	{ErrExpired, "gói đã hết hạn"},
	{ErrRollback, "không mới hơn gói đã nhận"},
	{wire.ErrNoTarget, "không có bản cho loại máy này"},
	{wire.ErrUpdatePayload, "nội dung gói cập nhật không hợp lệ"},
	{update.ErrNotNewer, "không mới hơn bản đang chạy"},
	{update.ErrTrying, "đang thử một bản cập nhật khác"},
	{update.ErrTruncated, "tệp chương trình tải về bị thiếu"},
	{update.ErrHash, "tệp chương trình tải về không khớp mã băm đã ký"},
	{errDownload, "không tải được tệp chương trình từ máy chủ tỉnh"},
}
