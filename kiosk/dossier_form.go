package kiosk

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The forms the desk prints for a dossier (shared/domain/dossiers.md, "Forms the desk
// prints"). Each is built once as content by DossierFormOf, which holds all its wording,
// and rendered three ways: on the thermal roll (hardware.FormJob), and as an A4 page and a
// PDF for the office printer (kiosk/web). ID numbers and phones are masked here, so no
// rendering can print them whole.
const (
	FormReceipt    = "receipt"    // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	FormSupplement = "supplement" // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	FormRefusal    = "refusal"    // Phiếu từ chối tiếp nhận giải quyết hồ sơ
	FormTracking   = "tracking"   // Phiếu kiểm soát quá trình giải quyết hồ sơ
	FormApology    = "apology"    // Phiếu xin lỗi và hẹn lại ngày trả kết quả
)

// FormKinds lists the dossier forms in the order the counter offers them.
var FormKinds = []string{FormReceipt, FormSupplement, FormRefusal, FormTracking, FormApology}

// The heading of every A4 form: the national name and motto (quốc hiệu, tiêu ngữ), and
// what a signature line asks for.
const (
	NationalName  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	NationalMotto = "Độc lập - Tự do - Hạnh phúc"
	SignHint      = "(Ký, ghi rõ họ tên)"
	// DeskName is the office that issues the forms and hands results back.
	DeskName = "Bộ phận tiếp nhận và trả kết quả"
)

// DossierForm is one printed form of a dossier, as content: what every rendering shows,
// in order. Renderers add layout only, never words.
type DossierForm struct {
	Kind  string `json:"kind"`
	Title string `json:"title"` // sentence case; printed in capitals
	Unit  string `json:"unit"`  // the receiving unit, "UBND xã Hòa An"
	Desk  string `json:"desk"`  // the office under the unit that issues the form
	// Code is the dossier's code, shown under CodeLabel; LookupURL is what the QR holds
	// (kiosk.LookupURL: no personal data) and LookupHint the line beside it.
	Code       string `json:"code"`
	CodeLabel  string `json:"code_label"`
	LookupURL  string `json:"lookup_url"`
	LookupHint string `json:"lookup_hint"`
	// Fields are the body's lines; Table the documents received or the tracking sheet's
	// rows; After the lines below the table; Closing the paragraphs that end the body.
	Fields  []FormField `json:"fields"`
	Table   FormTable   `json:"table"`
	After   []FormField `json:"after,omitempty"`
	Closing []string    `json:"closing,omitempty"`
	// Dated is the place and date line, "Hòa An, ngày 27 tháng 10 năm 2023".
	Dated      string          `json:"dated"`
	Signatures []FormSignature `json:"signatures"`
}

// FormField is one line of a form: a label and its value, or a list (Items) under the label.
// Strong marks what the reader must not miss (the procedure, the appointment).
type FormField struct {
	Label  string   `json:"label"`
	Value  string   `json:"value,omitempty"`
	Items  []string `json:"items,omitempty"`
	Strong bool     `json:"strong,omitempty"`
}

// FormTable is a form's table. Column 0 is the row's number and column 1 its subject, so a
// narrow roll can print each row as one line; a cell may be empty. No Head: no table.
type FormTable struct {
	Caption string     `json:"caption,omitempty"`
	Head    []string   `json:"head,omitempty"`
	Rows    [][]string `json:"rows,omitempty"`
}

// FormSignature is a signature block: who signs, and the name under it when known.
type FormSignature struct {
	Role string `json:"role"`
	Name string `json:"name,omitempty"`
}

// FormContext is what a form needs beyond the dossier: the unit's name, the QR's target,
// staff names for the ids on the events (nil or "": the id), and now (the tracking sheet's
// date).
type FormContext struct {
	Unit      string
	LookupURL string
	StaffName func(id string) string
	Now       time.Time
}

func (fc FormContext) staff(id string) string {
	if fc.StaffName != nil {
		if n := fc.StaffName(id); n != "" {
			return n
		}
	}
	return id
}

// DossierFormOf builds form kind of d. EINVALID for an unknown kind; ECONFLICT for a form
// that does not apply to d (the refusal of a dossier never refused, the apology of one
// never rescheduled, the request of one never asked to complete). d is read whole (a
// clerk's read): only masked numbers reach the form.
func DossierFormOf(kind string, d Dossier, fc FormContext) (DossierForm, error) {
	f := DossierForm{Kind: kind, Unit: fc.Unit, Desk: DeskName, Code: d.Code,
		CodeLabel: "Mã hồ sơ", LookupURL: fc.LookupURL, LookupHint: "Tra cứu: quét mã QR hoặc nhập mã hồ sơ tại kiosk"}
	name := d.Applicant.Name
	if name == "" { // purged: the masked name is all that is left
		name = d.ApplicantMasked
	}
	procedure := d.Procedure.Name
	if d.Procedure.Case != "" {
		procedure += " (" + d.Procedure.Case + ")"
	}
	received := FormField{Label: "Thời gian nhận hồ sơ", Value: TimeText(d.ReceivedAt)}
	proc := FormField{Label: "Thủ tục", Value: procedure, Strong: true} // bold on all but the apology
	switch kind {
	case FormReceipt:
		f.Title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
		f.Fields = append(applicantFields(d, name, true), proc)
		f.Table = FormTable{Caption: "Giấy tờ đã nhận", Head: []string{"STT", "Tên giấy tờ", "Bản chính", "Bản sao chứng thực", "Bản photo"}}
		for i, doc := range d.Documents {
			f.Table.Rows = append(f.Table.Rows, []string{strconv.Itoa(i + 1), doc.Name, count(doc.Original), count(doc.CertifiedCopy), count(doc.Copy)})
		}
		f.After = []FormField{{Label: "Số bộ hồ sơ", Value: strconv.Itoa(max(d.Sets, 1))}, {Label: "Phí, lệ phí", Value: FeeText(d.Fee)}}
		if d.Notes != "" {
			f.After = append(f.After, FormField{Label: "Ghi chú", Value: d.Notes})
		}
		if t := StatutoryText(d.Processing); t != "" {
			f.After = append(f.After, FormField{Label: "Thời hạn giải quyết", Value: t})
		}
		f.After = append(f.After, received)
		if !d.Appointment.IsZero() {
			f.After = append(f.After, FormField{Label: "Thời gian trả kết quả", Value: AppointmentText(d.Appointment), Strong: true})
		}
		f.After = append(f.After, FormField{Label: "Nơi nhận kết quả", Value: collectAt(d, fc.Unit)})
		f.Dated = datedLine(fc.Unit, d.ReceivedAt)
		f.Signatures = []FormSignature{{Role: "Người nộp hồ sơ", Name: name}, {Role: "Người tiếp nhận", Name: fc.staff(d.StaffID)}}
	case FormSupplement:
		ev, err := latestEvent(d, ActionSupplement, "chưa có yêu cầu bổ sung, hoàn thiện nên không có phiếu này",
			"was never asked to complete its documents")
		if err != nil {
			return DossierForm{}, err
		}
		f.Title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
		f.Fields = append(applicantFields(d, name, false), proc, received,
			FormField{Label: "Giấy tờ cần bổ sung, hoàn thiện", Items: ev.Missing, Strong: true})
		if ev.Reason != "" {
			f.Fields = append(f.Fields, FormField{Label: "Lý do", Value: ev.Reason})
		}
		f.Closing = []string{"Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ theo nội dung trên và nộp tại " + lowerFirst(f.Desk) + ", mang theo phiếu này."}
		f.Dated = datedLine(fc.Unit, ev.At)
		f.Signatures = []FormSignature{{Role: "Người hướng dẫn", Name: fc.staff(ev.StaffID)}}
	case FormRefusal:
		ev, err := latestEvent(d, ActionRefuse, "không bị từ chối tiếp nhận nên không có phiếu từ chối", "was never refused")
		if err != nil {
			return DossierForm{}, err
		}
		f.Title = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
		f.Fields = append(applicantFields(d, name, false), proc, received,
			FormField{Label: "Lý do từ chối", Value: ev.Reason, Strong: true})
		f.Closing = []string{"Xin thông báo để ông/bà được biết và thực hiện."}
		f.Dated = datedLine(fc.Unit, ev.At)
		f.Signatures = []FormSignature{{Role: "Người tiếp nhận", Name: fc.staff(ev.StaffID)}}
	case FormTracking:
		f.Title = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
		f.Fields = append([]FormField{proc}, applicantFields(d, name, false)...)
		f.Fields = append(f.Fields, FormField{Label: "Cơ quan tiếp nhận", Value: fc.Unit}, received)
		if !d.Appointment.IsZero() {
			f.Fields = append(f.Fields, FormField{Label: "Thời gian trả kết quả", Value: AppointmentText(d.Appointment), Strong: true})
		}
		f.Fields = append(f.Fields, FormField{Label: "Trạng thái", Value: d.StatusName})
		f.Table = FormTable{Caption: "Quá trình giải quyết", Head: []string{"STT", "Thời gian", "Nội dung", "Người thực hiện", "Kết quả", "Ghi chú"}}
		for i, ev := range d.Events {
			f.Table.Rows = append(f.Table.Rows, []string{strconv.Itoa(i + 1), TimeText(ev.At), upperFirst(ActionText(ev.Action)),
				fc.staff(ev.StaffID), timeliness(ev), eventNote(ev)})
		}
		f.Dated = datedLine(fc.Unit, fc.Now)
		f.Signatures = []FormSignature{{Role: "Người lập phiếu"}}
	case FormApology:
		ev, err := latestEvent(d, ActionReschedule, "chưa được hẹn lại ngày trả kết quả nên không có phiếu xin lỗi",
			"was never rescheduled")
		if err != nil {
			return DossierForm{}, err
		}
		f.Title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
		f.Fields = []FormField{{Label: "Kính gửi", Value: name, Strong: true}}
		if a := d.Applicant; a.IDNumber != "" {
			f.Fields = append(f.Fields, FormField{Label: "Số định danh cá nhân", Value: MaskID(a.IDNumber)})
		}
		f.Fields = append(f.Fields, FormField{Label: "Thủ tục", Value: procedure}, received,
			FormField{Label: "Hẹn trả kết quả", Value: AppointmentText(ev.PrevAppointment)},
			FormField{Label: "Lý do chậm trễ", Value: ev.Reason},
			FormField{Label: "Hẹn lại ngày trả kết quả", Value: AppointmentText(ev.Appointment), Strong: true})
		f.Closing = []string{"Việc giải quyết hồ sơ của ông/bà chưa xong đúng hẹn. " + cmp.Or(f.Unit, f.Desk) +
			" thành thật xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào thời gian mới nêu trên."}
		f.Dated = datedLine(fc.Unit, ev.At)
		f.Signatures = []FormSignature{{Role: "Người lập phiếu", Name: fc.staff(ev.StaffID)}, {Role: "Thủ trưởng cơ quan"}}
	default:
		return DossierForm{}, ValidFormKind(kind)
	}
	return f, nil
}

// ValidFormKind says whether kind names a dossier form (FormKinds); EINVALID if not.
func ValidFormKind(kind string) error {
	if slices.Contains(FormKinds, kind) {
		return nil
	}
	return Invalid("form", "Mẫu in không hợp lệ: “"+kind+"” (receipt, supplement, refusal, tracking hoặc apology)",
		"unknown form "+kind+" (receipt, supplement, refusal, tracking or apology)")
}

// applicantFields are the submitter's lines, the ID number and phone masked; the receipt
// (whole) adds the address, e-mail and owner.
func applicantFields(d Dossier, name string, whole bool) []FormField {
	a := d.Applicant
	out := []FormField{{Label: "Người nộp hồ sơ", Value: name}}
	add := func(label, v string) {
		if v != "" {
			out = append(out, FormField{Label: label, Value: v})
		}
	}
	add("Số định danh cá nhân", MaskID(a.IDNumber))
	if whole {
		add("Địa chỉ", a.Address)
	}
	add("Điện thoại", MaskID(a.Phone))
	if whole {
		add("Email", a.Email)
		add("Chủ hồ sơ", a.Owner)
	}
	return out
}

// latestEvent is the last event of action on d's tracking sheet (a second request or
// reschedule supersedes the first), which the form of that event prints; without one, the
// form does not exist and the error says why: vi and en finish "Hồ sơ <code> …" and
// "dossier <code> …".
func latestEvent(d Dossier, action, vi, en string) (DossierEvent, error) {
	for i := len(d.Events) - 1; i >= 0; i-- {
		if d.Events[i].Action == action {
			return d.Events[i], nil
		}
	}
	return DossierEvent{}, Errorf(ECONFLICT, "Hồ sơ "+d.Code+" "+vi, "dossier "+d.Code+" "+en)
}

// ActionText names a dossier action as the tracking sheet says it, "yêu cầu bổ sung".
func ActionText(action string) string {
	if action == ActionApplicant {
		return "sửa thông tin người nộp"
	}
	if r, ok := dossierRules[action]; ok {
		return r.vi
	}
	return action
}

// timeliness is a tracking row's result: before, on or after the appointment in force when
// the step was taken (the one it moved, for a reschedule). The intake has none.
func timeliness(ev DossierEvent) string {
	due := ev.Appointment
	if !ev.PrevAppointment.IsZero() {
		due = ev.PrevAppointment
	}
	if ev.Action == ActionReceive || due.IsZero() {
		return ""
	}
	at, due := ev.At.In(Zone), due.In(Zone)
	switch {
	case at.After(due):
		return "Quá hạn"
	case at.Format(time.DateOnly) == due.Format(time.DateOnly):
		return "Đúng hạn"
	}
	return "Trước hạn"
}

// eventNote is what a tracking row adds: where the dossier went, why, what is missing, the
// new date.
func eventNote(ev DossierEvent) string {
	var parts []string
	if ev.To != "" {
		parts = append(parts, "Chuyển đến: "+ev.To)
	}
	if len(ev.Missing) > 0 {
		parts = append(parts, "Cần bổ sung: "+strings.Join(ev.Missing, "; "))
	}
	if ev.Reason != "" {
		parts = append(parts, "Lý do: "+ev.Reason)
	}
	if ev.Action == ActionReschedule && !ev.Appointment.IsZero() {
		parts = append(parts, "Hẹn mới: "+AppointmentText(ev.Appointment))
	}
	return strings.Join(parts, ". ")
}

// collectAt is where the result goes back.
func collectAt(d Dossier, unit string) string {
	if d.ReturnMethod == ReturnByPost {
		return "Gửi qua dịch vụ bưu chính công ích"
	}
	return strings.TrimSuffix(DeskName+", "+unit, ", ")
}

// FeeText states a dossier's fee as a receipt does: "30.000 đồng (đã nộp)", "Miễn".
func FeeText(f DossierFee) string {
	amount := GroupThousands(f.AmountVND) + " đồng"
	switch f.Status {
	case FeePaid:
		return amount + " (đã nộp)"
	case FeeExempt:
		return "Miễn"
	case FeeUnpaid:
		return amount + " (chưa nộp)"
	}
	return "Không"
}

// TimeText writes an instant as the forms do: "09 giờ 40, ngày 27/10/2023".
func TimeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("15 giờ 04, ngày 02/01/2006")
}

// AppointmentText writes an appointment as the receipt does: "Sau 09 giờ 00, ngày 05/03/2026".
func AppointmentText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Zone)
	return fmt.Sprintf("Sau %s giờ %s, ngày %s", t.Format("15"), t.Format("04"), t.Format("02/01/2006"))
}

// datedLine is the place and date line of an administrative paper: the place is the
// unit's name without its kind ("UBND xã Hòa An" → "Hòa An").
func datedLine(unit string, t time.Time) string {
	t = t.In(Zone)
	date := fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
	place := unit
	for _, prefix := range []string{"Ủy ban nhân dân ", "UBND ", "xã ", "phường ", "đặc khu ", "thị trấn "} {
		if len(place) > len(prefix) && strings.EqualFold(place[:len(prefix)], prefix) {
			place = place[len(prefix):]
		}
	}
	if place == "" {
		return upperFirst(date)
	}
	return place + ", " + date
}

// count is a document count in its table cell: none is blank, as on the paper form.
func count(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func upperFirst(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
