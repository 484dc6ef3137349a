package kiosk

import (
	"fmt"
	"slices"
	"strings"
)

// DescribeQueueChange says in words what changed from old to c, for the audit list:
// "Sửa dịch vụ «Hộ tịch – Chứng thực»: ví dụ; Giờ làm việc Thứ Bảy: 07:30–11:30". Lines
// and counters are named by their names, never by internal ids.
func DescribeQueueChange(old, c QueueConfig) (vi, en string) {
	var v, e []string
	add := func(vi, en string) { v, e = append(v, vi), append(e, en) }

	for _, s := range c.Services {
		o, ok := old.ServiceByID(s.ID)
		if !ok {
			add("Thêm dịch vụ «"+s.Name+"» ("+s.Prefix+")", "Added line "+s.Name+" ("+s.Prefix+")")
			continue
		}
		var what, whatEN []string
		changed := func(differs bool, vi, en string) {
			if differs {
				what, whatEN = append(what, vi), append(whatEN, en)
			}
		}
		changed(o.Name != s.Name || o.NameEN != s.NameEN, "tên", "name")
		changed(o.Prefix != s.Prefix, "chữ cái đầu số "+o.Prefix+" → "+s.Prefix, "prefix "+o.Prefix+" → "+s.Prefix)
		changed(!slices.Equal(o.Fields, s.Fields), "lĩnh vực", "fields")
		changed(o.Examples != s.Examples || o.ExamplesEN != s.ExamplesEN, "ví dụ trên kiosk", "kiosk examples")
		if len(what) > 0 {
			add("Sửa dịch vụ «"+s.Name+"»: "+strings.Join(what, ", "), "Changed line "+s.Name+": "+strings.Join(whatEN, ", "))
		}
	}
	for _, o := range old.Services {
		if _, ok := c.ServiceByID(o.ID); !ok {
			add("Bỏ dịch vụ «"+o.Name+"»", "Removed line "+o.Name)
		}
	}
	ids := func(ss []Service) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = s.ID
		}
		return out
	}
	oldIDs, newIDs := ids(old.Services), ids(c.Services)
	if !slices.Equal(oldIDs, newIDs) && slices.Equal(slices.Sorted(slices.Values(oldIDs)), slices.Sorted(slices.Values(newIDs))) {
		add("Đổi thứ tự các dịch vụ trên kiosk", "Reordered the lines")
	}

	lineNames := func(ids []string) string {
		names := make([]string, len(ids))
		for i, id := range ids {
			names[i] = id
			if s, ok := c.ServiceByID(id); ok {
				names[i] = s.Name
			}
		}
		return strings.Join(names, ", ")
	}
	for _, k := range c.Counters {
		o, ok := old.CounterByID(k.ID)
		switch {
		case !ok:
			add("Thêm quầy «"+k.Name+"» phục vụ "+lineNames(k.Services), "Added counter "+k.Name)
		case o.Name != k.Name:
			add("Đổi tên quầy «"+o.Name+"» thành «"+k.Name+"»", "Renamed counter "+o.Name+" to "+k.Name)
		}
		if ok && !slices.Equal(o.Services, k.Services) {
			add("Quầy «"+k.Name+"» phục vụ: "+lineNames(k.Services), "Counter "+k.Name+" now serves: "+strings.Join(k.Services, ", "))
		}
	}
	for _, o := range old.Counters {
		if _, ok := c.CounterByID(o.ID); !ok {
			add("Bỏ quầy «"+o.Name+"»", "Removed counter "+o.Name)
		}
	}

	oh, nh := old.OpeningHours(), c.OpeningHours()
	od, nd := oh.days(), nh.days()
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		if slices.Equal(od[d], nd[d]) {
			continue
		}
		sessions, sessionsEN := "nghỉ", "closed"
		if len(nd[d]) > 0 {
			sessions = strings.ReplaceAll(strings.Join(nd[d], ", "), "-", "–")
			sessionsEN = sessions
		}
		add("Giờ làm việc "+weekdays[d].vi+": "+sessions, weekdays[d].en+" hours: "+sessionsEN)
	}

	if old.IssueCutoffMinutes != c.IssueCutoffMinutes {
		add(fmt.Sprintf("Ngừng cấp số %d phút trước giờ đóng cửa", c.IssueCutoffMinutes), fmt.Sprintf("Issuing closes %d minutes before closing", c.IssueCutoffMinutes))
	}
	if old.Policy != c.Policy || (c.Policy == PolicyInterleave && old.PriorityEvery != c.PriorityEvery) {
		vi, en := "ưu tiên tuyệt đối", "strict"
		if c.Policy == PolicyInterleave {
			vi, en = fmt.Sprintf("xen kẽ, 1 số ưu tiên sau mỗi %d số thường", c.PriorityEvery), fmt.Sprintf("interleave every %d", c.PriorityEvery)
		}
		add("Cách ưu tiên: "+vi, "Priority policy: "+en)
	}
	if !slices.Equal(old.Priorities, c.Priorities) {
		add("Sửa danh sách đối tượng ưu tiên", "Changed the priority groups")
	}
	if old.ServiceMinutes != c.ServiceMinutes {
		add(fmt.Sprintf("Số phút ước tính mỗi lượt: %d", c.ServiceMinutes), fmt.Sprintf("Minutes per ticket: %d", c.ServiceMinutes))
	}
	if len(v) == 0 {
		return "Lưu cấu hình hàng chờ (không có thay đổi)", "Saved the queue settings (no change)"
	}
	return strings.Join(v, "; "), strings.Join(e, "; ")
}
