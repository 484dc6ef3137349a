package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// fakeVoice serves any clip name it is asked for and any code, so the test sees what the
// routes let through to it.
type fakeVoice struct{ asked *[]string }

func (f fakeVoice) Open(name string) ([]byte, error) {
	*f.asked = append(*f.asked, name)
	if name == "p_missing_clip" {
		return nil, errors.New("no such clip")
	}
	return []byte("RIFF" + name), nil
}

func (f fakeVoice) CodeWAV(code string, digits bool) ([]byte, error) {
	*f.asked = append(*f.asked, "code:"+code)
	if code == "" || strings.ContainsAny(code, " ") {
		return nil, errors.New("not a code")
	}
	return []byte("RIFF" + code), nil
}

// The kiosk's "Nghe": prompt clips and ticket codes are served, CORS open; nothing else of
// the library is.
func TestVoiceServesPromptsAndCodesOnly(t *testing.T) {
	var asked []string
	v := fakeVoice{&asked}
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clips: v, Codes: v}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	get := func(path string) (int, string) {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode == 200 && (res.Header.Get("Content-Type") != "audio/wav" || res.Header.Get("Access-Control-Allow-Origin") != "*") {
			t.Errorf("%s: headers %v", path, res.Header)
		}
		return res.StatusCode, string(b)
	}
	for path, want := range map[string]string{
		"/api/v1/voice/clips/p_kiosk_welcome": "RIFFp_kiosk_welcome",
		"/api/v1/voice/clips/them_thoi_gian":  "RIFFthem_thoi_gian",
		"/api/v1/voice/code?code=A001":        "RIFFA001",
	} {
		if status, body := get(path); status != 200 || body != want {
			t.Errorf("%s: %d %q", path, status, body)
		}
	}
	asked = nil
	for _, path := range []string{"/api/v1/voice/clips/letter_a", "/api/v1/voice/clips/xin_moi", "/api/v1/voice/clips/p_", "/api/v1/voice/clips/P_KIOSK"} {
		if status, _ := get(path); status != 404 {
			t.Errorf("%s: %d, want 404", path, status)
		}
	}
	if len(asked) != 0 {
		t.Errorf("refused names reached the library: %v", asked)
	}
	if status, _ := get("/api/v1/voice/clips/p_missing_clip"); status != 404 {
		t.Errorf("a missing prompt clip: %d", status)
	}
	for _, q := range []string{"", "?code=", "?code=Nguy%E1%BB%85n%20V%C4%83n%20A"} {
		if status, _ := get("/api/v1/voice/code" + q); status != 400 {
			t.Errorf("code%s: %d, want 400", q, status)
		}
	}
}

// fakeNames records the texts it is asked to say.
type fakeNames struct{ said []string }

func (f *fakeNames) NameWAV(_ context.Context, text string) ([]byte, error) {
	f.said = append(f.said, text)
	return []byte("RIFF" + text), nil
}

// Configured names are said by kind and id only: the route finds the text in the queue
// configuration or the catalog, so nothing else can be put in its mouth.
func TestVoiceSaysConfiguredNamesByID(t *testing.T) {
	names := &fakeNames{}
	rig := newLANRig(t, func(s *Server) { s.Names = names })
	cat := catalog.NewService(sqlite.NewCatalogStore(rig.db), nil)
	if _, err := cat.LoadDemoIfEmpty(context.Background()); err != nil {
		t.Fatal(err)
	}
	rig.s.Catalog = cat
	fields, _ := cat.Fields(context.Background())
	byField, _ := cat.ByField(context.Background(), fields[0].Name)
	get := func(q string) (int, string) {
		res, err := http.Get(rig.ts.URL + "/api/v1/voice/name?" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	q := kiosk.DefaultQueueConfig()
	hotich, _ := q.ServiceByID("hotich")
	for q, want := range map[string]string{
		"kind=service&id=hotich":                                hotich.Name,
		"kind=field&id=" + url.QueryEscape(fields[0].Name):      fields[0].Name,
		"kind=procedure&id=" + url.QueryEscape(byField[0].Code): byField[0].Name,
	} {
		if status, body := get(q); status != 200 || body != "RIFF"+want {
			t.Errorf("%s: %d %q, want %q", q, status, body, want)
		}
	}
	for q, status := range map[string]int{
		"kind=service&id=nope":                    404,
		"kind=field&id=Nguy%E1%BB%85n%20V%C4%83n": 404,
		"kind=procedure&id=9.999999":              404,
		"kind=staff&id=1":                         400,
		"kind=text&id=Nguy%E1%BB%85n":             400,
	} {
		if got, body := get(q); got != status {
			t.Errorf("%s: %d %s, want %d", q, got, body, status)
		}
	}
	if len(names.said) != 3 {
		t.Errorf("said %q: only the three configured names should reach the synthesiser", names.said)
	}
}
