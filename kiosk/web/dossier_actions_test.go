package web

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A dossier's answers to staff say what the caller may do to it now and which forms apply,
// as kiosk.DossierActions and kiosk.DossierForms say: the counter renders exactly these.
func TestDossierAnswersCarryTheirActions(t *testing.T) {
	rig := newDossierLANRig(t)
	clerk := rig.login(t, "192.0.2.21", "canbo1", "1111")
	admin := rig.login(t, "192.0.2.23", "quantri", "9999")
	if status, body := call(t, clerk, "POST", rig.ts.URL+"/api/v1/dossiers", intakeBody); status != 201 {
		t.Fatalf("intake: %d %s", status, body)
	}
	base := rig.ts.URL + "/api/v1/dossiers/000.00.06.H56-261125-0001"
	read := func(status int, body []byte) kiosk.Dossier {
		t.Helper()
		var d kiosk.Dossier
		if err := json.Unmarshal(body, &d); status != 200 || err != nil {
			t.Fatalf("%d %s", status, body)
		}
		return d
	}
	names := func(as []kiosk.DossierAction) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Action)
		}
		return out
	}
	check := func(who string, role kiosk.Role, d kiosk.Dossier, want []string) {
		t.Helper()
		if got := names(d.Actions); !slices.Equal(got, want) {
			t.Errorf("%s in %s: actions %v, want %v", who, d.StatusNameEN, got, want)
		}
		if !slices.EqualFunc(d.Actions, kiosk.DossierActions(d, role), func(a, b kiosk.DossierAction) bool {
			return a.Action == b.Action && a.Ends == b.Ends && slices.Equal(a.Needs, b.Needs)
		}) {
			t.Errorf("%s: %+v is not what DossierActions says", who, d.Actions)
		}
		if !slices.Equal(d.Forms, kiosk.DossierForms(d)) {
			t.Errorf("%s: forms %v", who, d.Forms)
		}
	}
	received := []string{"process", "supplement", "done", "reschedule", "refuse", "withdraw", "applicant"}
	d := read(call(t, clerk, "GET", base, ""))
	check("clerk", kiosk.RoleClerk, d, received)
	if !slices.Equal(d.Forms, []string{"receipt", "tracking"}) {
		t.Errorf("forms of a received dossier: %v", d.Forms)
	}
	check("admin", kiosk.RoleAdmin, read(call(t, admin, "GET", base, "")), append(received[:6:6], "stop", "applicant"))

	// The transition's answer says what the new state allows.
	d = read(call(t, clerk, "POST", base+"/transition", `{"action":"supplement","missing":["Bản sao giấy khai sinh"]}`))
	check("clerk", kiosk.RoleClerk, d, []string{"supplemented", "withdraw", "applicant"})
	if !slices.Equal(d.Forms, []string{"receipt", "supplement", "tracking"}) {
		t.Errorf("forms after a request to complete: %v", d.Forms)
	}
	if w := d.Actions[1]; w.Action != "withdraw" || !w.Ends || !slices.Equal(w.Needs, []string{"reason"}) {
		t.Errorf("withdraw: %+v", w)
	}
	d = read(call(t, clerk, "PUT", base+"/applicant", `{"applicant":{"name":"Nguyễn Văn An","phone":"0987000111"},"reason":"Sửa số điện thoại"}`))
	check("clerk", kiosk.RoleClerk, d, []string{"supplemented", "withdraw", "applicant"})
	for _, step := range []string{`{"action":"supplemented"}`, `{"action":"done"}`} {
		d = read(call(t, clerk, "POST", base+"/transition", step))
	}
	check("clerk", kiosk.RoleClerk, d, []string{"return", "applicant"})
	d = read(call(t, clerk, "POST", base+"/transition", `{"action":"return"}`))
	check("clerk", kiosk.RoleClerk, d, []string{"applicant"})
}
