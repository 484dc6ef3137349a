package voice

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

//go:embed clips/*.wav
var shipped embed.FS

// Library finds clips: a commune's own recording in Dir (when set) wins over the shipped one.
type Library struct {
	Dir string // e.g. <data dir>/voice; may be empty
}

var clipName = regexp.MustCompile(`^[a-z0-9_]{1,48}$`)

// ErrNoClip is returned for a name that is not a clip.
var ErrNoClip = errors.New("no such clip")

// Open returns the WAV bytes of the named clip.
func (l Library) Open(name string) ([]byte, error) {
	if !clipName.MatchString(name) {
		return nil, fmt.Errorf("clip %q: %w", name, ErrNoClip)
	}
	if l.Dir != "" {
		b, err := os.ReadFile(filepath.Join(l.Dir, name+".wav"))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	b, err := shipped.ReadFile("clips/" + name + ".wav")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("clip %q: %w", name, ErrNoClip)
	}
	return b, err
}
