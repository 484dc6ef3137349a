package hardware

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

func TestEncodeCP1258(t *testing.T) {
	cases := map[string][]byte{
		"Tiếng Việt": {'T', 'i', 0xea, 0xec, 'n', 'g', ' ', 'V', 'i', 0xea, 0xf2, 't'},
		"đường":      {0xf0, 0xfd, 0xf5, 0xcc, 'n', 'g'},
		"Hỏa Ă":      {'H', 'o', 0xd2, 'a', ' ', 0xc3},
		"ã":          {'a', 0xde},
		"ABC 123":    []byte("ABC 123"),
	}
	for in, want := range cases {
		got, ok := encodeCP1258(NFC(in))
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%q: % x %v, want % x", in, got, ok, want)
		}
	}
	if _, ok := encodeCP1258("★ 中"); ok {
		t.Error("characters outside Windows-1258 accepted")
	}
}

func TestTicketInCP1258(t *testing.T) {
	tk := sampleTicket()
	tk.Priority = "" // the ★-free ticket prints entirely as text
	raster, _ := TicketLayout.RenderFor(tk, Output{Dots: escpos.Dots80})
	text, err := TicketLayout.RenderFor(tk, Output{Dots: escpos.Dots80, CP1258: true, CodeTable: 52})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(text, []byte{0x1b, 't', 52}) || bytes.Contains(text, []byte{0x1d, 'v', '0'}) {
		t.Fatal("expected ESC t 52 and no raster")
	}
	if !bytes.Contains(text, []byte{'t', 'r', 0xfd, 0xf5, 0xec, 'c', ' ', 'c'}) {
		t.Fatal("«trước còn» not in CP1258")
	}
	if len(text)*5 > len(raster) {
		t.Fatalf("cp1258 ticket %d bytes vs raster %d", len(text), len(raster))
	}
	tg, err := ParseURI("usblp:///dev/usb/lp0?cp1258=52")
	if err != nil || !tg.CP1258 || tg.CodeTable != 52 {
		t.Fatalf("%+v %v", tg, err)
	}
	if _, err := ParseURI("usblp:///dev/usb/lp0?cp1258=x"); err == nil {
		t.Fatal("bad code table accepted")
	}
}
