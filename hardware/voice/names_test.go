package voice

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/motcua/motcua/test/testenv"
)

func TestNamesSaysANameWithEspeak(t *testing.T) {
	testenv.Program(t, "espeak-ng", "espeak-ng")
	n := &Names{}
	wav, err := n.NameWAV(context.Background(), "Hộ tịch – Chứng thực")
	if err != nil {
		t.Fatal(err)
	}
	f, data, err := pcm(wav)
	if err != nil {
		t.Fatal(err)
	}
	if f.Channels != 1 || f.BitsPerSample != 16 || len(data) < int(f.SampleRate)/2 {
		t.Fatalf("format %+v, %d bytes of samples: want mono 16-bit, at least half a second", f, len(data))
	}
	// The header carries the real sizes (espeak-ng on a pipe writes placeholders).
	if got := binary.LittleEndian.Uint32(wav[4:8]); int(got) != len(wav)-8 {
		t.Errorf("RIFF size %d, want %d", got, len(wav)-8)
	}
	// Said once, kept: the same name again needs no synthesiser.
	n.Command = []string{"no-such-synthesiser-here"}
	again, err := n.NameWAV(context.Background(), "Hộ tịch – Chứng thực")
	if err != nil || string(again) != string(wav) {
		t.Fatalf("a name said before is not served from the cache: %v", err)
	}
}

func TestNamesWithoutASynthesiser(t *testing.T) {
	n := &Names{Command: []string{"no-such-synthesiser-here"}}
	if n.Available() {
		t.Fatal("available without the command")
	}
	if _, err := n.NameWAV(context.Background(), "Đất đai"); !errors.Is(err, ErrNoSynth) {
		t.Fatalf("err = %v, want ErrNoSynth", err)
	}
}

func TestNamesRefusesWhatIsNotAName(t *testing.T) {
	n := &Names{Command: []string{"true"}}
	for _, text := range []string{"", "   ", string(make([]rune, 700))} {
		if _, err := n.NameWAV(context.Background(), text); err == nil {
			t.Errorf("%d bytes: said", len(text))
		}
	}
	// A synthesiser that writes no WAV is an error, not a silent clip.
	if _, err := n.NameWAV(context.Background(), "Đất đai"); err == nil {
		t.Error("empty output accepted as a WAV")
	}
}
