package portal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/kiosk"
)

// MaxRecordBytes bounds one record file: 27 times the largest of the 402 real records
// (150 KB). Read stops there, so converting holds memory bounded by this, not by the file:
// a 200 MB file of one JSON string once took 7.6 GB and 34 s before it was refused.
const MaxRecordBytes = 4 << 20

// Converted is one record turned into a procedure, with its field and what the converter
// changed or left out on the way (each a sentence for the report).
type Converted struct {
	Procedure kiosk.Procedure
	Field     kiosk.Field
	Warnings  []string
}

// Read converts the record r holds, reading at most MaxRecordBytes+1 bytes of it: a
// larger record is refused without reading the rest.
func Read(r io.Reader) (Converted, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRecordBytes+1))
	if err != nil {
		return Converted{}, fmt.Errorf("read the record: %w", err)
	}
	return Convert(data)
}

// Convert turns one record file's bytes into a procedure, or refuses it with an error
// saying why. It never panics: a record that trips an unforeseen case is refused.
func Convert(data []byte) (c Converted, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the converter could not read this record (%v)", p)
		}
	}()
	if len(data) > MaxRecordBytes {
		return c, fmt.Errorf("the record is over %d MB, far more than any real portal record: refused unread", MaxRecordBytes>>20)
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return c, fmt.Errorf("not a portal record: %w", err)
	}
	if env.Data == nil {
		return c, errors.New(`not a portal record: no "data" object`)
	}
	// encoding/json reads invalid UTF-8 as U+FFFD without a word: the text would be
	// published with holes in it. Checked after decoding so the error can name the record.
	if !utf8.Valid(data) {
		return c, invalidUTF8(data, env.Data.Code)
	}
	return convert(env.Data)
}

// invalidUTF8 says where the first invalid byte is, with the text before it, so whoever
// fixes the record can find the place.
func invalidUTF8(data []byte, code string) error {
	at := 0
	for at < len(data) {
		r, size := utf8.DecodeRune(data[at:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		at += size
	}
	// The text before it, from where its string began, at most 40 bytes.
	from := max(0, at-40, bytes.LastIndexByte(data[:at], '"')+1)
	before := data[from:at]
	for len(before) > 0 && !utf8.Valid(before) { // cut where a character began
		before = before[1:]
	}
	name := "the record"
	if c := clean(code); c != "" && utf8.ValidString(c) {
		name = "record " + c
	}
	return fmt.Errorf("%s is not valid UTF-8 at byte %d (after %q): refused rather than published with U+FFFD in its text", name, at, before)
}

var channels = map[string]string{"DIRECT": kiosk.ChannelDirect, "ONLINE": kiosk.ChannelOnline, "POSTAL": kiosk.ChannelPost}

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
	p.Agency = strings.Join(agencies(r), "; ")
	p.Targets = unique(names(r.SubjectTypesDetails))
	p.Result = strings.Join(unique(names(r.ResultsDetails)), "; ")
	for _, lb := range r.LegalBasisesDetails {
		if s := firstNonEmpty(clean(lb.Name), clean(lb.Code)); s != "" {
			p.LegalBasis = append(p.LegalBasis, s)
		}
	}
	p.Requirements = clean(r.RequirementsAndConditions)
	p.Address = clean(r.DossierReceivingAddresses)
	p.Note = clean(r.Note)
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
		if t := step(s.Name, s.Description); t != "" {
			p.Steps = append(p.Steps, t)
		}
	}

	p.Methods = []kiosk.Method{}
	direct := -1
	for i, m := range r.ExecutionMethods {
		ch, ok := channels[m.SubmissionMethod]
		if !ok {
			return c, fmt.Errorf("executionMethods[%d]: unknown submission method %q", i, m.SubmissionMethod)
		}
		pt, err := processingTime(m.ProcessingTime, m.ProcessingTimeUnit, m.Description)
		if err != nil {
			return c, fmt.Errorf("executionMethods[%d]: %w", i, err)
		}
		km := kiosk.Method{Channel: ch, ProcessingTime: pt}
		for j, f := range m.Fees {
			kf, err := convertFee(f)
			if err != nil {
				return c, fmt.Errorf("executionMethods[%d] fees[%d]: %w", i, j, err)
			}
			km.Fees = append(km.Fees, kf)
		}
		if ch == kiosk.ChannelDirect && direct < 0 {
			direct = len(p.Methods)
		}
		p.Methods = append(p.Methods, km)
	}
	// The kiosk is the direct channel: its time and fee are what the villager meets.
	var fees []kiosk.Fee
	switch {
	case direct >= 0:
		p.ProcessingTime = p.Methods[direct].ProcessingTime
		fees = p.Methods[direct].Fees
	case len(p.Methods) > 0:
		p.ProcessingTime = p.Methods[0].ProcessingTime
		fees = p.Methods[0].Fees
		c.Warnings = append(c.Warnings, "no direct channel; time and fee taken from "+p.Methods[0].Channel)
	default:
		c.Warnings = append(c.Warnings, "no execution methods")
	}
	var err error
	if p.Fee, err = procedureFee(fees, r.Fees); err != nil {
		return c, err
	}
	// The cases' times are kept beside the procedure's, never in its place: the portal's
	// 1.000080 says 7 (unit "other") for every channel and 12 working days for its case.
	if p.CaseTimes, err = caseTimes(r, p); err != nil {
		return c, err
	}
	if len(p.Methods) == 0 && len(p.CaseTimes) == 1 && p.CaseTimes[0].Case == "" {
		p.ProcessingTime, p.CaseTimes = p.CaseTimes[0].ProcessingTime, nil
	}

	p.Documents = []kiosk.Document{}
	add := func(caseTitle string, comps []component, where string) error {
		caseTitle = caseName(caseTitle)
		for i, comp := range comps {
			d, skip, err := document(comp)
			if err != nil {
				return fmt.Errorf("%s document %d: %w", where, i, err)
			}
			if skip {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s document %d has no name, no counts and no form: left out", where, i))
				continue
			}
			d.Case = caseTitle
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
