package kiosk

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// QueueConfig is the hall's queue: its lines, counters, hours and priority rules. The
// config file's "queue" key; a province may push it in the configuration bundle.
type QueueConfig struct {
	Services   []Service          `json:"services"`
	Counters   []Counter          `json:"counters"`
	Priorities []PriorityCategory `json:"priorities"`
	// Policy is "strict" (priority tickets always first) or "interleave" (one priority
	// ticket after every PriorityEvery ordinary ones).
	Policy        string `json:"policy"`
	PriorityEvery int    `json:"priority_every"`
	// Hours is the working week: numbers are issued only inside its sessions (see Hours).
	// Absent: DefaultHours. It replaces the whole week, so a file that sets it lists
	// every day the desk opens.
	Hours *Hours `json:"hours,omitempty"`
	// Opens and Closes are the older way to give hours, still read so an older config file
	// loads unchanged: one span ("07:00", "17:00") every day of the week, and an empty
	// Closes meant all day. Set Hours or these, not both.
	Opens  string `json:"opens,omitempty"`
	Closes string `json:"closes,omitempty"`
	// IssueCutoffMinutes closes the day's issuing of numbers this many minutes before the
	// day's last session ends (giờ ngừng cấp số), so the clerks can serve everyone holding
	// a number before closing. 0 issues until closing; at most 240.
	IssueCutoffMinutes int `json:"issue_cutoff_minutes,omitempty"`
	// DemoStaff is no longer read: demo staff come with demo mode (Config.Demo) alone, so a
	// kiosk is safe by default. It is still accepted, so older config files, saved queue
	// configurations and bundles that carry it load unchanged; the kiosk logs that it is
	// ignored.
	DemoStaff *bool `json:"demo_staff,omitempty"`
	// ServiceMinutes is the assumed minutes per ticket before there is history to measure.
	ServiceMinutes int `json:"service_minutes"`
	// RatingScale is the rating pad's levels: 3 (Rất hài lòng / Hài lòng / Không hài lòng,
	// the default when absent) or 5 where the province collects five (RatingLevels).
	RatingScale int `json:"rating_scale,omitempty"`
	// RatingAssessment turns on the nine-indicator assessment of each returned dossier
	// (kiosk.Assessment): the pad asks its questions after the faces, the kiosk takes it
	// from the receipt's QR, reports show its averages. Off by default; a province sets it
	// in the config bundle.
	RatingAssessment bool `json:"rating_assessment,omitempty"`
}

// DefaultQueueConfig is a typical commune hall: four lines, three counters.
func DefaultQueueConfig() QueueConfig {
	return QueueConfig{
		Services: []Service{
			{ID: "hotich", Name: "Hộ tịch – Chứng thực", NameEN: "Civil status – Certification", Prefix: "A", Fields: []string{"Hộ tịch", "Chứng thực", "Nuôi con nuôi"},
				Examples: "khai sinh, kết hôn, khai tử, sao y, chứng thực chữ ký…", ExamplesEN: "birth, marriage, death, certified copies, signatures…"},
			{ID: "datdai", Name: "Đất đai – Xây dựng – Môi trường", NameEN: "Land – Construction – Environment", Prefix: "B", Fields: []string{"Đất đai", "Xây dựng", "Môi trường"},
				Examples: "sổ đỏ, tách thửa, giấy phép xây dựng…", ExamplesEN: "land titles, plot splits, building permits…"},
			{ID: "xahoi", Name: "Lao động – Người có công – Bảo trợ xã hội", NameEN: "Labour – Veterans – Social support", Prefix: "C", Fields: []string{"Người có công", "Bảo trợ xã hội", "Lao động"},
				Examples: "trợ cấp, người có công, hộ nghèo, bảo hiểm y tế…", ExamplesEN: "allowances, veterans, poor households, health insurance…"},
			{ID: "khac", Name: "Lĩnh vực khác", NameEN: "Other matters", Prefix: "D",
				Examples: "hỏi đáp, nộp bổ sung, nhận kết quả…", ExamplesEN: "questions, adding papers, collecting results…"},
		},
		Counters: []Counter{
			{ID: 1, Name: "Quầy 1", Services: []string{"hotich", "khac"}},
			{ID: 2, Name: "Quầy 2", Services: []string{"datdai", "khac"}},
			{ID: 3, Name: "Quầy 3", Services: []string{"xahoi", "hotich", "khac"}},
		},
		Priorities: []PriorityCategory{
			{ID: "elderly", Name: "Người cao tuổi", NameEN: "Elderly person"},
			{ID: "disabled", Name: "Người khuyết tật", NameEN: "Person with a disability"},
			{ID: "pregnant", Name: "Phụ nữ mang thai", NameEN: "Pregnant woman"},
			{ID: "child", Name: "Người đi cùng trẻ nhỏ dưới 36 tháng", NameEN: "With a child under 36 months"},
			{ID: "merit", Name: "Người có công với cách mạng", NameEN: "Person of merit to the revolution"},
		},
		Policy:         PolicyStrict,
		PriorityEvery:  3,
		ServiceMinutes: 8,
	}
}

