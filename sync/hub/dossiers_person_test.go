package hub

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// One person's data on request: by ID number in the body (typed any way), province IT
// only, the applicant whole with the dossier in the portal's fields, in the audit log by
// dossier and never by number, and the number and phone in no log line.
func TestPersonExportByIDNumber(t *testing.T) {
	r, _, _ := exportRig(t)
	status, body := r.api("POST", "/admin/v1/dossiers/person", `{"id_number":"0010 9001 2345"}`)
	var out PersonExport
	if status != 200 || json.Unmarshal([]byte(body), &out) != nil || len(out.Dossiers) != 1 {
		t.Fatalf("%d %s", status, body)
	}
	d := out.Dossiers[0]
	if d.Code != exportD1 || d.Applicant.IDNumber != "001090012345" || d.Applicant.Phone != "0987654321" ||
		d.Portal.MaHoSo != exportD1 || d.Portal.SoDienThoai != "0987654321" || len(d.Portal.QuaTrinhXuLy) != 7 || out.IDNumber != "*********345" {
		t.Errorf("An's export: %+v", out)
	}
	for _, bad := range []struct {
		method, body string
		want         int
	}{
		{"POST", `{"id_number":"00109001234"}`, http.StatusBadRequest},
		{"POST", `001090012345`, http.StatusBadRequest},
		{"POST", `{"id_number":"099999999999"}`, http.StatusNotFound},
		{"GET", ``, http.StatusMethodNotAllowed},
	} {
		if status, body := r.api(bad.method, "/admin/v1/dossiers/person", bad.body); status != bad.want || strings.Contains(body, "0912345678") {
			t.Errorf("%s %s: %d %s, want %d", bad.method, bad.body, status, body, bad.want)
		}
	}
	r.addUser("cum.doanhung", RoleCluster, "Đoan Hùng")
	b := r.browser()
	b.login("cum.doanhung", testPassword)
	if resp, body := b.do("POST", "/admin/v1/dossiers/person", nil, map[string]string{"X-CSRF-Token": b.csrf}); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "001090012345") {
		t.Errorf("a cluster's IT: %d %s", resp.StatusCode, body)
	}
	log, err := r.store.AuditLog(t.Context(), AuditQuery{Actor: "admin-token"})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range log {
		if e.Action == auditPersonExport {
			found = append(found, e.Target+" | "+e.Detail)
			if strings.Contains(e.Target+e.Detail, "345") {
				t.Errorf("the audit log names the number: %+v", e)
			}
		}
	}
	// Newest first: the number nobody had, then An's.
	if len(found) != 2 || found[0] != " | 0 dossiers, by ID number" || !strings.HasSuffix(found[1], "/"+exportD1+" | 1 dossiers, by ID number") {
		t.Errorf("person exports in the audit log: %q", found)
	}
	if logged := r.log.text(); strings.Contains(logged, "001090012345") || strings.Contains(logged, "0987654321") || strings.Contains(logged, "0912345678") {
		t.Errorf("personal data in the hub's log: %s", logged)
	}
}

func (l *logLines) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
