package web

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

func upload(t *testing.T, c *http.Client, url, ctype string, body []byte) (int, map[string]any) {
	t.Helper()
	res, err := c.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// An admin uploads a clerk's photo: a text file and an 11 MB file are refused in words; a
// PNG is cropped to a square JPEG that the display's badge links to.
func TestStaffPhotoUploadReachesTheDisplay(t *testing.T) {
	rig := newLANRig(t, func(s *Server) {})
	rig.s.StaffAdmin = rig.s.Auth.(kiosk.StaffAdmin)
	admin := rig.login(t, "192.0.2.30", "quantri", "9999")
	url := rig.ts.URL + "/api/v1/admin/staff/canbo1/photo"

	code, body := upload(t, admin, url, "text/plain", []byte("không phải ảnh"))
	if msg, _ := body["error"].(map[string]any)["message"].(string); code != 400 || !strings.Contains(msg, "không phải ảnh JPEG hoặc PNG") {
		t.Fatalf("text file: %d %v", code, body)
	}
	code, body = upload(t, admin, url, "image/jpeg", bytes.Repeat([]byte{0xff}, 11<<20))
	if msg, _ := body["error"].(map[string]any)["message"].(string); code != 413 || !strings.Contains(msg, "tối đa 10 MB") {
		t.Fatalf("11 MB: %d %v", code, body)
	}
	clerk := rig.login(t, "192.0.2.31", "canbo2", "2222")
	if code, _ := upload(t, clerk, url, "image/png", []byte("x")); code != http.StatusForbidden {
		t.Fatalf("a clerk uploads: %d", code)
	}

	var pic bytes.Buffer
	_ = png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 900, 1200)))
	code, body = upload(t, admin, url, "image/png", pic.Bytes())
	if code != 200 {
		t.Fatalf("png: %d %v", code, body)
	}
	photoURL, _ := body["photo_url"].(string)

	// canbo1 opens counter 1: the display's state carries the badge with the photo.
	c1 := rig.login(t, "192.0.2.32", "canbo1", "1111")
	res, err := c1.Post(rig.ts.URL+"/api/v1/counters/1/resume", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var st kiosk.QueueState
	res, err = http.Get(rig.ts.URL + "/api/v1/queue")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(res.Body).Decode(&st)
	res.Body.Close()
	if st.Counters[0].Staff == nil || st.Counters[0].Staff.PhotoURL != photoURL || photoURL == "" {
		t.Fatalf("badge %+v, uploaded %q", st.Counters[0].Staff, photoURL)
	}
	res, err = http.Get(rig.ts.URL + photoURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != img.Bounds().Dy() || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("photo: %v %v %q", err, img.Bounds(), res.Header.Get("Cache-Control"))
	}
}
