package voice

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// The player runs its command once per call (twice with Repeat), one at a time, with a
// WAV that holds the whole sentence.
func TestPlayerSpeaksCallsInTurn(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "played")
	// A fake player: notes the start, the WAV's size and the end, so overlap would show as
	// two starts in a row.
	script := filepath.Join(dir, "play.sh")
	body := "#!/bin/sh\necho start >> " + log + "\nwc -c < \"$1\" >> " + log + "\necho end >> " + log + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	p := &Player{Command: []string{script}, Repeat: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	notices := make(chan kiosk.Notice, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx, notices); close(done) }()
	notices <- kiosk.Notice{Kind: "ticket.called", Data: kiosk.Call{Code: "A012", CounterID: 2}}
	notices <- kiosk.Notice{Kind: "ticket.issued", Data: "ignored"}
	notices <- kiosk.Notice{Kind: "ticket.called", Data: kiosk.Call{Code: "B7", CounterID: 1}}
	deadline := time.Now().Add(10 * time.Second)
	var lines []string
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(log)
		lines = strings.Fields(string(b))
		if len(lines) >= 12 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if len(lines) != 12 {
		t.Fatalf("played %v, want 4 plays (2 calls × repeat)", lines)
	}
	for i := 0; i < 12; i += 3 {
		if lines[i] != "start" || lines[i+2] != "end" {
			t.Fatalf("plays overlap: %v", lines)
		}
		if size := lines[i+1]; len(size) < 5 { // a whole sentence is tens of KB
			t.Fatalf("WAV of %s bytes", size)
		}
	}
}

func TestConcatRefusesMixedFormatsAndJunk(t *testing.T) {
	a, _ := Library{}.Open("mot")
	if _, err := Concat(a, []byte("not a wav")); err == nil {
		t.Fatal("joined junk")
	}
	b := append([]byte{}, a...)
	b[24] ^= 0xff // sample rate
	if _, err := Concat(a, b); err == nil {
		t.Fatal("joined clips of different rates")
	}
	one, err := Concat(a, a)
	if err != nil {
		t.Fatal(err)
	}
	_, d1, _ := pcm(a)
	_, d2, _ := pcm(one)
	if len(d2) != 2*len(d1) {
		t.Fatalf("joined data %d, want %d", len(d2), 2*len(d1))
	}
}

func TestCommuneRecordingOverridesShippedClip(t *testing.T) {
	dir := t.TempDir()
	own, _ := Library{}.Open("hai")
	own = append(own[:len(own):len(own)], 0, 0) // different bytes, still a WAV
	if err := os.WriteFile(filepath.Join(dir, "mot.wav"), own, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Library{Dir: dir}.Open("mot")
	if err != nil || len(got) != len(own) {
		t.Fatalf("override not used: %d bytes, %v", len(got), err)
	}
	if _, err := (Library{Dir: dir}).Open("../../etc/passwd"); err == nil {
		t.Fatal("opened a path outside the library")
	}
}
