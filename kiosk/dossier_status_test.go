package kiosk

import (
	"testing"
	"time"
)

// Who may move a dossier where: the one table, read through NextStatus.
func TestNextStatus(t *testing.T) {
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, Zone)
	cases := []struct {
		from DossierStatus
		role Role
		c    DossierChange
		to   DossierStatus
		code string
	}{
		{DossierReceived, RoleClerk, DossierChange{Action: ActionProcess}, DossierProcessing, ""},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionForward, To: "UBND tỉnh"}, DossierProcessing, ""},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionForward}, 0, EINVALID},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionSupplement, Missing: []string{"Bản sao giấy khai sinh"}}, DossierSupplement, ""},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionSupplement, Missing: []string{" "}}, 0, EINVALID},
		{DossierSupplement, RoleClerk, DossierChange{Action: ActionSupplemented}, DossierProcessing, ""},
		{DossierSupplement, RoleClerk, DossierChange{Action: ActionDone}, 0, ECONFLICT},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionDone}, DossierReady, ""},
		{DossierReady, RoleClerk, DossierChange{Action: ActionReturn}, DossierReturned, ""},
		{DossierReturned, RoleClerk, DossierChange{Action: ActionProcess}, 0, ECONFLICT},
		{DossierReceived, RoleClerk, DossierChange{Action: ActionRefuse}, 0, EINVALID},
		{DossierReceived, RoleClerk, DossierChange{Action: ActionRefuse, Reason: "Hồ sơ không thuộc thẩm quyền"}, DossierRefused, ""},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionStop, Reason: "x"}, 0, EFORBIDDEN},
		{DossierProcessing, RoleAdmin, DossierChange{Action: ActionStop, Reason: "x"}, DossierStopped, ""},
		{DossierProcessing, RoleHub, DossierChange{Action: ActionDone}, DossierReady, ""},
		{DossierProcessing, RoleHub, DossierChange{Action: ActionHandover, To: "x"}, 0, EFORBIDDEN},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionReschedule, Reason: "Chờ xác minh"}, 0, EINVALID},
		{DossierProcessing, RoleClerk, DossierChange{Action: ActionReschedule, Reason: "Chờ xác minh", Appointment: &day}, DossierProcessing, ""},
		{DossierReceived, RoleClerk, DossierChange{Action: "approve"}, 0, EINVALID},
		{DossierReceived, "", DossierChange{Action: ActionProcess}, 0, EFORBIDDEN},
	}
	for _, c := range cases {
		to, err := NextStatus(c.from, c.role, c.c)
		if ErrorCode(err) != c.code || to != c.to {
			t.Errorf("%s %s by %q: %v %v, want %v %q", c.c.Action, c.from.NameEN(), c.role, to, err, c.to, c.code)
		}
	}
}

// Overdue is derived: past the appointment while the clock runs.
func TestOverdue(t *testing.T) {
	appt := time.Date(2026, 3, 9, 9, 0, 0, 0, Zone)
	after := appt.Add(time.Minute)
	for s, want := range map[DossierStatus]bool{DossierReceived: true, DossierProcessing: true, DossierPaying: true,
		DossierSupplement: false, DossierReady: false, DossierReturned: false, DossierRefused: false} {
		if got := Overdue(s, appt, after); got != want {
			t.Errorf("%s: overdue %v", s.NameEN(), got)
		}
	}
	if Overdue(DossierProcessing, appt, appt) || Overdue(DossierProcessing, time.Time{}, after) {
		t.Error("overdue at the appointment itself, or without one")
	}
	for s := DossierRegistered; s <= DossierReturned; s++ {
		if s.Name() == "" || s.Portal() == "" {
			t.Errorf("status %d has no name", s)
		}
	}
}

// A code is read from what a villager types or the receipt's QR holds.
func TestParseDossierCode(t *testing.T) {
	for in, want := range map[string]string{
		"000.00.06.H56-231027-0361":                            "000.00.06.H56-231027-0361",
		" 000.00.06.h56-231027-0361 ":                          "000.00.06.H56-231027-0361",
		"http://192.168.1.10:8080/d/000.00.06.H56-231027-0361": "000.00.06.H56-231027-0361",
		"000.00.06.H56-231027-361":                             "",
		"A012":                                                 "",
		"http://evil/d/../../etc":                              "",
	} {
		got, err := ParseDossierCode(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ParseDossierCode(%q) = %q, %v", in, got, err)
		}
	}
	if c := DossierCode("000.00.06.H56", time.Date(2023, 10, 27, 23, 30, 0, 0, Zone), 361); c != "000.00.06.H56-231027-0361" {
		t.Errorf("DossierCode = %s", c)
	}
	if LookupURL("", "X-1") != "X-1" || LookupURL("http://10.0.0.2:8080/", "X-1") != "http://10.0.0.2:8080/d/X-1" {
		t.Error("LookupURL")
	}
	if ValidateAgencyCode("000.00.06.H56") != nil || ValidateAgencyCode("000..06") == nil || ValidateAgencyCode("x-1") == nil {
		t.Error("agency codes")
	}
}
