package kiosk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsNeedNoFile(t *testing.T) {
	dir := t.TempDir()
	c, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != dir || c.Listen != ":8080" || c.Printer != "virtual:" || c.Commune.Name == "" || c.KioskMode || c.PrintMaxWaitMinutes != 15 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	dir := t.TempDir()
	file := `{"commune":{"name":"Phường Hải Châu","code":"20194"},"listen":"127.0.0.1:9000","kiosk_mode":true}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_LISTEN": ":8181", "MOTCUA_KIOSK_MODE": "false"}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Commune.Name != "Phường Hải Châu" || c.Listen != ":8181" || c.KioskMode {
		t.Fatalf("got %+v", c)
	}
	if c.Commune.Province != DefaultConfig().Commune.Province {
		t.Fatal("a field the file left out lost its default")
	}
}

func TestBrokenConfigIsAClearError(t *testing.T) {
	cases := map[string]string{
		"syntax":               `{"listen": ":80",`,
		"unknown field":        `{"lisen": ":80"}`,
		"wrong type":           `{"kiosk_mode": "yes"}`,
		"bad listen":           `{"listen": "8080"}`,
		"bad language":         `{"language": "fr"}`,
		"empty commune":        `{"commune": {"name": " "}}`,
		"button to no counter": `{"buttons": [{"pin": "GPIO17", "counter": 42, "action": "next"}]}`,
		"button action":        `{"buttons": [{"pin": "GPIO17", "counter": 1, "action": "skip"}]}`,
		"queue prefix":         `{"queue": {"services": [{"id": "a", "name": "A", "prefix": "a"}]}}`,
		"print max wait":       `{"print_max_wait_minutes": 0}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.json")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
			if ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			if !strings.Contains(err.Error(), path) || ErrorOf(err).Message == "" {
				t.Fatalf("error %q does not name the file or lacks a Vietnamese message", err)
			}
		})
	}
}

func TestExplicitConfigMustExist(t *testing.T) {
	_, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": t.TempDir(), "MOTCUA_CONFIG": "/nonexistent/motcua.json"}), Overrides{})
	if err == nil {
		t.Fatal("a missing MOTCUA_CONFIG file was ignored")
	}
}

func TestBadKioskModeEnv(t *testing.T) {
	_, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": t.TempDir(), "MOTCUA_KIOSK_MODE": "maybe"}), Overrides{})
	if ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v", err)
	}
}

func writeConfig(t *testing.T, dir, body string) string {
	t.Helper()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each layer overrides the one below it, and Sources names the layer that won.
func TestLayersAndSources(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, `{"commune":{"name":"Phường Hải Châu"},"listen":"127.0.0.1:9000","printer":"tcp://10.0.0.5:9100","queue":{"opens":"07:30"}}`)
	c, src, err := LoadConfig(env(map[string]string{"HOME": t.TempDir(), "MOTCUA_PRINTER": "virtual:"}), Overrides{DataDir: dir, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	file := Source{Layer: LayerFile, From: path}
	cases := []struct {
		key   string
		value any
		want  Source
	}{
		{"data_dir", c.DataDir == dir, Source{Layer: LayerFlag, From: "--data"}},
		{"listen", c.Listen == "127.0.0.1:0", Source{Layer: LayerFlag, From: "--addr"}},
		{"printer", c.Printer == "virtual:", Source{Layer: LayerEnv, From: "MOTCUA_PRINTER"}},
		{"commune.name", c.Commune.Name == "Phường Hải Châu", file},
		{"queue.opens", c.Queue.Opens == "07:30", file},
		{"commune.code", c.Commune.Code == DefaultConfig().Commune.Code, Source{Layer: LayerDefault}},
		{"queue.closes", c.Queue.Closes == DefaultQueueConfig().Closes, Source{Layer: LayerDefault}},
	}
	for _, tc := range cases {
		if tc.value != true {
			t.Errorf("%s: wrong value in %+v", tc.key, c)
		}
		if got := src.Of(tc.key); got != tc.want {
			t.Errorf("%s: source %+v, want %+v", tc.key, got, tc.want)
		}
	}
}

// The data directory comes from the flag, else MOTCUA_DATA_DIR, else XDG_DATA_HOME or HOME,
// all asked of getenv, and its config.json is the one read.
func TestDataDirectoryDecidesTheFile(t *testing.T) {
	flagDir, envDir, xdg, home := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{flagDir, envDir, filepath.Join(xdg, "motcua"), filepath.Join(home, ".local", "share", "motcua")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		writeConfig(t, d, `{"commune":{"name":"`+d+`"}}`)
	}
	cases := []struct {
		name string
		env  map[string]string
		flag string
		want string
	}{
		{"flag", map[string]string{"MOTCUA_DATA_DIR": envDir, "XDG_DATA_HOME": xdg, "HOME": home}, flagDir, flagDir},
		{"env", map[string]string{"MOTCUA_DATA_DIR": envDir, "XDG_DATA_HOME": xdg, "HOME": home}, "", envDir},
		{"xdg", map[string]string{"XDG_DATA_HOME": xdg, "HOME": home}, "", filepath.Join(xdg, "motcua")},
		{"home", map[string]string{"HOME": home}, "", filepath.Join(home, ".local", "share", "motcua")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := LoadConfig(env(tc.env), Overrides{DataDir: tc.flag})
			if err != nil {
				t.Fatal(err)
			}
			if c.DataDir != tc.want || c.Commune.Name != tc.want {
				t.Fatalf("data dir %q, config read from %q; want %q", c.DataDir, c.Commune.Name, tc.want)
			}
		})
	}
}

func TestConfigInsideDataDirCannotMoveIt(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, `{"data_dir":"/somewhere/else"}`)
	_, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v", err)
	}
	// Naming its own directory is harmless.
	writeConfig(t, dir, `{"data_dir":"`+dir+`/"}`)
	if _, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{}); err != nil {
		t.Fatal(err)
	}
}

// A bad value is blamed on the layer that gave it, not on a file that did not.
func TestBadValueNamesItsSource(t *testing.T) {
	dir := t.TempDir()
	writeConfig(t, dir, `{"listen":":8080"}`)
	_, _, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_LISTEN": "8080"}), Overrides{})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "env MOTCUA_LISTEN") {
		t.Fatalf("err = %v", err)
	}
	_, _, err = LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{Listen: "nonsense"})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "flag --addr") {
		t.Fatalf("err = %v", err)
	}
}

func TestSettingsListEveryLeafWithItsSource(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, `{"buttons":[{"pin":"GPIO17","counter":1,"action":"next"}],"voice":{"repeat":true}}`)
	c, src, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Setting{}
	for _, s := range c.Settings(src) {
		got[s.Key] = s
	}
	file := Source{Layer: LayerFile, From: path}
	want := map[string]Setting{
		"data_dir":     {"data_dir", `"` + dir + `"`, Source{Layer: LayerEnv, From: "MOTCUA_DATA_DIR"}},
		"commune.name": {"commune.name", `"Xã Đăk Hà"`, Source{Layer: LayerDefault}},
		"voice.repeat": {"voice.repeat", "true", file},
		"voice.digits": {"voice.digits", "false", Source{Layer: LayerDefault}},
		"buttons":      {"buttons", `[{"pin":"GPIO17","counter":1,"action":"next"}]`, file},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %+v, want %+v", k, got[k], w)
		}
	}
	if _, ok := got["queue.services"]; !ok || len(got) < 20 {
		t.Fatalf("settings missing: %d listed", len(got))
	}
}
