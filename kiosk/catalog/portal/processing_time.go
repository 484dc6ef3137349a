package portal

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// units maps the portal's processingTimeUnit (and cases' processingDay.type) to the
// kiosk's unit and its Vietnamese word. An empty unit is read as OTHER.
var units = map[string]struct{ unit, word string }{
	"WORKING_DAY": {kiosk.UnitWorkingDay, "ngày làm việc"},
	"DAY":         {kiosk.UnitDay, "ngày"},
	"HOUR":        {kiosk.UnitHour, "giờ"},
	"MONTH":       {kiosk.UnitMonth, "tháng"},
	"OTHER":       {kiosk.UnitOther, "(đơn vị khác)"},
	"":            {kiosk.UnitOther, "(đơn vị khác)"},
}

// processingTime keeps the time as the portal gives it: the value in its own unit (30 DAY
// stays 30 calendar days), working days only when the unit is working days, and the text.
// The value is a number, a numeric string, or a sentence ("Theo mô tả", "Không quá 15 ngày
// …"), which becomes the text alone.
func processingTime(v any, unit, description string) (kiosk.ProcessingTime, error) {
	var pt kiosk.ProcessingTime
	u, ok := units[unit]
	if !ok {
		return pt, fmt.Errorf("unknown processing time unit %q", unit)
	}
	var parts []string
	if n, isNumber := number(v); isNumber && n >= 0 && n <= 100000 {
		pt.Value, pt.Unit = &n, u.unit
		if u.unit == kiosk.UnitWorkingDay {
			pt.WorkingDays = &n
		}
		parts = append(parts, formatNumber(n)+" "+u.word)
	} else if s, ok := v.(string); ok && clean(s) != "" {
		parts = append(parts, clean(s))
	}
	if d := clean(description); d != "" {
		parts = append(parts, d)
	}
	pt.Text = strings.Join(parts, ". ")
	return pt, nil
}

// caseTimes are the cases' own processing times (cases[].processingDay), each in its unit,
// leaving out those that repeat the procedure's time. The portal often names a case after
// the procedure itself; such a case gets no name.
func caseTimes(r *record, p *kiosk.Procedure) ([]kiosk.CaseTime, error) {
	var out []kiosk.CaseTime
	seen := map[string]bool{}
	for i, cs := range r.Cases {
		if cs.ProcessingDay == nil {
			continue
		}
		pt, err := processingTime(cs.ProcessingDay.Qty, cs.ProcessingDay.Type, "")
		if err != nil {
			return nil, fmt.Errorf("cases[%d]: %w", i, err)
		}
		name := caseName(cs.Name)
		if squash(name) == squash(p.Name) {
			name = ""
		}
		key := name + "\x00" + pt.Text
		if pt.Text == "" || seen[key] || (name == "" && sameTime(pt, p.ProcessingTime)) {
			continue
		}
		seen[key] = true
		out = append(out, kiosk.CaseTime{Case: name, ProcessingTime: pt})
	}
	return out, nil
}

// sameTime tells whether two times say the same amount in the same unit.
func sameTime(a, b kiosk.ProcessingTime) bool {
	if a.Value == nil || b.Value == nil {
		return a.Value == b.Value && a.Text == b.Text
	}
	return *a.Value == *b.Value && a.Unit == b.Unit
}

// caseName is a trường hợp's name without the bullet and colon the portal writes around it
// ("* Giấy tờ phải nộp:").
func caseName(s string) string {
	return strings.TrimSuffix(strings.TrimSpace(strings.TrimLeft(clean(s), "*-+• ")), ":")
}
