package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

var bodySeeds = []string{
	`{"staff_id":"canbo1","pin":"1111"}`, `{"staff_id":"canbo1","pin":"0000"}`, `{"service_id":"hotich","priority":""}`,
	`{"service_id":"hotich","priority":"disabled"}`, `{"service_id":"nope"}`, `{"service_id":1}`, `{"pin":null}`,
	`{"staff_id":"canbo1","pin":"1111","role":"admin"}`, `{"service_id":"hotich"} {}`, `[]`, `null`, `""`, ``, `{`,
	`{"staff_id":"` + strings.Repeat("a", 2000) + `"}`, `{"staff_id":"Đức\u0000","pin":"١٢٣٤"}`, `{"priority":{"a":[1,2,{}]}}`,
}

// fuzzBody posts each body to path and checks the answer: never a 5xx, always JSON, and
// every refusal a kiosk error with its code and both messages.
func fuzzBody(f *testing.F, path string, window bool) {
	for _, s := range bodySeeds {
		f.Add(s)
	}
	rig := newLANRig(f, nil)
	h := rig.s.Handler()
	if window {
		h = FromWindow(h) // numbers from the kiosk window: no rate limit in the way
	}
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		i := n.Add(1) // a new address each time, so the login throttle does not hide the decoding
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:5000", i>>16&255, i>>8&255, i&255)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" || e.Error.MessageEN == "" {
				t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
			}
			return
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
		if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
			t.Fatalf("%q: %d", body, rec.Code)
		}
	})
}

func FuzzLoginBody(f *testing.F)  { fuzzBody(f, "/api/v1/auth/login", false) }
func FuzzTicketBody(f *testing.F) { fuzzBody(f, "/api/v1/tickets", true) }