var (
	serviceIDPattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	prefixPattern    = regexp.MustCompile(`^[A-Z]{1,2}$`)
)

// Limits on the words a commune types into its queue settings: long enough for any real
// name, short enough for a kiosk tile and a ticket.
const (
	maxLineName     = 80  // runes in a line's or a counter's name
	maxLineExamples = 160 // runes in a line's everyday examples
)

// Validate reports the first thing in the queue configuration that cannot work. Its
// messages name the setting as the admin page labels it (and Field the JSON path), so a
// person filling the form sees which box to fix.
func (q *QueueConfig) Validate() error {
	if len(q.Services) == 0 {
		return Invalid("queue.services", "Chưa có dịch vụ (hàng chờ) nào: cần ít nhất một", "no queue lines are configured")
	}
	ids := map[string]bool{}
	prefixes := map[string]bool{}
	for i, s := range q.Services {
		if err := s.validate(fmt.Sprintf("queue.services[%d]", i), i, ids, prefixes); err != nil {
			return err
		}
		ids[s.ID], prefixes[s.Prefix] = true, true
	}
	if len(q.Counters) == 0 {
		return Invalid("queue.counters", "Chưa có quầy nào: cần ít nhất một", "no counters are configured")
	}
	counters := map[int]bool{}
	for i, c := range q.Counters {
		f := fmt.Sprintf("queue.counters[%d]", i)
		if c.ID <= 0 || counters[c.ID] {
			return Invalid(f+".id", fmt.Sprintf("Quầy thứ %d: «Số quầy» %d không hợp lệ hoặc bị trùng", i+1, c.ID), "counter id must be positive and unique")
		}
		counters[c.ID] = true
		switch n := utf8.RuneCountInString(strings.TrimSpace(c.Name)); {
		case n == 0:
			return Invalid(f+".name", fmt.Sprintf("Quầy số %d: chưa có «Tên quầy»", c.ID), fmt.Sprintf("counter %d has no name", c.ID))
		case n > maxLineName:
			return Invalid(f+".name", fmt.Sprintf("Quầy số %d: «Tên quầy» dài quá %d ký tự", c.ID, maxLineName), fmt.Sprintf("counter %d: name over %d characters", c.ID, maxLineName))
		}
		if len(c.Services) == 0 {
			return Invalid(f+".services", fmt.Sprintf("%s: chưa chọn «Dịch vụ phục vụ» nào", c.Name), fmt.Sprintf("counter %d serves no line", c.ID))
		}
		for _, s := range c.Services {
			if !ids[s] {
				return Invalid(f+".services", fmt.Sprintf("%s: «Dịch vụ phục vụ» có một dịch vụ không tồn tại (%s)", c.Name, s), "counter serves an unknown line "+s)
			}
		}
	}
	if q.Policy != PolicyStrict && q.Policy != PolicyInterleave {
		return Invalid("queue.policy", "«Cách ưu tiên» phải là ưu tiên tuyệt đối (strict) hoặc xen kẽ (interleave)", "policy must be strict or interleave")
	}
	if q.Policy == PolicyInterleave && q.PriorityEvery < 1 {
		return Invalid("queue.priority_every", "«Gọi 1 số ưu tiên sau mỗi … số thường» phải từ 1 trở lên", "priority_every must be at least 1")
	}
	if err := q.validateHours(); err != nil {
		return err
	}
	if q.IssueCutoffMinutes < 0 || q.IssueCutoffMinutes > 240 {
		return Invalid("queue.issue_cutoff_minutes", "«Ngừng cấp số trước giờ đóng cửa (phút)» phải từ 0 đến 240", "issue_cutoff_minutes must be 0 to 240")
	}
	if q.RatingScale != 0 && q.RatingScale != RatingScale3 && q.RatingScale != RatingScale5 {
		return Invalid("queue.rating_scale", "Thang đánh giá phải là 3 hoặc 5 mức", "rating_scale must be 3 or 5")
	}
	if q.ServiceMinutes < 1 {
		return Invalid("queue.service_minutes", "«Số phút ước tính cho mỗi lượt» phải từ 1 trở lên", "service_minutes must be at least 1")
	}
	return nil
}

