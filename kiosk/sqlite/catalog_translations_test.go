package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"golang.org/x/text/unicode/norm"
)

// A bundle carries translations for any ISO 639 code: the synthetic markers here stand in
// for texts only a native speaker may write (no Bahnar, Jrai or Ê Đê is invented).
func TestBundleCarriesTranslationsForAnyLanguage(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	b := demo(t)
	p := procedure(b, 0)
	code := p["code"].(string)
	docs := len(p["documents"].([]any))
	// Decomposed on purpose: the kiosk stores NFC whatever the publisher sent.
	marked := norm.NFD.String("[bdq] Đăng ký khai sinh ê̆ ƀ")
	p["translations"] = map[string]any{
		"en":  map[string]any{"name": "Birth registration"},
		"bdq": map[string]any{"name": marked, "fee_text": "[bdq] lệ phí", "documents": make([]any, docs)},
		"jra": map[string]any{"name": "[jra] khai sinh"},
	}
	for i := range docs {
		p["translations"].(map[string]any)["bdq"].(map[string]any)["documents"].([]any)[i] = "[bdq] giấy tờ"
	}
	b["fields"].([]any)[0].(map[string]any)["translations"] = map[string]any{"rad": "[rad] lĩnh vực"}
	if _, err := svc.Apply(ctx, encode(t, b)); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Procedure(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	bdq := got.Translations["bdq"]
	if bdq.Name != norm.NFC.String(marked) || bdq.FeeText != "[bdq] lệ phí" || len(bdq.Documents) != docs {
		t.Errorf("bdq translation = %+v", bdq)
	}
	// Lists carry each language's name, so a list in Bahnar shows the Bahnar names.
	list, err := svc.ByField(ctx, got.Field)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Code == code && (s.Names["bdq"] != bdq.Name || s.Names["jra"] != "[jra] khai sinh" || s.Names["en"] != "Birth registration") {
			t.Errorf("summary names = %v", s.Names)
		}
		if s.Code != code && s.Names["bdq"] != "" {
			t.Errorf("%s has a bdq name it was never given", s.Code)
		}
	}
	found, err := svc.Search(ctx, "khai sinh", 5)
	if err != nil || len(found) == 0 || found[0].Code != code || found[0].Names["bdq"] == "" {
		t.Errorf("search: %+v %v", found, err)
	}
	fields, _ := svc.Fields(ctx)
	if fields[0].Translations["rad"] != "[rad] lĩnh vực" {
		t.Errorf("field translations = %v", fields[0].Translations)
	}
}

// A translation keyed by something that is not a language code, or by vi, or listing more
// documents than the Vietnamese, is refused with a Vietnamese message naming it.
func TestBundleRefusesBadTranslations(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, want string
		breakIt    func(b map[string]any)
	}{
		{"a name, not a code", "Mã ngôn ngữ «Bahnar» không hợp lệ", func(b map[string]any) {
			procedure(b, 0)["translations"] = map[string]any{"Bahnar": map[string]any{"name": "x"}}
		}},
		{"upper case", "Mã ngôn ngữ «BDQ» không hợp lệ", func(b map[string]any) {
			procedure(b, 0)["translations"] = map[string]any{"BDQ": map[string]any{"name": "x"}}
		}},
		{"vi", "không dùng mã vi", func(b map[string]any) {
			procedure(b, 0)["translations"] = map[string]any{"vi": map[string]any{"name": "x"}}
		}},
		{"more documents", "giấy tờ, bản tiếng Việt chỉ có", func(b map[string]any) {
			procedure(b, 0)["translations"] = map[string]any{"jra": map[string]any{"documents": make([]any, 99)}}
			for i := range 99 {
				procedure(b, 0)["translations"].(map[string]any)["jra"].(map[string]any)["documents"].([]any)[i] = "[jra]"
			}
		}},
		{"a field's", "Mã ngôn ngữ «ba-na» không hợp lệ", func(b map[string]any) {
			b["fields"].([]any)[0].(map[string]any)["translations"] = map[string]any{"ba-na": "x"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := newService(t)
			b := demo(t)
			tc.breakIt(b)
			_, err := svc.Apply(ctx, encode(t, b))
			var ke *kiosk.Error
			if !errors.As(err, &ke) || ke.Code != kiosk.EINVALID || !strings.Contains(ke.Message, tc.want) || !strings.Contains(ke.Field, "translations") {
				t.Fatalf("err = %v (%+v), want EINVALID with %q", err, ke, tc.want)
			}
			if _, err := svc.Info(ctx); err == nil {
				t.Error("a refused bundle was applied")
			}
		})
	}
}
