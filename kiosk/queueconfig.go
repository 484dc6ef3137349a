package kiosk

import (
	"context"
	"fmt"
	"regexp"
	"time"
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
	// Opens and Closes bound when numbers are issued ("07:00", "17:00", local time); an
	// empty Closes issues numbers at any hour.
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
	// DemoStaff seeds demo clerks with known PINs on an empty database (docs/api.md lists
	// them). Set false on a real kiosk; staff then come from the province's staff bundle.
	DemoStaff bool `json:"demo_staff"`
	// ServiceMinutes is the assumed minutes per ticket before there is history to measure.
	ServiceMinutes int `json:"service_minutes"`
}

// DefaultQueueConfig is a typical commune hall: four lines, three counters.
func DefaultQueueConfig() QueueConfig {
	return QueueConfig{
		Services: []Service{
			{ID: "hotich", Name: "Hộ tịch – Chứng thực", NameEN: "Civil status – Certification", Prefix: "A", Fields: []string{"Hộ tịch", "Chứng thực", "Nuôi con nuôi"}},
			{ID: "datdai", Name: "Đất đai – Xây dựng – Môi trường", NameEN: "Land – Construction – Environment", Prefix: "B", Fields: []string{"Đất đai", "Xây dựng", "Môi trường"}},
			{ID: "xahoi", Name: "Lao động – Người có công – Bảo trợ xã hội", NameEN: "Labour – Veterans – Social support", Prefix: "C", Fields: []string{"Người có công", "Bảo trợ xã hội", "Lao động"}},
			{ID: "khac", Name: "Lĩnh vực khác", NameEN: "Other matters", Prefix: "D"},
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
		Opens:          "07:00",
		Closes:         "17:00",
		DemoStaff:      true,
		ServiceMinutes: 8,
	}
}

var (
	serviceIDPattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	prefixPattern    = regexp.MustCompile(`^[A-Z]{1,2}$`)
)

// Validate reports the first thing in the queue configuration that cannot work.
func (q *QueueConfig) Validate() error {
	if len(q.Services) == 0 {
		return Invalid("queue.services", "Chưa cấu hình dịch vụ xếp hàng nào", "no queue services are configured")
	}
	ids := map[string]bool{}
	prefixes := map[string]bool{}
	for i, s := range q.Services {
		f := fmt.Sprintf("queue.services[%d]", i)
		switch {
		case !serviceIDPattern.MatchString(s.ID):
			return Invalid(f+".id", "Mã dịch vụ chỉ gồm chữ thường không dấu, số, - và _", "service id must be lowercase ASCII letters, digits, - or _")
		case ids[s.ID]:
			return Invalid(f+".id", "Mã dịch vụ "+s.ID+" bị trùng", "duplicate service id "+s.ID)
		case !prefixPattern.MatchString(s.Prefix):
			return Invalid(f+".prefix", "Chữ cái đầu số của dịch vụ "+s.ID+" phải là 1–2 chữ in hoa A–Z", "prefix must be 1–2 capital letters")
		case prefixes[s.Prefix]:
			return Invalid(f+".prefix", "Chữ cái đầu số "+s.Prefix+" bị trùng", "duplicate prefix "+s.Prefix)
		case s.Name == "":
			return Invalid(f+".name", "Dịch vụ "+s.ID+" chưa có tên", "service has no name")
		}
		ids[s.ID], prefixes[s.Prefix] = true, true
	}
	if len(q.Counters) == 0 {
		return Invalid("queue.counters", "Chưa cấu hình quầy nào", "no counters are configured")
	}
	counters := map[int]bool{}
	for i, c := range q.Counters {
		f := fmt.Sprintf("queue.counters[%d]", i)
		if c.ID <= 0 || counters[c.ID] {
			return Invalid(f+".id", fmt.Sprintf("Số quầy %d không hợp lệ hoặc bị trùng", c.ID), "counter id must be positive and unique")
		}
		counters[c.ID] = true
		if len(c.Services) == 0 {
			return Invalid(f+".services", fmt.Sprintf("Quầy %d chưa phục vụ dịch vụ nào", c.ID), "counter serves no service")
		}
		for _, s := range c.Services {
			if !ids[s] {
				return Invalid(f+".services", fmt.Sprintf("Quầy %d phục vụ dịch vụ không có: %s", c.ID, s), "counter serves an unknown service "+s)
			}
		}
	}
	if q.Policy != PolicyStrict && q.Policy != PolicyInterleave {
		return Invalid("queue.policy", "Chính sách ưu tiên phải là strict hoặc interleave", "policy must be strict or interleave")
	}
	if q.Policy == PolicyInterleave && q.PriorityEvery < 1 {
		return Invalid("queue.priority_every", "priority_every phải từ 1 trở lên", "priority_every must be at least 1")
	}
	for _, h := range []struct{ f, v string }{{"queue.opens", q.Opens}, {"queue.closes", q.Closes}} {
		if h.v == "" {
			continue
		}
		if _, err := time.Parse("15:04", h.v); err != nil {
			return Invalid(h.f, "Giờ phải có dạng HH:MM, ví dụ 07:00", "time must be HH:MM")
		}
	}
	if q.ServiceMinutes < 1 {
		return Invalid("queue.service_minutes", "service_minutes phải từ 1 trở lên", "service_minutes must be at least 1")
	}
	return nil
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

// IsOpen reports whether numbers may be issued at t.
func (q *QueueConfig) IsOpen(t time.Time) bool {
	if q.Closes == "" {
		return true
	}
	hm := t.In(Zone).Format("15:04")
	return hm >= q.Opens && hm < q.Closes
}

// QueueAdmin changes the hall's queue configuration at run time (admins only). SetConfig
// returns EINVALID naming the setting at fault and changes nothing then.
type QueueAdmin interface {
	QueueConfig(ctx context.Context) (QueueConfig, error)
	SetConfig(ctx context.Context, c QueueConfig) error
}
