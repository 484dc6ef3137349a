package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// An admin's change of the queue is listed in the audit under their name; a clerk may not
// read the list, nor change the queue.
func TestAuditListsTheAdminsChange(t *testing.T) {
	rig := newLANRig(t, nil)
	rig.s.Audit = &sqlite.AuditLog{DB: rig.db}

	admin := rig.login(t, "192.0.2.30", "quantri", "9999")
	clerk := rig.login(t, "192.0.2.31", "canbo1", "1111")

	c := kiosk.DefaultQueueConfig()
	c.Services[0].Examples = "khai sinh, kết hôn, sao y…"
	body, _ := json.Marshal(c)
	put := func(cl *http.Client) int {
		req, _ := http.NewRequest("PUT", rig.ts.URL+"/api/v1/admin/queue", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		res, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := put(clerk); code != http.StatusForbidden {
		t.Fatalf("clerk's PUT: %d", code)
	}
	if code := put(admin); code != http.StatusOK {
		t.Fatalf("admin's PUT: %d", code)
	}
	res, err := clerk.Get(rig.ts.URL + "/api/v1/admin/audit")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("clerk reads the audit: %d", res.StatusCode)
	}
	res, err = admin.Get(rig.ts.URL + "/api/v1/admin/audit?limit=10")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list []kiosk.AuditEntry
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Actor != "quantri" || list[0].ActorName != "Phạm Minh Đức" ||
		list[0].Summary != "Sửa dịch vụ «Hộ tịch – Chứng thực»: ví dụ trên kiosk" {
		t.Fatalf("audit %+v", list)
	}
	res2, _ := admin.Get(rig.ts.URL + "/api/v1/admin/audit?before=x")
	res2.Body.Close()
	if res2.StatusCode != http.StatusBadRequest {
		t.Errorf("before=x: %d", res2.StatusCode)
	}
}
