package kiosk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func formDossier() Dossier {
	received := time.Date(2026, 11, 25, 9, 0, 0, 0, Zone)
	due := time.Date(2026, 11, 30, 9, 0, 0, 0, Zone)
	return Dossier{Code: "000.00.06.H56-261125-0001", Procedure: DossierProcedure{Name: "Đăng ký khai sinh"},
		Status: DossierProcessing, StatusName: "Đang xử lý", ReceivedAt: received, Appointment: due, StaffID: "canbo1",
		Applicant: Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", OldIDNumber: "123456789", Phone: "0912345678",
			Address: "Thôn 3, xã Đăk Hà"},
		Documents: []DossierDocument{{Name: "Tờ khai", Original: 1}}, Sets: 1, Fee: DossierFee{AmountVND: 30000, Status: FeePaid},
		Events: []DossierEvent{{Action: ActionReceive, StaffID: "canbo1", At: received, Appointment: due}}}
}

var formCtx = FormContext{Unit: "UBND xã Hòa An", LookupURL: "http://192.168.1.10:8080/d/000.00.06.H56-261125-0001",
	StaffName: func(id string) string { return map[string]string{"canbo1": "Trần Thị Bình"}[id] },
	Now:       time.Date(2026, 12, 9, 8, 0, 0, 0, Zone)}

// A form names its applicant but holds the ID number and phone masked only, whatever the
// rendering; one that does not apply is a conflict, an unknown one invalid.
func TestDossierFormMasksAndApplies(t *testing.T) {
	d := formDossier()
	for kind, why := range map[string]string{
		FormSupplement: "chưa có yêu cầu bổ sung, hoàn thiện nên không có phiếu này",
		FormRefusal:    "không bị từ chối tiếp nhận nên không có phiếu từ chối",
		FormApology:    "chưa được hẹn lại ngày trả kết quả nên không có phiếu xin lỗi",
	} {
		if _, err := DossierFormOf(kind, d, formCtx); ErrorCode(err) != ECONFLICT || ErrorOf(err).Message != "Hồ sơ "+d.Code+" "+why {
			t.Errorf("%s of a dossier without its event: %v", kind, err)
		}
	}
	if _, err := DossierFormOf("letter", d, formCtx); ErrorCode(err) != EINVALID {
		t.Errorf("an unknown form: %v", err)
	}
	f, err := DossierFormOf(FormReceipt, d, formCtx)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := json.Marshal(f)
	for _, whole := range []string{"001099012345", "123456789", "0912345678"} {
		if strings.Contains(string(text), whole) {
			t.Errorf("the receipt holds %s: %s", whole, text)
		}
	}
	for _, want := range []string{"*********345", "*******678", "30.000 đồng (đã nộp)", "Sau 09 giờ 00, ngày 30/11/2026",
		"Hòa An, ngày 25 tháng 11 năm 2026", "Trần Thị Bình", `["1","Tờ khai","1","",""]`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the receipt lacks %s: %s", want, text)
		}
	}
	// After the purge only the masked name is left to print.
	d.Applicant, d.ApplicantMasked = Applicant{}, "Nguyễn V. A."
	f, _ = DossierFormOf(FormTracking, d, formCtx)
	if f.Fields[1].Value != "Nguyễn V. A." || len(f.Fields) != 6 { // no ID number or phone lines
		t.Errorf("purged: %+v", f.Fields)
	}
}

// The tracking sheet has a row per event, each judged against the appointment in force;
// the apology takes the latest reschedule's old and new dates and its reason.
func TestDossierFormTrackingAndApology(t *testing.T) {
	d := formDossier()
	due, first, second := d.Appointment, time.Date(2026, 12, 4, 9, 0, 0, 0, Zone), time.Date(2026, 12, 10, 9, 0, 0, 0, Zone)
	d.Events = append(d.Events,
		DossierEvent{Action: ActionProcess, StaffID: "canbo1", At: due.Add(-72 * time.Hour), Appointment: due},
		DossierEvent{Action: ActionReschedule, StaffID: "canbo2", At: due.Add(-time.Hour), Reason: "Chờ xác minh", PrevAppointment: due, Appointment: first},
		DossierEvent{Action: ActionReschedule, StaffID: "canbo1", At: first.Add(time.Hour), Reason: "Chờ cấp tỉnh", PrevAppointment: first, Appointment: second},
	)
	d.Appointment = second
	f, err := DossierFormOf(FormTracking, d, formCtx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Table.Rows {
		got = append(got, strings.Join([]string{r[2], r[3], r[4]}, "|"))
	}
	want := "Tiếp nhận|Trần Thị Bình||Chuyển xử lý|Trần Thị Bình|Trước hạn|Hẹn lại ngày trả|canbo2|Đúng hạn|Hẹn lại ngày trả|Trần Thị Bình|Quá hạn"
	if strings.Join(got, "|") != want || f.Dated != "Hòa An, ngày 09 tháng 12 năm 2026" {
		t.Errorf("tracking rows %q, dated %q", got, f.Dated)
	}
	f, err = DossierFormOf(FormApology, d, formCtx)
	if err != nil {
		t.Fatal(err)
	}
	byLabel := map[string]string{}
	for _, fl := range f.Fields {
		byLabel[fl.Label] = fl.Value
	}
	if byLabel["Hẹn trả kết quả"] != "Sau 09 giờ 00, ngày 04/12/2026" || byLabel["Hẹn lại ngày trả kết quả"] != "Sau 09 giờ 00, ngày 10/12/2026" ||
		byLabel["Lý do chậm trễ"] != "Chờ cấp tỉnh" || byLabel["Số định danh cá nhân"] != "*********345" {
		t.Errorf("apology %+v", f.Fields)
	}
	if f.Dated != "Hòa An, ngày 04 tháng 12 năm 2026" || len(f.Closing) != 1 || !strings.Contains(f.Closing[0], "UBND xã Hòa An thành thật xin lỗi") {
		t.Errorf("apology dated %q, closing %q", f.Dated, f.Closing)
	}
}
