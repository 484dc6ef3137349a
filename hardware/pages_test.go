package hardware

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPagesHandler(t *testing.T) {
	dir := t.TempDir()
	p, err := Open("virtual:", Options{VirtualDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := p.Encode(TicketLayout, sampleTicket())
	if _, err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/api/v1/printer/pages", PagesHandler(dir, 10)))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/printer/pages/")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Pages []string }
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if len(list.Pages) != 1 {
		t.Fatalf("%+v", list)
	}
	res, err = http.Get(srv.URL + "/api/v1/printer/pages/" + list.Pages[0])
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")) {
		t.Fatalf("%d %q", res.StatusCode, buf.Bytes()[:8])
	}
	for _, bad := range []string{"..%2fmotcua.db", "motcua.db", "page-x.txt"} {
		res, err := http.Get(srv.URL + "/api/v1/printer/pages/" + bad)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}
