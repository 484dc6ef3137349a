package sync

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A dossier_state argument is checked where it is queued and where it is applied, by the
// same function: bad JSON, an unknown action, no reason to refuse or stop are refused
// with words for IT; a good one reads back the same through String.
func TestParseDossierStateArg(t *testing.T) {
	good := []string{
		`{"code":"000.00.06.H56-260305-0001","action":"done"}`,
		`{"code":"000.00.06.H56-260305-0001","action":"back","at":"2026-03-05T02:00:00Z","by":"Sở Tư pháp"}`,
		`{"code":"X-1","action":"refuse","reason":"Hồ sơ không thuộc thẩm quyền"}`,
		`{"code":"X-1","action":"stop","reason":"Người nộp đã mất"}`,
	}
	for _, arg := range good {
		a, err := ParseDossierStateArg(arg)
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		again, err := ParseDossierStateArg(a.String())
		if err != nil || again != a {
			t.Fatalf("%s does not read back: %q %v", arg, a.String(), err)
		}
	}
	a, _ := ParseDossierStateArg(good[1])
	if !a.At.Equal(time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC)) || a.By != "Sở Tư pháp" || !strings.Contains(a.String(), "Sở Tư pháp") {
		t.Fatalf("parsed %+v as %s", a, a.String())
	}
	bad := map[string]string{
		``:                                             "JSON",
		`{"code":"X-1","action":"done"`:                "JSON",
		`{"code":"X-1","action":"done"} {}`:            "JSON",
		`["done"]`:                                     "JSON",
		`{"code":"X-1","action":"done","x":1}`:         "JSON",
		`{"action":"done"}`:                            "mã hồ sơ",
		`{"code":"X 1","action":"done"}`:               "mã hồ sơ",
		`{"code":"X-1","action":"return"}`:             "không hợp lệ",
		`{"code":"X-1","action":"DONE"}`:               "không hợp lệ",
		`{"code":"X-1","action":"refuse"}`:             "lý do",
		`{"code":"X-1","action":"stop","reason":"  "}`: "lý do",
		`{"code":"X-1","action":"stop","reason":"` + strings.Repeat("á", 1001) + `"}`: "quá dài",
	}
	for arg, want := range bad {
		_, err := ParseDossierStateArg(arg)
		var p *Problem
		if !errors.As(err, &p) || p.Status != 400 || p.Code != CodeMalformed || !strings.Contains(p.ReasonVI, want) || p.Reason == "" {
			t.Errorf("%.60s: %v (vi %q), want %q", arg, err, reasonVI(err), want)
		}
	}
}

func reasonVI(err error) string {
	var p *Problem
	if errors.As(err, &p) {
		return p.ReasonVI
	}
	return ""
}

// Whatever IT or a script sends, parsing never panics and what it accepts reads back.
func FuzzParseDossierStateArg(f *testing.F) {
	f.Add(`{"code":"X-1","action":"done"}`)
	f.Add(`{"code":"X-1","action":"refuse","reason":"Không đủ giấy tờ","by":"A","at":"2026-03-05T02:00:00+07:00"}`)
	f.Add(`{"code":"","action":""}`)
	f.Fuzz(func(t *testing.T, arg string) {
		a, err := ParseDossierStateArg(arg)
		if err != nil {
			return
		}
		if b, err := ParseDossierStateArg(a.String()); err != nil || b.Code != a.Code || b.Action != a.Action || b.Reason != a.Reason || !b.At.Equal(a.At) {
			t.Fatalf("%q accepted as %+v but reads back as %+v %v", arg, a, b, err)
		}
	})
}
