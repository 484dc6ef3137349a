package kiosk

import (
	"fmt"
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
// and always the text as written. Fractions occur (0.5 = half a day).
type ProcessingTime struct {
	WorkingDays *float64 `json:"working_days"`
	Text        string   `json:"text"`
}

// Fee is a phí or lệ phí: the amount in đồng when one amount applies to everyone (nil when
// the province sets it or it depends on the case), and the full text including who is
// exempt.
type Fee struct {
	AmountVND *int64 `json:"amount_vnd"`
	Text      string `json:"text"`
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
// documents with names and sane counts. Errors name the field at fault.
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
		switch m.Channel {
		case ChannelDirect, ChannelOnline, ChannelPost:
		default:
			return Invalid(fmt.Sprintf("methods/%d/channel", i), "Cách thức thực hiện không hợp lệ: "+m.Channel, "unknown channel "+m.Channel)
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
	if d := p.ProcessingTime.WorkingDays; d != nil && (*d < 0 || *d > 3650) {
		return Invalid("processing_time/working_days", "Thời hạn giải quyết không hợp lệ", "working days must be 0–3650")
	}
	if a := p.Fee.AmountVND; a != nil && *a < 0 {
		return Invalid("fee/amount_vnd", "Lệ phí không được âm", "the fee cannot be negative")
	}
	return nil
}
