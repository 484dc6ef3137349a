package kiosk

import (
	"strings"
	"testing"
)

// The audit list says what changed by name: lines, counters, hours, policy; ids never show.
func TestDescribeQueueChange(t *testing.T) {
	old := DefaultQueueConfig()
	cases := []struct {
		name   string
		change func(c *QueueConfig)
		want   []string
	}{
		{"nothing", func(c *QueueConfig) {}, []string{"Lưu cấu hình hàng chờ (không có thay đổi)"}},
		{"examples", func(c *QueueConfig) { c.Services[0].Examples = "khai sinh, kết hôn" },
			[]string{"Sửa dịch vụ «Hộ tịch – Chứng thực»: ví dụ trên kiosk"}},
		{"prefix and name", func(c *QueueConfig) { c.Services[1].Prefix, c.Services[1].Name = "E", "Đất đai" },
			[]string{"Sửa dịch vụ «Đất đai»: tên, chữ cái đầu số B → E"}},
		{"added line", func(c *QueueConfig) {
			c.Services = append(c.Services, Service{ID: "tuphap", Name: "Tư pháp", Prefix: "T"})
		}, []string{"Thêm dịch vụ «Tư pháp» (T)"}},
		{"removed line", func(c *QueueConfig) {
			c.Services = c.Services[:3]
			for i := range c.Counters {
				c.Counters[i].Services = c.Counters[i].Services[:1]
			}
		}, []string{"Bỏ dịch vụ «Lĩnh vực khác»", "Quầy «Quầy 1» phục vụ: Hộ tịch – Chứng thực",
			"Quầy «Quầy 2» phục vụ: Đất đai – Xây dựng – Môi trường", "Quầy «Quầy 3» phục vụ: Lao động – Người có công – Bảo trợ xã hội"}},
		{"reordered", func(c *QueueConfig) { c.Services[0], c.Services[1] = c.Services[1], c.Services[0] },
			[]string{"Đổi thứ tự các dịch vụ trên kiosk"}},
		{"counter renamed", func(c *QueueConfig) { c.Counters[2].Name = "Quầy Xã hội" },
			[]string{"Đổi tên quầy «Quầy 3» thành «Quầy Xã hội»"}},
		{"saturday opens, friday afternoon off", func(c *QueueConfig) {
			h := DefaultHours()
			h.Sat = []string{"07:30-11:30"}
			h.Fri = []string{"07:00-11:30"}
			c.Hours = &h
		}, []string{"Giờ làm việc Thứ Sáu: 07:00–11:30", "Giờ làm việc Thứ Bảy: 07:30–11:30"}},
		{"monday closed", func(c *QueueConfig) {
			h := DefaultHours()
			h.Mon = nil
			c.Hours = &h
		}, []string{"Giờ làm việc Thứ Hai: nghỉ"}},
		{"policy", func(c *QueueConfig) { c.Policy, c.PriorityEvery = PolicyInterleave, 2 },
			[]string{"Cách ưu tiên: xen kẽ, 1 số ưu tiên sau mỗi 2 số thường"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultQueueConfig()
			tc.change(&c)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			vi, en := DescribeQueueChange(old, c)
			if got := strings.Split(vi, "; "); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
			if en == "" || strings.Contains(vi, "hotich") {
				t.Errorf("en %q, vi %q", en, vi)
			}
		})
	}
}

// Each form error names the box to fix, in words and in Field.
func TestQueueConfigErrorsNameTheField(t *testing.T) {
	cases := []struct {
		change      func(c *QueueConfig)
		field, word string
	}{
		{func(c *QueueConfig) { c.Services[0].Name = " " }, "queue.services[0].name", "«Tên dịch vụ»"},
		{func(c *QueueConfig) { c.Services[1].Prefix = "a" }, "queue.services[1].prefix", "«Chữ cái đầu số»"},
		{func(c *QueueConfig) { c.Services[1].Prefix = "A" }, "queue.services[1].prefix", "đã dùng cho dịch vụ khác"},
		{func(c *QueueConfig) { c.Services[2].Examples = strings.Repeat("sao y, ", 30) }, "queue.services[2].examples", "«Ví dụ hiển thị trên kiosk»"},
		{func(c *QueueConfig) { c.Counters[0].Name = "" }, "queue.counters[0].name", "«Tên quầy»"},
		{func(c *QueueConfig) { c.Counters[1].Services = nil }, "queue.counters[1].services", "«Dịch vụ phục vụ»"},
		{func(c *QueueConfig) { h := DefaultHours(); h.Tue = []string{"13:30-11:30"}; c.Hours = &h }, "queue.hours.tue[0]", "Thứ Ba"},
	}
	for _, tc := range cases {
		c := DefaultQueueConfig()
		tc.change(&c)
		err := c.Validate()
		e := ErrorOf(err)
		if e.Code != EINVALID || e.Field != tc.field || !strings.Contains(e.Message, tc.word) {
			t.Errorf("%s: got %v (%q), want field %s saying %s", tc.field, err, e.Message, tc.field, tc.word)
		}
	}
}
