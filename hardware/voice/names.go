package voice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ErrNoSynth is returned when this PC has no speech synthesiser for names.
var ErrNoSynth = errors.New("no speech synthesiser (espeak-ng) on this PC")

// maxNameRunes bounds what one name may be: the longest procedure names run to ~300 characters.
const maxNameRunes = 600

// Names says the names a commune configures (its lines, the catalog's fields and
// procedures), which no recorded clip can hold because they are known only once the
// commune or the province sets them. It runs espeak-ng's Vietnamese voice, the same voice
// the shipped clips were made with (build/voice/generate.sh), so a screen read aloud does
// not change speaker mid-sentence. Callers pass only text the commune or province
// published; nothing a villager typed or owns reaches it (kiosk/web resolves names by id).
type Names struct {
	// Command is the synthesiser and its arguments; the text comes on its standard input
	// and the WAV on its standard output. Empty: espeak-ng, Vietnamese, at the clips' speed.
	Command []string

	once  sync.Once
	slots chan struct{} // one synthesis at a time: the kiosk PC has two cores
	mu    sync.Mutex
	cache map[string][]byte
	order []string
}

// cacheNames is how many names Names keeps rendered (about 100 KB each).
const cacheNames = 200

func (n *Names) init() {
	n.once.Do(func() {
		if len(n.Command) == 0 {
			n.Command = []string{"espeak-ng", "-v", "vi", "-s", "135", "--stdout"}
		}
		n.slots = make(chan struct{}, 1)
		n.cache = map[string][]byte{}
	})
}

// Available says whether the synthesiser is installed.
func (n *Names) Available() bool {
	n.init()
	_, err := exec.LookPath(n.Command[0])
	return err == nil
}

// NameWAV returns text said aloud as a PCM WAV; ErrNoSynth when the PC has no synthesiser.
func (n *Names) NameWAV(ctx context.Context, text string) ([]byte, error) {
	n.init()
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > maxNameRunes || !utf8.ValidString(text) {
		return nil, fmt.Errorf("name of %d bytes cannot be said", len(text))
	}
	n.mu.Lock()
	wav, ok := n.cache[text]
	n.mu.Unlock()
	if ok {
		return wav, nil
	}
	if !n.Available() {
		return nil, ErrNoSynth
	}
	select {
	case n.slots <- struct{}{}:
		defer func() { <-n.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, n.Command[0], n.Command[1:]...)
	cmd.Stdin = strings.NewReader(text)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", n.Command[0], err, strings.TrimSpace(stderr.String()))
	}
	// espeak-ng writing to a pipe cannot go back to fill in the sizes; Concat writes a
	// header with the real ones, which every player accepts.
	wav, err := Concat(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s output: %w", n.Command[0], err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.cache[text]; !ok {
		if len(n.order) >= cacheNames {
			delete(n.cache, n.order[0])
			n.order = n.order[1:]
		}
		n.cache[text] = wav
		n.order = append(n.order, text)
	}
	return wav, nil
}
