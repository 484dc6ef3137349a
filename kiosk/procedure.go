package kiosk

import (
	"fmt"
	"slices"
	"strings"
)

// Procedure is a thủ tục hành chính (TTHC) as the province publishes it: what a villager
// must bring, pay and wait for, and where to hand it in. Text is stored NFC, as written by
// the publisher; nothing is shortened, because a fee text that drops its exemptions
// misleads the people who are exempt.
type Procedure struct {
	Code           string         `json:"code"`                   // mã thủ tục, e.g. 1.001193 or a local code
	Name           string         `json:"name"`                   // tên thủ tục
	Field          string         `json:"field"`                  // lĩnh vực: the Name of one of the bundle's Fields
	Level          string         `json:"level,omitempty"`        // cấp thực hiện, e.g. "Cấp xã"
	Agency         string         `json:"agency,omitempty"`       // cơ quan thực hiện
	Targets        []string       `json:"targets,omitempty"`      // đối tượng thực hiện
	Steps          []string       `json:"steps"`                  // trình tự thực hiện
	Methods        []Method       `json:"methods"`                // cách thức thực hiện, one per channel
	Documents      []Document     `json:"documents"`              // thành phần hồ sơ
	ProcessingTime ProcessingTime `json:"processing_time"`        // thời hạn giải quyết
	Fee            Fee            `json:"fee"`                    // phí, lệ phí
	Result         string         `json:"result,omitempty"`       // kết quả thực hiện
	LegalBasis     []string       `json:"legal_basis,omitempty"`  // căn cứ pháp lý
	Forms          []string       `json:"forms,omitempty"`        // mẫu đơn, tờ khai
	Requirements   string         `json:"requirements,omitempty"` // yêu cầu, điều kiện
	Address        string         `json:"address,omitempty"`      // địa chỉ tiếp nhận
	// Note is the publisher's lưu ý: conditions and remarks that fit no other field (the
	// national portal's "note", up to a few thousand characters).
	Note string `json:"note,omitempty"`
	// CaseTimes are processing times the publisher gives per trường hợp when they differ from
	// ProcessingTime (the national portal's cases[].processingDay), each in its own unit.
	CaseTimes []CaseTime `json:"case_times,omitempty"`
	// Service is the code of the queue service whose counters take this procedure at this
	// desk ("Lấy số" issues a ticket for it); empty means the general service.
	Service  string   `json:"service,omitempty"`
	Keywords []string `json:"keywords,omitempty"` // extra words people search with
	Source   string   `json:"source,omitempty"`   // where the record came from
	// Translations holds the procedure's text in other languages, keyed by language ("en").
	Translations map[string]ProcedureText `json:"translations,omitempty"`
}

// ProcedureText is a procedure's text in another language. Documents and Steps, when
// given, follow the order of the Vietnamese lists.
type ProcedureText struct {
	Name           string   `json:"name,omitempty"`
	Result         string   `json:"result,omitempty"`
	FeeText        string   `json:"fee_text,omitempty"`
	ProcessingText string   `json:"processing_text,omitempty"`
	Requirements   string   `json:"requirements,omitempty"`
	Steps          []string `json:"steps,omitempty"`
	Documents      []string `json:"documents,omitempty"`
}

// Channels a procedure can be submitted through (cách thức thực hiện).
const (
	ChannelDirect = "direct" // trực tiếp, at the desk
	ChannelOnline = "online" // trực tuyến, on the public service portal
	ChannelPost   = "post"   // dịch vụ bưu chính
)

// Method is one channel with its own processing time and fees, as the national portal
// publishes them.
type Method struct {
	Channel        string         `json:"channel"`
	ProcessingTime ProcessingTime `json:"processing_time"`
	Fees           []Fee          `json:"fees,omitempty"`
	Note           string         `json:"note,omitempty"`
}