// validate checks the i-th line against the ids and prefixes of the lines before it.
func (s Service) validate(f string, i int, ids, prefixes map[string]bool) error {
	which := fmt.Sprintf("Dịch vụ thứ %d", i+1)
	if s.Name != "" {
		which = "Dịch vụ «" + s.Name + "»"
	}
	name := utf8.RuneCountInString(strings.TrimSpace(s.Name))
	switch {
	case !serviceIDPattern.MatchString(s.ID):
		return Invalid(f+".id", which+": «Mã» chỉ gồm chữ thường không dấu, số, - và _", "line id must be lowercase ASCII letters, digits, - or _")
	case ids[s.ID]:
		return Invalid(f+".id", which+": «Mã» "+s.ID+" bị trùng với dịch vụ khác", "duplicate line id "+s.ID)
	case name == 0:
		return Invalid(f+".name", which+": chưa có «Tên dịch vụ»", "the line has no name")
	case name > maxLineName:
		return Invalid(f+".name", fmt.Sprintf("%s: «Tên dịch vụ» dài quá %d ký tự", which, maxLineName), fmt.Sprintf("line name over %d characters", maxLineName))
	case !prefixPattern.MatchString(s.Prefix):
		return Invalid(f+".prefix", which+": «Chữ cái đầu số» phải là 1–2 chữ in hoa A–Z", "prefix must be 1–2 capital letters")
	case prefixes[s.Prefix]:
		return Invalid(f+".prefix", which+": «Chữ cái đầu số» "+s.Prefix+" đã dùng cho dịch vụ khác", "duplicate prefix "+s.Prefix)
	case utf8.RuneCountInString(s.Examples) > maxLineExamples:
		return Invalid(f+".examples", fmt.Sprintf("%s: «Ví dụ hiển thị trên kiosk» dài quá %d ký tự", which, maxLineExamples), fmt.Sprintf("examples over %d characters", maxLineExamples))
	case utf8.RuneCountInString(s.ExamplesEN) > maxLineExamples:
		return Invalid(f+".examples_en", fmt.Sprintf("%s: «Ví dụ (tiếng Anh)» dài quá %d ký tự", which, maxLineExamples), fmt.Sprintf("English examples over %d characters", maxLineExamples))
	}
	for j, field := range s.Fields {
		if strings.TrimSpace(field) == "" {
			return Invalid(fmt.Sprintf("%s.fields[%d]", f, j), which+": «Lĩnh vực» có một dòng trống", "empty field name")
		}
	}
	return nil
}

