package voice

import "testing"

func TestNumberWords(t *testing.T) {
	cases := map[int]string{
		0: "không", 1: "một", 4: "bốn", 5: "năm", 10: "mười", 11: "mười một", 14: "mười bốn", 15: "mười lăm",
		20: "hai mươi", 21: "hai mươi mốt", 24: "hai mươi tư", 25: "hai mươi lăm", 31: "ba mươi mốt",
		55: "năm mươi lăm", 99: "chín mươi chín", 100: "một trăm", 101: "một trăm linh một",
		104: "một trăm linh bốn", 105: "một trăm linh năm", 110: "một trăm mười", 111: "một trăm mười một",
		115: "một trăm mười lăm", 121: "một trăm hai mươi mốt", 124: "một trăm hai mươi tư", 500: "năm trăm",
		1000: "một nghìn", 1005: "một nghìn không trăm linh năm", 1010: "một nghìn không trăm mười",
		1015: "một nghìn không trăm mười lăm", 1100: "một nghìn một trăm", 2024: "hai nghìn không trăm hai mươi tư",
		2345: "hai nghìn ba trăm bốn mươi lăm", 9999: "chín nghìn chín trăm chín mươi chín", 12000: "mười hai nghìn",
	}
	for n, want := range cases {
		if got := Say(NumberWords(n)); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if NumberWords(-1) != nil || NumberWords(1_000_000) != nil {
		t.Error("out-of-range numbers must say nothing")
	}
}

func TestAnnouncement(t *testing.T) {
	clips, ok := Announcement("A012", 2, false)
	if !ok || clips[0] != "chime" {
		t.Fatalf("%v %v", clips, ok)
	}
	if got, want := Say(clips), "Xin mời công dân có số thứ tự A mười hai đến quầy số hai"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	clips, _ = Announcement("B105", 11, true)
	if got, want := Say(clips), "Xin mời công dân có số thứ tự B một không năm đến quầy số mười một"; got != want {
		t.Fatalf("digit by digit: %q, want %q", got, want)
	}
	for _, bad := range []string{"", "012", "A", "A01x", "Ä12"} {
		if _, ok := Announcement(bad, 1, false); ok {
			t.Errorf("announced %q", bad)
		}
	}
	if _, ok := Announcement("A1", 0, false); ok {
		t.Error("announced counter 0")
	}
}

// Every clip an announcement can name exists in the shipped set.
func TestEveryClipShips(t *testing.T) {
	lib := Library{}
	for _, code := range []string{"A001", "B1234", "Z999", "AB015"} {
		for _, digits := range []bool{false, true} {
			clips, _ := Announcement(code, 12, digits)
			for _, c := range clips {
				if _, err := lib.Open(c); err != nil {
					t.Errorf("%s: clip %s: %v", code, c, err)
				}
			}
		}
	}
}

func TestCodeWords(t *testing.T) {
	clips, ok := CodeWords("A012", false)
	if got, want := Say(clips), "A mười hai"; !ok || got != want {
		t.Fatalf("%q %v, want %q", got, ok, want)
	}
	clips, _ = CodeWords("AB105", true)
	if got, want := Say(clips), "A B một không năm"; got != want {
		t.Fatalf("digit by digit: %q, want %q", got, want)
	}
	for _, bad := range []string{"", "012", "A", "a12", "A01x", "Ä12", "A1234567", "Nguyễn Văn A 1"} {
		if _, ok := CodeWords(bad, false); ok {
			t.Errorf("said %q", bad)
		}
	}
	wav, err := Library{}.CodeWAV("A001", false)
	if err != nil || len(wav) < 1000 || string(wav[:4]) != "RIFF" {
		t.Fatalf("CodeWAV: %d bytes, %v", len(wav), err)
	}
	if _, err := (Library{}).CodeWAV("x", false); err == nil {
		t.Fatal("CodeWAV of a non-code")
	}
}
