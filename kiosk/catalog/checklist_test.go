package catalog_test

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

func TestChecklistOfBirthRegistration(t *testing.T) {
	b, err := catalog.Parse(catalog.DemoBundle())
	if err != nil {
		t.Fatal(err)
	}
	c := catalog.ChecklistOf(&b.Procedures[0], "vi")
	got := strings.Join(c.Lines, "\n")
	for _, want := range []string{
		"GIẤY TỜ CẦN MANG",
		"[ ] Giấy chứng sinh (bản chính 1, bản sao 0)",
		"Phí, lệ phí: Miễn phí",
		"Miễn lệ phí đối với đăng ký khai sinh đúng hạn",
		"Thời gian giải quyết: 1 ngày làm việc",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("slip lacks %q:\n%s", want, got)
		}
	}
	if c.Title != "Thủ tục đăng ký khai sinh" || c.Code != "1.001193" {
		t.Errorf("title %q code %q", c.Title, c.Code)
	}
	if en := catalog.ChecklistOf(&b.Procedures[0], "en"); en.Title != "Birth registration" || en.Lines[0] != "DOCUMENTS TO BRING" {
		t.Errorf("English slip: %+v", en)
	}
}

// A fee the province states in dollars is printed in dollars, never as đồng.
func TestChecklistPrintsAForeignFeeInItsCurrency(t *testing.T) {
	b, err := catalog.Parse(catalog.DemoBundle())
	if err != nil {
		t.Fatal(err)
	}
	p := b.Procedures[0]
	five := 5.0
	p.Fee = kiosk.Fee{Amount: &five, Currency: "USD", Text: "Lệ phí: 5 USD. Đăng ký khai sinh"}
	got := strings.Join(catalog.ChecklistOf(&p, "vi").Lines, "\n")
	if !strings.Contains(got, "Phí, lệ phí: 5 USD\n") || strings.Contains(got, "đồng") {
		t.Errorf("slip:\n%s", got)
	}
}
