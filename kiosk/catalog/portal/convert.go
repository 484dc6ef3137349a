package portal

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/motcua/motcua/kiosk"
	"golang.org/x/text/unicode/norm"
)

// Converted is one record turned into a procedure, with its field and what the converter
// changed or left out on the way (each a sentence for the report).
type Converted struct {
	Procedure kiosk.Procedure
	Field     kiosk.Field
	Warnings  []string
}

// Convert turns one record file's bytes into a procedure, or refuses it with an error
// saying why. It never panics: a record that trips an unforeseen case is refused.
func Convert(data []byte) (c Converted, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the converter could not read this record (%v)", p)
		}
	}()
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return c, fmt.Errorf("not a portal record: %w", err)
	}
	if env.Data == nil {
		return c, errors.New(`not a portal record: no "data" object`)
	}
	return convert(env.Data)
}

var channels = map[string]string{"DIRECT": kiosk.ChannelDirect, "ONLINE": kiosk.ChannelOnline, "POSTAL": kiosk.ChannelPost}

var unitWords = map[string]string{"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "MONTH": "tháng"}

var feeWords = map[string]string{"FEE": "Phí", "SERVICE_FEE": "Lệ phí", "PRICE_LEVEL": "Mức giá"}

func convert(r *record) (Converted, error) {
	var c Converted
	p := &c.Procedure
	p.Code = clean(r.Code)
	p.Name = clean(r.Name)
	if p.Code == "" {
		return c, errors.New("the record has no procedure code")
	}
	if p.Name == "" {
		return c, errors.New("the record has no procedure name")
	}
	switch {
	case r.Category != nil && clean(r.Category.Name) != "":
		c.Field = kiosk.Field{Name: clean(r.Category.Name), Code: clean(r.Category.Code)}
	case len(r.CategoriesDetails) > 0 && clean(r.CategoriesDetails[0].Name) != "":
		c.Field = kiosk.Field{Name: clean(r.CategoriesDetails[0].Name), Code: clean(r.CategoriesDetails[0].Code)}
	default:
		return c, errors.New("the record names no field (category)")
	}
	p.Field = c.Field.Name

	var levels []string
	for _, l := range []struct {
		on   bool
		name string
	}{{r.IsWard, "Cấp xã"}, {r.IsProvince, "Cấp tỉnh"}, {r.IsMinistry, "Cấp bộ"}} {
		if l.on {
			levels = append(levels, l.name)
		}
	}
	p.Level = strings.Join(levels, ", ")
	p.Agency = strings.Join(unique(names(r.UnitGroupsExecuting), names(r.DepartmentsExecuting), []string{clean(r.ExecutingAgencies)}), "; ")
	p.Targets = unique(names(r.SubjectTypesDetails))
	p.Result = strings.Join(unique(names(r.ResultsDetails)), "; ")
	for _, lb := range r.LegalBasisesDetails {
		if s := firstNonEmpty(clean(lb.Name), clean(lb.Code)); s != "" {
			p.LegalBasis = append(p.LegalBasis, s)
		}
	}
	p.Requirements = clean(r.RequirementsAndConditions)
	p.Address = clean(r.DossierReceivingAddresses)
	for _, k := range strings.Split(r.Keywords, ",") {
		if k = clean(k); k != "" {
			p.Keywords = append(p.Keywords, k)
		}
	}
	if r.ID != "" {
		p.Source = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/" + r.ID
	}

	p.Steps = []string{}
	for _, s := range r.ExecutionSteps {
		name, desc := clean(s.Name), clean(s.Description)
		switch {
		case name != "" && desc != "":
			p.Steps = append(p.Steps, name+": "+desc)
		case name+desc != "":
			p.Steps = append(p.Steps, name+desc)
		}
	}

	// The cases' processing day is the fallback when a channel's unit is OTHER.
	var caseDays *float64
	for _, cs := range r.Cases {
		if cs.ProcessingDay != nil && cs.ProcessingDay.Type == "WORKING_DAY" {
			if v, ok := number(cs.ProcessingDay.Qty); ok && v >= 0 {
				caseDays = &v
				break
			}
		}
	}
	p.Methods = []kiosk.Method{}
	direct := -1
	for i, m := range r.ExecutionMethods {
		ch, ok := channels[m.SubmissionMethod]
		if !ok {
			return c, fmt.Errorf("executionMethods[%d]: unknown submission method %q", i, m.SubmissionMethod)
		}
		km := kiosk.Method{Channel: ch, ProcessingTime: processingTime(m.ProcessingTime, m.ProcessingTimeUnit, m.Description, caseDays)}
		for _, f := range m.Fees {
			km.Fees = append(km.Fees, convertFee(f))
		}
		if ch == kiosk.ChannelDirect && direct < 0 {
			direct = len(p.Methods)
		}
		p.Methods = append(p.Methods, km)
	}
	// The kiosk is the direct channel: its time and fee are what the villager meets.
	switch {
	case direct >= 0:
		p.ProcessingTime = p.Methods[direct].ProcessingTime
		p.Fee = procedureFee(p.Methods[direct].Fees, r.Fees)
	case len(p.Methods) > 0:
		p.ProcessingTime = p.Methods[0].ProcessingTime
		p.Fee = procedureFee(p.Methods[0].Fees, r.Fees)
		c.Warnings = append(c.Warnings, "no direct channel; time and fee taken from "+p.Methods[0].Channel)
	default:
		p.ProcessingTime = kiosk.ProcessingTime{WorkingDays: caseDays}
		if caseDays != nil {
			p.ProcessingTime.Text = formatNumber(*caseDays) + " ngày làm việc"
		}
		p.Fee = procedureFee(nil, r.Fees)
		c.Warnings = append(c.Warnings, "no execution methods")
	}

	p.Documents = []kiosk.Document{}
	add := func(caseName string, comps []component, where string) error {
		caseName = strings.TrimSuffix(strings.TrimSpace(strings.TrimLeft(clean(caseName), "*-+• ")), ":")
		for i, comp := range comps {
			d, skip, err := document(comp)
			if err != nil {
				return fmt.Errorf("%s document %d: %w", where, i, err)
			}
			if skip {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s document %d has no name, no counts and no form: left out", where, i))
				continue
			}
			d.Case = caseName
			p.Documents = append(p.Documents, d)
		}
		return nil
	}
	for i, ec := range r.ExecutionCases {
		if err := add(ec.Name, ec.ProfileComponents, fmt.Sprintf("executionCases[%d]", i)); err != nil {
			return c, err
		}
	}
	if err := add("", r.ProfileComponents, "profileComponents"); err != nil {
		return c, err
	}
	for i, cs := range r.Cases {
		if err := add(cs.Name, cs.ProfileComponents, fmt.Sprintf("cases[%d]", i)); err != nil {
			return c, err
		}
	}
	for _, d := range p.Documents {
		if d.Form != "" {
			p.Forms = append(p.Forms, d.Form)
		}
	}
	p.Forms = unique(p.Forms)
	if err := p.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

// document converts one profile component. A row with no name, no counts and no form is
// an empty line of the portal's table (skip); one with counts but no name is refused.
func document(comp component) (d kiosk.Document, skip bool, err error) {
	d.Name = strings.TrimSpace(strings.TrimLeft(clean(comp.Name), "-+•"))
	if d.Original, err = count(comp.OriginalQty); err != nil {
		return d, false, fmt.Errorf("originals: %w", err)
	}
	if d.Copy, err = count(comp.CopyQty); err != nil {
		return d, false, fmt.Errorf("copies: %w", err)
	}
	var files []struct {
		FileName string `json:"fileName"`
	}
	if len(comp.Attachments) > 0 && string(comp.Attachments) != "null" {
		if err := json.Unmarshal(comp.Attachments, &files); err != nil {
			return d, false, fmt.Errorf("attachments are not a list of files: %w", err)
		}
	}
	var forms []string
	for _, f := range files {
		if n := clean(f.FileName); n != "" {
			forms = append(forms, n)
		}
	}
	d.Form = strings.Join(forms, "; ")
	if d.Name == "" {
		switch {
		case d.Form != "":
			d.Name = "Mẫu " + d.Form
		case d.Original == 0 && d.Copy == 0:
			return d, true, nil
		default:
			return d, false, fmt.Errorf("a document with %d original(s) and %d copy(ies) has no name", d.Original, d.Copy)
		}
	}
	return d, false, nil
}

func count(v any) (int, error) {
	if v == nil {
		return 0, nil
	}
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || f < 0 || f > 99 {
		return 0, fmt.Errorf("%v is not a whole number from 0 to 99", v)
	}
	return int(f), nil
}

func processingTime(v any, unit, description string, caseDays *float64) kiosk.ProcessingTime {
	var pt kiosk.ProcessingTime
	var parts []string
	n, isNumber := number(v)
	switch {
	case !isNumber:
		if s, ok := v.(string); ok && clean(s) != "" {
			parts = append(parts, clean(s))
		}
	case n < 0:
	case unit == "WORKING_DAY":
		pt.WorkingDays = &n
		parts = append(parts, formatNumber(n)+" ngày làm việc")
	case unitWords[unit] != "":
		parts = append(parts, formatNumber(n)+" "+unitWords[unit])
	case caseDays != nil:
		// OTHER: the portal's cases give the same time in working days.
		pt.WorkingDays = caseDays
		parts = append(parts, formatNumber(*caseDays)+" ngày làm việc")
	default:
		parts = append(parts, formatNumber(n)+" (cổng không ghi đơn vị)")
	}
	if d := clean(description); d != "" {
		parts = append(parts, d)
	}
	pt.Text = strings.Join(parts, ". ")
	return pt
}

func convertFee(f fee) kiosk.Fee {
	var kf kiosk.Fee
	label := feeWords[f.Type]
	if label == "" {
		label = "Phí, lệ phí"
	}
	text := label
	if v, ok := number(f.Value); ok && v >= 0 && v == math.Trunc(v) && v < 1e12 {
		amount := int64(v)
		kf.AmountVND = &amount
		text += ": " + formatVND(amount)
	}
	if d := clean(f.Description); d != "" {
		text += ". " + d
	}
	kf.Text = text
	return kf
}

// procedureFee sums up a channel's fees as one: the amount when every fee is free or there
// is exactly one with an amount, and all the texts, exemptions included.
func procedureFee(fees []kiosk.Fee, portalFees []fee) kiosk.Fee {
	if len(fees) == 0 {
		for _, f := range portalFees {
			fees = append(fees, convertFee(f))
		}
	}
	if len(fees) == 0 {
		return kiosk.Fee{Text: "Cổng Dịch vụ công quốc gia không ghi phí, lệ phí cho thủ tục này."}
	}
	var out kiosk.Fee
	var texts []string
	allZero, allKnown := true, true
	for _, f := range fees {
		texts = append(texts, f.Text)
		if f.AmountVND == nil {
			allKnown = false
		} else if *f.AmountVND != 0 {
			allZero = false
		}
	}
	switch {
	case allKnown && allZero:
		zero := int64(0)
		out.AmountVND = &zero
	case allKnown && len(fees) == 1:
		out.AmountVND = fees[0].AmountVND
	}
	out.Text = strings.Join(unique(texts), "\n")
	return out
}

// number reads a JSON number, or a string holding one ("1", "7,5").
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(x), ",", "."), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

func formatNumber(f float64) string {
	return strings.ReplaceAll(strconv.FormatFloat(f, 'f', -1, 64), ".", ",")
}

// formatVND writes 8000 as "8.000 đồng", the Vietnamese way.
func formatVND(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đồng"
}

// clean puts text as the portal wrote it into NFC, trims every line, squeezes runs of
// spaces and drops empty lines; the "\n" bullet lists stay.
func clean(s string) string {
	if s == "" {
		return ""
	}
	s = norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n"))
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.Join(strings.FieldsFunc(l, unicode.IsSpace), " ")
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func names(ns []named) []string {
	var out []string
	for _, n := range ns {
		out = append(out, clean(n.Name))
	}
	return out
}

// unique joins lists, dropping empty and repeated entries, keeping first-seen order.
func unique(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
