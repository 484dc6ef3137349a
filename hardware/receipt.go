package hardware

import "time"

// Receipt holds the fields of the desk's dossier forms (domain/dossiers.md, "Forms the desk
// prints"): the receipt and appointment slip, and its siblings the request to complete the
// dossier and the refusal. The caller fills it from the dossier; times in the kiosk's zone.
type Receipt struct {
	Unit        string // receiving unit
	Code        string // dossier code, e.g. 000.00.06.H56-231027-0361
	Submitter   string
	Address     string
	Phone       string
	Email       string
	IDNumber    string // printed masked (last 3 characters)
	Owner       string // dossier owner, when not the submitter
	Procedure   string
	Documents   []ReceiptDocument
	Sets        int    // number of sets (bộ hồ sơ)
	Processing  string // statutory processing time, e.g. "5 ngày làm việc"
	ReceivedAt  time.Time
	Appointment time.Time
	CollectAt   string   // where to collect the result
	LookupURL   string   // QR for looking the dossier up
	Book        string   // register book (Quyển số)
	Entry       string   // entry number (Số thứ tự)
	Receiver    string   // the clerk
	Missing     []string // request to complete: what is missing and why
	Reason      string   // refusal: the reason
}

// ReceiptDocument is one row of the documents table.
type ReceiptDocument struct {
	Name      string
	Originals int // bản chính
	Certified int // bản sao chứng thực
	Copies    int // bản photo
}

// ReceiptLayout is "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" on a thermal roll.
var ReceiptLayout = mustLayout(Layout{Name: "receipt", Blocks: []Block{
	{Text: "{{upper .Unit}}", Align: "center", Bold: true, Size: 22},
	{Text: "GIẤY TIẾP NHẬN HỒ SƠ\nVÀ HẸN TRẢ KẾT QUẢ", Align: "center", Bold: true, Size: 24},
	{Text: "Mã hồ sơ:", Align: "center", Size: 20},
	{Text: "{{.Code}}", Align: "center", Bold: true},
	{Kind: "qr", Text: "{{.LookupURL}}", Align: "center", Size: 4},
	{Kind: "rule"},
	{Text: "Người nộp: {{.Submitter}}", Size: 20},
	{Text: "{{if .IDNumber}}Số định danh: {{mask .IDNumber}}{{end}}", Size: 20},
	{Text: "{{if .Address}}Địa chỉ: {{.Address}}{{end}}", Size: 20},
	{Text: "{{if .Phone}}Điện thoại: {{.Phone}}{{end}}", Size: 20},
	{Text: "{{if .Email}}Email: {{.Email}}{{end}}", Size: 20},
	{Text: "{{if .Owner}}Chủ hồ sơ: {{.Owner}}{{end}}", Size: 20},
	{Text: "Thủ tục: {{.Procedure}}", Size: 20, Bold: true},
	{Kind: "rule"},
	{Text: "Giấy tờ (chính / sao chứng thực / photo):", Size: 20},
	{Text: "{{range $i, $d := .Documents}}{{inc $i}}. {{$d.Name}}: {{$d.Originals}} / {{$d.Certified}} / {{$d.Copies}}\n{{end}}", Size: 20},
	{Text: "{{if .Sets}}Số bộ hồ sơ: {{.Sets}}{{end}}", Size: 20},
	{Kind: "rule"},
	{Text: "{{if .Processing}}Thời hạn giải quyết: {{.Processing}}{{end}}", Size: 20},
	{Text: "Nhận lúc: {{datetime .ReceivedAt}}", Size: 20},
	{Text: "{{if not .Appointment.IsZero}}Hẹn trả: sau {{.Appointment.Format \"15\"}} giờ {{.Appointment.Format \"04\"}}, ngày {{date .Appointment}}{{end}}", Size: 20, Bold: true},
	{Text: "{{if .CollectAt}}Nơi nhận kết quả: {{.CollectAt}}{{end}}", Size: 20},
	{Text: "{{if .Book}}Quyển số: {{.Book}}  Số thứ tự: {{.Entry}}{{end}}", Size: 20},
	{Text: "{{if .Receiver}}Người tiếp nhận: {{.Receiver}}{{end}}", Size: 20},
	{Text: "Tra cứu: quét mã QR hoặc nhập mã hồ sơ", Align: "center", Size: 18},
	{Kind: "cut"},
}})

// SupplementLayout is "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".
var SupplementLayout = mustLayout(Layout{Name: "supplement", Blocks: []Block{
	{Text: "{{upper .Unit}}", Align: "center", Bold: true, Size: 22},
	{Text: "PHIẾU YÊU CẦU BỔ SUNG,\nHOÀN THIỆN HỒ SƠ", Align: "center", Bold: true, Size: 24},
	{Text: "{{.Code}}", Align: "center", Bold: true},
	{Text: "Người nộp: {{.Submitter}}", Size: 20},
	{Text: "Thủ tục: {{.Procedure}}", Size: 20},
	{Kind: "rule"},
	{Text: "Cần bổ sung:", Size: 20, Bold: true},
	{Text: "{{range .Missing}}- {{.}}\n{{end}}", Size: 20},
	{Text: "{{if .Receiver}}Người hướng dẫn: {{.Receiver}}{{end}}", Size: 20},
	{Text: "{{datetime .ReceivedAt}}", Align: "right"},
	{Kind: "cut"},
}})

// RefusalLayout is "Phiếu từ chối tiếp nhận giải quyết hồ sơ".
var RefusalLayout = mustLayout(Layout{Name: "refusal", Blocks: []Block{
	{Text: "{{upper .Unit}}", Align: "center", Bold: true, Size: 22},
	{Text: "PHIẾU TỪ CHỐI TIẾP NHẬN\nGIẢI QUYẾT HỒ SƠ", Align: "center", Bold: true, Size: 24},
	{Text: "{{.Code}}", Align: "center", Bold: true},
	{Text: "Người nộp: {{.Submitter}}", Size: 20},
	{Text: "Thủ tục: {{.Procedure}}", Size: 20},
	{Kind: "rule"},
	{Text: "Lý do: {{.Reason}}", Size: 20},
	{Text: "{{if .Receiver}}Người tiếp nhận: {{.Receiver}}{{end}}", Size: 20},
	{Text: "{{datetime .ReceivedAt}}", Align: "right"},
	{Kind: "cut"},
}})

// EncodeReceipt renders r with layout (ReceiptLayout when nil) for paper dots wide.
func EncodeReceipt(layout *Layout, r Receipt, dots int) ([]byte, error) {
	if layout == nil {
		layout = ReceiptLayout
	}
	return layout.Render(r, dots)
}
