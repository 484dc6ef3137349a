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

// The slip keeps each document's condition under it, and prints only the documents ticked
// on screen (all of them when none is ticked).
func TestChecklistOfTickedDocumentsWithConditions(t *testing.T) {
	p := &kiosk.Procedure{Code: "1.000001", Name: "Đăng ký nhận cha, mẹ, con", Documents: []kiosk.Document{
		{Name: "Tờ khai", Original: 1},
		{Name: "Giấy khám sức khỏe", Original: 1, Note: "Không áp dụng khi cha dượng, mẹ kế nhận con riêng của vợ/chồng."},
		{Name: "Ghi chú chung, không phải giấy tờ"},
		{Name: "Căn cước", Copy: 1},
	}}
	all := strings.Join(catalog.ChecklistOf(p, "vi").Lines, "\n")
	if !strings.Contains(all, "[ ] Giấy khám sức khỏe (bản chính 1, bản sao 0)\n→ Không áp dụng khi cha dượng") ||
		!strings.Contains(all, "Tờ khai") || !strings.Contains(all, "Căn cước") || strings.Contains(all, "Ghi chú chung") {
		t.Fatalf("all documents:\n%s", all)
	}
	some := strings.Join(catalog.ChecklistOf(p, "vi", 1, 3).Lines, "\n")
	if strings.Contains(some, "Tờ khai") || !strings.Contains(some, "Không áp dụng khi") || !strings.Contains(some, "Căn cước") {
		t.Fatalf("ticked 1 and 3:\n%s", some)
	}
	if err := catalog.CheckTicked(p, []int{3}); err != nil {
		t.Fatal(err)
	}
	if err := catalog.CheckTicked(p, []int{4}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("index 4 of 4 documents: %v", err)
	}
}
