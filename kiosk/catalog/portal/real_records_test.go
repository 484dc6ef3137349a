package portal_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog/portal"
)

func ptr[T any](v T) *T { return &v }

// wantTime is a processing time as the tests write it: value, unit, working days (nil when the
// unit is not working days) and how the text begins.
type wantTime struct {
	value       *float64
	unit        string
	workingDays *float64
	text        string
}

func checkTime(t *testing.T, what string, got kiosk.ProcessingTime, want wantTime) {
	t.Helper()
	if !sameFloat(got.Value, want.value) || got.Unit != want.unit || !sameFloat(got.WorkingDays, want.workingDays) || !strings.HasPrefix(got.Text, want.text) {
		t.Errorf("%s = value %v unit %q working days %v text %q; want %v %q %v %q…", what,
			deref(got.Value), got.Unit, deref(got.WorkingDays), got.Text, deref(want.value), want.unit, deref(want.workingDays), want.text)
	}
}

func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// Real records the first converter got wrong, each with what the portal says in it.
func TestRealRecordsKeepWhatThePortalSays(t *testing.T) {
	recs := records(t)
	tests := []struct {
		file  string
		about string
		check func(t *testing.T, p kiosk.Procedure)
	}{
		{"1.001020.json", "a fee in USD stays in USD", func(t *testing.T, p kiosk.Procedure) {
			f := p.Fee
			if f.AmountVND != nil || f.Amount == nil || *f.Amount != 5 || f.Currency != "USD" || f.Text != "Lệ phí: 5 USD. Đăng ký khai sinh" {
				t.Errorf("fee = %v %v %q %q, want 5 USD", deref(f.Amount), f.AmountVND, f.Currency, f.Text)
			}
			if strings.Contains(f.Text, "đồng") {
				t.Errorf("a USD fee printed in đồng: %q", f.Text)
			}
		}},
		{"1.000808.json", "30 calendar days are not 30 working days; 150 USD", func(t *testing.T, p kiosk.Procedure) {
			checkTime(t, "processing time", p.ProcessingTime, wantTime{ptr(30.0), kiosk.UnitDay, nil, "30 ngày. Người nhận con nuôi"})
			if f := p.Fee; f.Amount == nil || *f.Amount != 150 || f.Currency != "USD" || f.AmountVND != nil {
				t.Errorf("fee = %+v", f)
			}
		}},
		{"1.000080.json", "the channel's own time stays; the case's is kept beside it", func(t *testing.T, p kiosk.Procedure) {
			checkTime(t, "processing time", p.ProcessingTime, wantTime{ptr(7.0), kiosk.UnitOther, nil, "7 (đơn vị khác)"})
			for _, m := range p.Methods {
				checkTime(t, m.Channel, m.ProcessingTime, wantTime{ptr(7.0), kiosk.UnitOther, nil, "7 (đơn vị khác)"})
			}
			if len(p.CaseTimes) != 1 || p.CaseTimes[0].Case != "" {
				t.Fatalf("case times %+v, want one, unnamed (the case is named after the procedure)", p.CaseTimes)
			}
			checkTime(t, "case time", p.CaseTimes[0].ProcessingTime, wantTime{ptr(12.0), kiosk.UnitWorkingDay, ptr(12.0), "12 ngày làm việc"})
		}},
		{"1.000656.json", "cases in working days and in calendar days, each in its unit", func(t *testing.T, p kiosk.Procedure) {
			want := []wantTime{
				{ptr(5.0), kiosk.UnitWorkingDay, ptr(5.0), "5 ngày làm việc"},
				{ptr(2.0), kiosk.UnitDay, nil, "2 ngày"},
				{ptr(1.0), kiosk.UnitDay, nil, "1 ngày"},
			}
			if len(p.CaseTimes) != len(want) {
				t.Fatalf("case times %+v, want %d", p.CaseTimes, len(want))
			}
			for i, w := range want {
				checkTime(t, "case time", p.CaseTimes[i].ProcessingTime, w)
			}
		}},
		{"1.001193.json", "birth registration: 1 'other' on every channel, 1 working day for its cases", func(t *testing.T, p kiosk.Procedure) {
			checkTime(t, "processing time", p.ProcessingTime, wantTime{ptr(1.0), kiosk.UnitOther, nil, "1 (đơn vị khác)"})
			if len(p.CaseTimes) != 1 { // two cases, both 1 working day: said once
				t.Fatalf("case times %+v", p.CaseTimes)
			}
			checkTime(t, "case time", p.CaseTimes[0].ProcessingTime, wantTime{ptr(1.0), kiosk.UnitWorkingDay, ptr(1.0), "1 ngày làm việc"})
			if p.Fee.AmountVND == nil || *p.Fee.AmountVND != 0 || p.Fee.Currency != "" {
				t.Errorf("fee %+v", p.Fee)
			}
			if len(p.LegalBasis) != 15 || p.Result != "Giấy khai sinh" || p.Level != "Cấp xã" || p.Field != "Hộ tịch" {
				t.Errorf("legal basis %d, result %q, level %q, field %q", len(p.LegalBasis), p.Result, p.Level, p.Field)
			}
		}},
		{"1.115503.json", "the fee schedule attached as a file", func(t *testing.T, p kiosk.Procedure) {
			want := []kiosk.Attachment{{Name: "PL3 1 .docx", FileID: "019f3b95-94b7-75bf-bdf0-7997d722fd23"}}
			if got := p.Fee.Attachments; len(got) != 1 || got[0] != want[0] {
				t.Errorf("procedure fee attachments %+v, want %+v (the same schedule once)", got, want)
			}
			if p.Fee.AmountVND != nil || !strings.HasPrefix(p.Fee.Text, "Phí. Theo Quyết định số 2252/QĐ-VP") {
				t.Errorf("fee %v %q", p.Fee.AmountVND, p.Fee.Text)
			}
			direct := p.Methods[0]
			if direct.Channel != kiosk.ChannelDirect || len(direct.Fees) != 2 || len(direct.Fees[1].Attachments) != 1 ||
				direct.Fees[1].Attachments[0].FileID != "019f3b95-b13c-702a-98ca-50fb69471ade" {
				t.Errorf("the direct channel's fees %+v", direct.Fees)
			}
		}},
		{"2.002516.json", "the note, whole", func(t *testing.T, p kiosk.Procedure) {
			if !strings.HasPrefix(p.Note, "Cá nhân có quyền lựa chọn thực hiện thủ tục hành chính về hộ tịch") ||
				!strings.HasSuffix(p.Note, "đến đúng cơ quan có thẩm quyền theo quy định") || len([]rune(p.Note)) != 482 {
				t.Errorf("note %q", p.Note)
			}
		}},
		{"1.115444.json", `"Bước 3:" and its description make one step, with no "::"`, func(t *testing.T, p kiosk.Procedure) {
			if len(p.Steps) != 4 || p.Steps[2] != "Bước 3: Chủ tịch Ủy ban nhân dân cấp xã ký Giấy chứng nhận quyền sử dụng đất" {
				t.Errorf("steps %q", p.Steps)
			}
			if !strings.HasPrefix(p.Steps[1], "Bước 2: Phòng Kinh tế/Phòng Kinh tế Hạ tầng và Đô thị thực hiện:\n- Trường hợp hồ sơ không đầy đủ") {
				t.Errorf("a bullet list after a heading starts on its own line: %q", p.Steps[1])
			}
		}},
		{"1.004884.json", "a note step whose description repeats its heading", func(t *testing.T, p kiosk.Procedure) {
			last := p.Steps[len(p.Steps)-1]
			if !strings.HasPrefix(last, "* Lưu ý\n- Cá nhân có quyền lựa chọn") {
				t.Errorf("last step %q, want the heading once", last)
			}
		}},
		{"1.000881.json", "agencies listed once, not again as one sentence", func(t *testing.T, p kiosk.Procedure) {
			if p.Agency != "Cơ quan lãnh sự; Cơ quan đại diện ngoại giao" {
				t.Errorf("agency %q", p.Agency)
			}
		}},
		{"1.013233.json", "four agencies, one inside another's name", func(t *testing.T, p kiosk.Procedure) {
			want := "Ban Quản lý Khu chế xuất- Khu công nghiệp; Ban Quản lý Khu công nghệ cao; Ban QLDA đầu tư xây dựng khu kinh tế; Bộ phận Một cửa Sở Xây dựng"
			if p.Agency != want {
				t.Errorf("agency %q\nwant %q", p.Agency, want)
			}
		}},
		{"1.000094.json", "no invisible left-to-right mark inside a word", func(t *testing.T, p kiosk.Procedure) {
			js, _ := json.Marshal(p)
			if strings.ContainsRune(string(js), '\u200e') || !strings.Contains(string(js), "người yêu cầu đăng ký hộ tịch lựa chọn") {
				t.Errorf("U+200E kept, or the words around it lost")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, ok := recs[tc.file]
			if !ok {
				t.Fatalf("%s is not among the records", tc.file)
			}
			c, err := portal.Convert(data)
			if err != nil {
				t.Fatalf("%s: %v", tc.about, err)
			}
			tc.check(t, c.Procedure)
		})
	}
}
