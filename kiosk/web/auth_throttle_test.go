package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// The lockout storm, over HTTP: 20 wrong PINs from one LAN client at the four public
// staff ids in the same instant. The client gets 429 with Retry-After once its own tries
// are spent, every clerk still logs in from their PC, and the answers say how many tries
// are left.
func TestLockoutStormOverHTTP(t *testing.T) {
	rig := newLANRig(t, nil)
	attacker := rig.from("192.0.2.66")
	var statuses []int
	var lastLeft string
	for _, id := range []string{"canbo1", "canbo2", "canbo3", "quantri"} {
		for range 5 {
			res, err := attacker.Post(rig.ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"`+id+`","pin":"0000"}`))
			if err != nil {
				t.Fatal(err)
			}
			b := decodeError(t, res)
			statuses = append(statuses, res.StatusCode)
			switch res.StatusCode {
			case 401:
				lastLeft = b.Error.Message
			case 429:
				if res.Header.Get("Retry-After") == "" || b.Error.RetryAfter == 0 || b.Error.Code != kiosk.ETOOMANY {
					t.Fatalf("429 without its wait: %v %+v", res.Header, b)
				}
			default:
				t.Fatalf("%s: %d %+v", id, res.StatusCode, b)
			}
		}
	}
	want := fmt.Sprint(append(repeat(401, kiosk.SourceThrottle.Free), repeat(429, 20-kiosk.SourceThrottle.Free)...))
	if fmt.Sprint(statuses) != want {
		t.Fatalf("statuses %v, want %s", statuses, want)
	}
	if !strings.Contains(lastLeft, "Xin chờ 5 giây") {
		t.Fatalf("the failure that began the wait says %q", lastLeft)
	}
	for i, d := range [][2]string{{"canbo1", "1111"}, {"canbo2", "2222"}, {"canbo3", "3333"}, {"quantri", "9999"}} {
		rig.login(t, fmt.Sprintf("192.0.2.%d", 30+i), d[0], d[1])
	}
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// An admin sees the slowed accounts and addresses on the admin page's API and unlocks
// one; a clerk may do neither.
func TestAdminUnlocksFromTheAdminPage(t *testing.T) {
	rig := newLANRig(t, nil)
	for i := range kiosk.AccountThrottle.Free {
		res, _ := rig.from(fmt.Sprintf("192.0.2.%d", 100+i)).Post(rig.ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"canbo2","pin":"0000"}`))
		res.Body.Close()
	}
	res, _ := rig.from("192.0.2.40").Post(rig.ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"staff_id":"canbo2","pin":"2222"}`))
	if b := decodeError(t, res); res.StatusCode != 429 || !strings.Contains(b.Error.Message, "quản trị viên mở khóa") {
		t.Fatalf("locked account: %d %+v", res.StatusCode, b)
	}

	clerk := rig.login(t, "192.0.2.41", "canbo1", "1111")
	admin := rig.login(t, "192.0.2.42", "quantri", "9999")
	if res, _ := clerk.Get(rig.ts.URL + "/api/v1/admin/logins"); res.StatusCode != 403 {
		t.Fatalf("a clerk lists the throttles: %d", res.StatusCode)
	}
	if status, _ := postJSON(t, clerk, rig.ts.URL+"/api/v1/admin/logins/unlock", `{"kind":"staff","key":"canbo2"}`); status != 403 {
		t.Fatalf("a clerk unlocks: %d", status)
	}
	res, err := admin.Get(rig.ts.URL + "/api/v1/admin/logins")
	if err != nil {
		t.Fatal(err)
	}
	var list []kiosk.LoginThrottle
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if len(list) == 0 || list[0].Key != "canbo2" || list[0].Name != "Trần Văn Hùng" || list[0].BlockedUntil.IsZero() {
		t.Fatalf("throttles %+v", list)
	}
	if status, body := postJSON(t, admin, rig.ts.URL+"/api/v1/admin/logins/unlock", `{"kind":"staff","key":"canbo2"}`); status != 200 {
		t.Fatalf("unlock: %d %v", status, body)
	}
	rig.login(t, "192.0.2.40", "canbo2", "2222")
	if status, _ := postJSON(t, admin, rig.ts.URL+"/api/v1/admin/logins/unlock", `{"kind":"staff","key":"canbo2","extra":1}`); status != 400 {
		t.Fatalf("unlock with an unknown field: %d", status)
	}
}

// Loopback acts as admin only when the setting says so; by default a server listening on
// the LAN does not trust it, since a reverse proxy on the kiosk PC would forward LAN
// requests from loopback.
func TestLoopbackTrustIsASetting(t *testing.T) {
	r, _ := http.NewRequest("POST", "/api/v1/notice", nil)
	r.RemoteAddr, r.Host = "127.0.0.1:5555", "127.0.0.1:8080"
	if err := (&Server{}).SessionAuthorize(r, "admin"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("loopback trusted without the setting: %v", err)
	}
	if err := (&Server{TrustLoopback: true}).SessionAuthorize(r, "admin"); err != nil {
		t.Fatalf("loopback with the setting: %v", err)
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.2:0": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:8080": false, "192.168.1.20:8080": false, "kiosk.local:8080": false, "": false,
	} {
		if got := ListensOnLoopback(addr); got != want {
			t.Errorf("ListensOnLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}