// ServiceForField returns the id of the line that handles a procedure of field (lĩnh vực):
// the first line listing it, else the last line, the catch-all (as the kiosk routes a
// procedure page's "Lấy số"). "" when there are no lines.
func (q *QueueConfig) ServiceForField(field string) string {
	for _, s := range q.Services {
		for _, f := range s.Fields {
			if f == field {
				return s.ID
			}
		}
	}
	if len(q.Services) == 0 {
		return ""
	}
	return q.Services[len(q.Services)-1].ID
}

// ServiceByID returns the service with id.
func (q *QueueConfig) ServiceByID(id string) (Service, bool) {
	for _, s := range q.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// CounterByID returns the counter with id.
func (q *QueueConfig) CounterByID(id int) (Counter, bool) {
	for _, c := range q.Counters {
		if c.ID == id {
			return c, true
		}
	}
	return Counter{}, false
}

func (q *QueueConfig) validateHours() error {
	if q.Hours != nil {
		if q.Opens != "" || q.Closes != "" {
			return Invalid("queue.opens", "Đã có queue.hours (giờ làm việc từng ngày); xin bỏ queue.opens và queue.closes (cách ghi cũ)",
				"queue.hours is set; remove the older queue.opens and queue.closes")
		}
		return q.Hours.Validate("queue.hours")
	}
	for _, h := range []struct{ f, v string }{{"queue.opens", q.Opens}, {"queue.closes", q.Closes}} {
		if _, ok := parseClockMinute(h.v, h.f == "queue.closes"); h.v != "" && !ok {
			return Invalid(h.f, "Giờ phải có dạng HH:MM, ví dụ 07:00", "time must be HH:MM")
		}
	}
	week := q.OpeningHours()
	if err := week.Validate("queue"); err != nil {
		return Invalid("queue.opens", "Giờ mở cửa (queue.opens) phải trước giờ đóng cửa (queue.closes)", "queue.opens must come before queue.closes")
	}
	return nil
}

// OpeningHours returns the working week in force: Hours, else the older Opens–Closes span
// every day, else DefaultHours.
func (q *QueueConfig) OpeningHours() Hours {
	switch {
	case q.Hours != nil:
		return *q.Hours
	case q.Closes == "" && q.Opens == "":
		return DefaultHours()
	case q.Closes == "":
		return AlwaysOpen() // as the older rule had it, whatever Opens said
	}
	opens := q.Opens
	if opens == "" {
		opens = "00:00"
	}
	day := func() []string { return []string{opens + "-" + q.Closes} }
	return Hours{Mon: day(), Tue: day(), Wed: day(), Thu: day(), Fri: day(), Sat: day(), Sun: day()}
}

// HoursAt says whether numbers may be issued at t, with the hours to show either way: the
// opening hours with each day's issuing closed IssueCutoffMinutes before its end.
func (q *QueueConfig) HoursAt(t time.Time) HoursStatus {
	return q.OpeningHours().CutOff(q.IssueCutoffMinutes).At(t)
}

// QueueAdmin changes the hall's queue configuration at run time (admins only). SetConfig
// returns EINVALID naming the setting at fault and changes nothing then.
type QueueAdmin interface {
	QueueConfig(ctx context.Context) (QueueConfig, error)
	SetConfig(ctx context.Context, c QueueConfig) error
}

// ApplyConfigBundle applies the province's "config" bundle through admin: the hall's queue
// configuration, in the form PUT /api/v1/admin/queue takes it. A bad payload or a bad
// setting is EINVALID and changes nothing. The audit list names the province as who made
// the change.
func ApplyConfigBundle(ctx context.Context, admin QueueAdmin, payload []byte) error {
	var c QueueConfig
	if err := DecodePayload(payload, &c); err != nil {
		return err
	}
	return admin.SetConfig(WithActor(ctx, ActorProvince), c)
}
