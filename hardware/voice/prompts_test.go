package voice

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The build check of the kiosk's spoken prompts ("Nghe", frontend/src/lib/speech.ts):
// every prompt the frontend names has its clip, made from the Vietnamese text the screen
// shows now (clips/prompts.tsv records the text each clip was made from), and no prompt
// is built at run time, so nothing but fixed text can ever be spoken. When it fails, run
// build/voice/generate.sh and commit the clips.

var (
	promptCall    = regexp.MustCompile(`\bprompt\(([^)]*)\)`)
	promptLiteral = regexp.MustCompile(`^"([a-z0-9_]+)\.([a-z0-9_]+)"$`)
)

// frontendPrompts returns the locale keys ("area.key") the frontend's code speaks, with
// where each is named; calls whose argument is not a string literal are errors.
func frontendPrompts(t *testing.T, src string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".test.ts") ||
			!(strings.HasSuffix(path, ".svelte") || strings.HasSuffix(path, ".ts")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		for _, m := range promptCall.FindAllStringSubmatchIndex(text, -1) {
			arg := text[m[2]:m[3]]
			if strings.HasSuffix(text[:m[0]], "function ") { // the definition itself
				continue
			}
			lit := promptLiteral.FindStringSubmatch(arg)
			if lit == nil {
				t.Errorf("%s: prompt(%s): a prompt must be a string literal \"area.key\", so its clip can be made ahead", path, arg)
				continue
			}
			keys[lit[1]+"."+lit[2]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestEveryPromptTheFrontendSpeaksHasItsClip(t *testing.T) {
	src := filepath.Join("..", "..", "frontend", "src")
	keys := frontendPrompts(t, src)
	if len(keys) < 10 {
		t.Fatalf("found %d prompts in %s; the walk is broken", len(keys), src)
	}

	made := map[string]string{} // clip name → the text it was made from
	f, err := os.Open(filepath.Join("clips", "prompts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("prompts.tsv: bad line %q", sc.Text())
		}
		made[name] = text
	}

	locales := map[string]map[string]string{}
	lib := Library{}
	for key, where := range keys {
		area, k, _ := strings.Cut(key, ".")
		if locales[area] == nil {
			b, err := os.ReadFile(filepath.Join(src, "locales", "vi", area+".json"))
			if err != nil {
				t.Errorf("%s: prompt %s: %v", where, key, err)
				continue
			}
			dict := map[string]string{}
			if err := json.Unmarshal(b, &dict); err != nil {
				t.Fatal(err)
			}
			locales[area] = dict
		}
		text, ok := locales[area][k]
		switch {
		case !ok:
			t.Errorf("%s: prompt %s has no Vietnamese text", where, key)
			continue
		case strings.Contains(text, "{"):
			t.Errorf("%s: prompt %s has a placeholder; only fixed text can have a clip: %q", where, key, text)
			continue
		}
		name := "p_" + area + "_" + k
		if _, err := lib.Open(name); err != nil {
			t.Errorf("%s: prompt %s has no clip %s.wav (run build/voice/generate.sh)", where, key, name)
		} else if made[name] != text {
			t.Errorf("prompt %s: its clip says %q but the screen now says %q (run build/voice/generate.sh)", key, made[name], text)
		}
		delete(made, name)
	}
	for name := range made {
		t.Errorf("clip %s.wav is shipped but no screen says it (run build/voice/generate.sh)", name)
	}
}