// ProcessingTime is a thời hạn giải quyết: the number of working days when the record
// gives one (nil when it is counted otherwise, e.g. calendar days, hours, "theo mô tả"),
// the value in the unit the publisher counts it in, and always the text as written.
// Fractions occur (0.5 = half a day). Value and Unit come together or not at all; when the
// unit is working days, WorkingDays is the same number. 30 calendar days is Value 30, Unit
// "day", WorkingDays nil: the desk must never count it as 30 working days.
type ProcessingTime struct {
	WorkingDays *float64 `json:"working_days"`
	Value       *float64 `json:"value,omitempty"`
	Unit        string   `json:"unit,omitempty"` // one of the Unit… constants
	Text        string   `json:"text"`
}

// Units a processing time is counted in.
const (
	UnitWorkingDay = "working_day" // ngày làm việc
	UnitDay        = "day"         // ngày (calendar days)
	UnitHour       = "hour"        // giờ
	UnitMonth      = "month"       // tháng
	UnitOther      = "other"       // the publisher's "khác": the text says how it is counted
)

// CaseTime is the processing time of one trường hợp (Case, empty when the publisher names
// no case apart from the procedure itself).
type CaseTime struct {
	Case           string         `json:"case,omitempty"`
	ProcessingTime ProcessingTime `json:"processing_time"`
}

