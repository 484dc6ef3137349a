package hardware

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata")

var zone = time.FixedZone("ICT", 7*3600)

func sampleTicket() Ticket {
	return Ticket{
		Commune:   "UBND xã Hòa An",
		Service:   "Chứng thực, hộ tịch",
		Number:    "A023",
		Priority:  "Người cao tuổi",
		IssuedAt:  time.Date(2026, 11, 25, 8, 15, 0, 0, zone),
		Ahead:     5,
		Wait:      17 * time.Minute,
		LookupURL: "https://hoaan.example.vn/t/20261125-A023",
		Footer:    "Xin vui lòng chờ gọi số. Cảm ơn quý khách!",
	}
}

// sampleDossier is a dossier received, processed, rescheduled and handed on, as the store
// returns it to a clerk.
func sampleDossier() kiosk.Dossier {
	received := time.Date(2023, 10, 27, 9, 40, 0, 0, zone)
	due := time.Date(2023, 11, 3, 14, 0, 0, 0, zone)
	later := time.Date(2023, 11, 8, 14, 0, 0, 0, zone)
	five := 5.0
	return kiosk.Dossier{
		Code:       "000.00.06.H56-231027-0361",
		Procedure:  kiosk.DossierProcedure{Code: "1.001193", Name: "Đăng ký khai sinh"},
		Processing: kiosk.ProcessingTime{Value: &five, Unit: kiosk.UnitWorkingDay},
		Status:     kiosk.DossierProcessing, StatusName: "Đang xử lý",
		ReceivedAt: received, Appointment: later,
		Applicant: kiosk.Applicant{Name: "Nguyễn Thị Ánh Tuyết", IDNumber: "054190001234", Phone: "0905123456",
			Address: "Thôn Phú Lộc, xã Hòa An, tỉnh Phú Yên"},
		Documents: []kiosk.DossierDocument{
			{Name: "Tờ khai đăng ký khai sinh", Original: 1},
			{Name: "Giấy chứng sinh", Original: 1},
			{Name: "Căn cước của cha hoặc mẹ", CertifiedCopy: 1, Copy: 1},
		},
		Sets: 1, Fee: kiosk.DossierFee{Status: kiosk.FeeNone}, ReturnMethod: kiosk.ReturnAtDesk, StaffID: "canbo1",
		Events: []kiosk.DossierEvent{
			{Action: kiosk.ActionReceive, StaffID: "canbo1", At: received, Appointment: due},
			{Action: kiosk.ActionProcess, StaffID: "canbo1", At: received.Add(time.Hour), Appointment: due},
			{Action: kiosk.ActionReschedule, StaffID: "canbo1", At: due.Add(-2 * time.Hour), Reason: "Chờ xác minh của Công an xã",
				PrevAppointment: due, Appointment: later},
		},
	}
}

// sampleForm is form kind of sampleDossier, as the counter prints it.
func sampleForm(t testing.TB, kind string) kiosk.DossierForm {
	t.Helper()
	f, err := kiosk.DossierFormOf(kind, sampleDossier(), kiosk.FormContext{Unit: "UBND xã Hòa An",
		LookupURL: "http://192.168.1.10:8080/d/000.00.06.H56-231027-0361",
		StaffName: func(string) string { return "Trần Văn Bình" }, Now: time.Date(2023, 11, 6, 8, 0, 0, 0, zone)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func encodeForm(f kiosk.DossierForm, dots int) ([]byte, error) {
	return FormLayout(f).Render(FormPrint{DossierForm: f}, dots)
}

// decodePages runs the virtual printer over data.
func decodePages(t testing.TB, data []byte, dots int) []*image.Gray {
	var pages []*image.Gray
	d := escpos.NewDecoder(dots, func(g *image.Gray) { pages = append(pages, g) })
	d.Write(data)
	d.Flush()
	return pages
}

func checkGolden(t *testing.T, name string, img *image.Gray) {
	t.Helper()
	path := filepath.Join("testdata", name)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update and look at the PNG)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v, golden %v", name, img.Bounds(), want.Bounds())
	}
	diff := 0
	for y := 0; y < img.Rect.Dy(); y++ {
		for x := 0; x < img.Rect.Dx(); x++ {
			r, _, _, _ := want.At(x, y).RGBA()
			if (r < 0x8000) != (img.GrayAt(x, y).Y < 0x80) {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Fatalf("%s: %d dots differ from the golden page", name, diff)
	}
}

func TestGoldenPages(t *testing.T) {
	plain := sampleTicket()
	plain.Priority, plain.Wait = "", 0
	cases := []struct {
		name string
		dots int
		enc  func(dots int) ([]byte, error)
	}{
		{"ticket-80.png", escpos.Dots80, func(d int) ([]byte, error) { return EncodeTicket(nil, sampleTicket(), d) }},
		{"ticket-58.png", escpos.Dots58, func(d int) ([]byte, error) { return EncodeTicket(nil, sampleTicket(), d) }},
		{"ticket-plain-58.png", escpos.Dots58, func(d int) ([]byte, error) { return EncodeTicket(nil, plain, d) }},
		{"ticket-reprint-80.png", escpos.Dots80, func(d int) ([]byte, error) {
			_, reprint, err := TicketJob(nil, sampleTicket(), Output{Dots: d})
			return reprint, err
		}},
		{"checklist-80.png", escpos.Dots80, func(d int) ([]byte, error) {
			return ChecklistLayout.Render(Checklist{Commune: "UBND xã Hòa An", Title: "Thủ tục đăng ký khai sinh", Code: "1.001193",
				Lines: []string{"GIẤY TỜ CẦN MANG", "[ ] Giấy chứng sinh (bản chính 1, bản sao 0)", "→ Không áp dụng khi đã nộp bản điện tử.", "Phí, lệ phí: Miễn phí"},
				At:    time.Date(2026, 11, 25, 8, 15, 0, 0, zone)}, d)
		}},
		{"receipt-80.png", escpos.Dots80, func(d int) ([]byte, error) { return encodeForm(sampleForm(t, kiosk.FormReceipt), d) }},
		{"tracking-80.png", escpos.Dots80, func(d int) ([]byte, error) { return encodeForm(sampleForm(t, kiosk.FormTracking), d) }},
		{"apology-58.png", escpos.Dots58, func(d int) ([]byte, error) { return encodeForm(sampleForm(t, kiosk.FormApology), d) }},
		{"testpage-80.png", escpos.Dots80, func(d int) ([]byte, error) {
			return TestPageLayout.Render(TestPageData{URI: "virtual:", Dots: d, At: time.Date(2026, 11, 25, 8, 15, 0, 0, zone)}, d)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := c.enc(c.dots)
			if err != nil {
				t.Fatal(err)
			}
			pages := decodePages(t, data, c.dots)
			if len(pages) != 1 {
				t.Fatalf("%d pages, want 1", len(pages))
			}
			checkGolden(t, c.name, pages[0])
		})
	}
}
