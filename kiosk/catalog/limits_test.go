package catalog_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog"
)

// refusal parses data and returns the refusal's text, failing the test when it is not one.
func refusal(t *testing.T, data []byte) string {
	t.Helper()
	_, err := catalog.Parse(data)
	var refused *catalog.RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("Parse = %v, want a refusal", err)
	}
	return err.Error()
}

// withMarker encodes b with the string "MARKER" replaced by raw bytes, which encoding/json
// would never write (invalid UTF-8, megabytes of text).
func withMarker(t *testing.T, b map[string]any, raw []byte) []byte {
	t.Helper()
	return bytes.Replace(encode(t, b), []byte("MARKER"), raw, 1)
}

func TestParseRefusesInvalidUTF8NamingTheRecord(t *testing.T) {
	b := demo(t)
	procedure(b, 3)["name"] = "MARKER"
	data := withMarker(t, b, []byte("Đăng k\xffý"))
	want := "procedures/3 (1.004873): not valid UTF-8 at byte " + strconv.Itoa(bytes.IndexByte(data, 0xff)) + " of the bundle"
	if msg := refusal(t, data); !strings.Contains(msg, want) {
		t.Errorf("refusal:\n%s\nwant %q", msg, want)
	}

	b = demo(t)
	b["issuer"] = "MARKER"
	data = withMarker(t, b, []byte("Sở \xc3"))
	want = "bundle, /issuer: not valid UTF-8 at byte " + strconv.Itoa(bytes.Index(data, []byte("Sở \xc3"))+len("Sở "))
	if msg := refusal(t, data); !strings.Contains(msg, want) {
		t.Errorf("refusal:\n%s\nwant %q", msg, want)
	}
}

// A text longer than any the schema allows is refused where it stands, before a decoder
// copies it: in a procedure, naming the procedure; in the envelope, naming the bundle.
func TestParseRefusesAHugeTextWhereItStands(t *testing.T) {
	huge := bytes.Repeat([]byte("a "), 1<<20) // 2 MB
	b := demo(t)
	procedure(b, 2)["result"] = "MARKER"
	if msg := refusal(t, withMarker(t, b, huge)); !strings.Contains(msg, "procedures/2: the text at byte") || !strings.Contains(msg, "longer than any text a bundle may hold") {
		t.Errorf("refusal:\n%s", msg)
	}
	b = demo(t)
	b["issuer"] = "MARKER"
	if msg := refusal(t, withMarker(t, b, huge)); !strings.Contains(msg, "bundle: the text at byte") {
		t.Errorf("refusal:\n%s", msg)
	}
	// The longest text the schema allows passes the splitter and meets the schema.
	b = demo(t)
	procedure(b, 2)["result"] = strings.Repeat("ệ", 100_000)
	if _, err := catalog.Parse(encode(t, b)); err != nil {
		t.Errorf("a text of 100,000 characters: %v", err)
	}
}

func TestParseRefusesAProcedureOverItsLimit(t *testing.T) {
	b := demo(t)
	var docs []any
	note := strings.Repeat("Ghi chú rất dài. ", 5000) // 105 KB
	for range 200 {
		docs = append(docs, map[string]any{"name": "Giấy tờ", "original": 1, "copy": 0, "note": note})
	}
	procedure(b, 4)["documents"] = docs // 21 million bytes, every text within the schema
	if msg := refusal(t, encode(t, b)); !strings.Contains(msg, "procedures/4: the procedure takes 20 MB, over the 16 MB one may take") {
		t.Errorf("refusal:\n%s", msg)
	}
}