// Fee is a phí or lệ phí: the amount in đồng when one amount applies to everyone (nil when
// the province sets it or it depends on the case), and the full text including who is
// exempt. A fee the publisher states in another currency (USD for registrations at a
// mission abroad) has Amount and Currency instead, never AmountVND: 5 USD is not 5 đồng.
type Fee struct {
	AmountVND *int64   `json:"amount_vnd"`
	Amount    *float64 `json:"amount,omitempty"`
	Currency  string   `json:"currency,omitempty"` // ISO 4217, e.g. USD; never VND
	Text      string   `json:"text"`
	// Attachments are the fee schedule (biểu phí) as the publisher attaches it, when the
	// amounts are in a file rather than in the text.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment is a file the publisher attaches, by its published name and, when known, the
// publisher's id for fetching it (the national portal's fileId).
type Attachment struct {
	Name   string `json:"name"`
	FileID string `json:"file_id,omitempty"`
}

// Document is one paper of the thành phần hồ sơ, with how many originals (bản chính) and
// copies (bản sao) to bring. Case names the trường hợp it belongs to when the documents
// differ by case.
type Document struct {
	Name     string `json:"name"`
	Case     string `json:"case,omitempty"`
	Original int    `json:"original"`
	Copy     int    `json:"copy"`
	Note     string `json:"note,omitempty"`
	Form     string `json:"form,omitempty"` // the form's name when the paper is a mẫu đơn
}

// Validate checks what the kiosk relies on: a code, a name, a field, channels it knows,
// documents with names and sane counts, times with known units, fees whose amount says its
// currency. Errors name the field at fault.
func (p *Procedure) Validate() error {
	switch {
	case strings.TrimSpace(p.Code) == "":
		return Invalid("code", "Thiếu mã thủ tục", "the procedure code is missing")
	case strings.TrimSpace(p.Name) == "":
		return Invalid("name", "Thiếu tên thủ tục", "the procedure name is missing")
	case strings.TrimSpace(p.Field) == "":
		return Invalid("field", "Thiếu lĩnh vực", "the field is missing")
	}
	for i, m := range p.Methods {
		f := fmt.Sprintf("methods/%d/", i)
		switch m.Channel {
		case ChannelDirect, ChannelOnline, ChannelPost:
		default:
			return Invalid(f+"channel", "Cách thức thực hiện không hợp lệ: "+m.Channel, "unknown channel "+m.Channel)
		}
		if err := m.ProcessingTime.validate(f + "processing_time"); err != nil {
			return err
		}
		for j, fee := range m.Fees {
			if err := fee.validate(fmt.Sprintf("%sfees/%d", f, j)); err != nil {
				return err
			}
		}
	}
	for i, d := range p.Documents {
		f := fmt.Sprintf("documents/%d", i)
		if strings.TrimSpace(d.Name) == "" {
			return Invalid(f+"/name", "Giấy tờ thiếu tên", "a document has no name")
		}
		if d.Original < 0 || d.Copy < 0 || d.Original > 99 || d.Copy > 99 {
			return Invalid(f, "Số bản chính, bản sao không hợp lệ", "document counts must be 0–99")
		}
	}
	if err := p.ProcessingTime.validate("processing_time"); err != nil {
		return err
	}
	if err := p.validateTranslations(); err != nil {
		return err
	}
	for i, c := range p.CaseTimes {
		if err := c.ProcessingTime.validate(fmt.Sprintf("case_times/%d/processing_time", i)); err != nil {
			return err
		}
	}
	return p.Fee.validate("fee")
}

// validateTranslations checks each translation's language code and that its lists, which
// follow the Vietnamese ones item by item, are no longer than them.
func (p *Procedure) validateTranslations() error {
	codes := make([]string, 0, len(p.Translations))
	for c := range p.Translations {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		f := "translations/" + c
		if err := ValidLanguage(f, c); err != nil {
			return err
		}
		tr := p.Translations[c]
		if len(tr.Documents) > len(p.Documents) {
			return Invalid(f+"/documents", fmt.Sprintf("Bản dịch «%s» có %d giấy tờ, bản tiếng Việt chỉ có %d", c, len(tr.Documents), len(p.Documents)),
				fmt.Sprintf("the %s translation lists %d documents, the Vietnamese %d", c, len(tr.Documents), len(p.Documents)))
		}
		if len(tr.Steps) > len(p.Steps) {
			return Invalid(f+"/steps", fmt.Sprintf("Bản dịch «%s» có %d bước, bản tiếng Việt chỉ có %d", c, len(tr.Steps), len(p.Steps)),
				fmt.Sprintf("the %s translation lists %d steps, the Vietnamese %d", c, len(tr.Steps), len(p.Steps)))
		}
	}
	return nil
}

func (t ProcessingTime) validate(field string) error {
	bad := func(f, en string) error {
		return Invalid(field+f, "Thời hạn giải quyết không hợp lệ", en)
	}
	if d := t.WorkingDays; d != nil && (*d < 0 || *d > 3650) {
		return bad("/working_days", "working days must be 0–3650")
	}
	switch t.Unit {
	case "":
		if t.Value != nil {
			return bad("/unit", "a value needs its unit")
		}
		return nil
	case UnitWorkingDay, UnitDay, UnitHour, UnitMonth, UnitOther:
	default:
		return bad("/unit", "unknown unit "+t.Unit)
	}
	switch v := t.Value; {
	case v == nil:
		return bad("/value", "a unit needs its value")
	case *v < 0 || *v > 100000:
		return bad("/value", "the value must be 0–100000")
	case (t.Unit == UnitWorkingDay) != (t.WorkingDays != nil):
		return bad("/working_days", "working days are given exactly when the unit is working_day")
	case t.WorkingDays != nil && *t.WorkingDays != *v:
		return bad("/working_days", "working days differ from the value")
	}
	return nil
}

func (f Fee) validate(field string) error {
	if a := f.AmountVND; a != nil && *a < 0 {
		return Invalid(field+"/amount_vnd", "Lệ phí không được âm", "the fee cannot be negative")
	}
	switch {
	case f.Currency == "" && f.Amount != nil:
		return Invalid(field+"/currency", "Lệ phí thiếu đơn vị tiền", "an amount needs its currency")
	case f.Currency == "":
	case !isCurrencyCode(f.Currency) || f.Currency == "VND":
		return Invalid(field+"/currency", "Đơn vị tiền không hợp lệ: "+f.Currency, "currency must be an ISO 4217 code other than VND (đồng go in amount_vnd): "+f.Currency)
	case f.Amount == nil:
		return Invalid(field+"/amount", "Lệ phí thiếu số tiền", "a currency needs its amount")
	case *f.Amount < 0:
		return Invalid(field+"/amount", "Lệ phí không được âm", "the fee cannot be negative")
	case f.AmountVND != nil:
		return Invalid(field+"/amount_vnd", "Lệ phí ghi hai đơn vị tiền", "a fee in "+f.Currency+" has no amount in đồng")
	}
	for i, a := range f.Attachments {
		if strings.TrimSpace(a.Name) == "" {
			return Invalid(fmt.Sprintf("%s/attachments/%d/name", field, i), "Tệp đính kèm thiếu tên", "an attachment has no name")
		}
	}
	return nil
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
