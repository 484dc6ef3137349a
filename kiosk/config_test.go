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
	c, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}))
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
	c, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir, "MOTCUA_LISTEN": ":8181", "MOTCUA_KIOSK_MODE": "false"}))
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
			_, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": dir}))
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
	_, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": t.TempDir(), "MOTCUA_CONFIG": "/nonexistent/motcua.json"}))
	if err == nil {
		t.Fatal("a missing MOTCUA_CONFIG file was ignored")
	}
}

func TestBadKioskModeEnv(t *testing.T) {
	_, err := LoadConfig(env(map[string]string{"MOTCUA_DATA_DIR": t.TempDir(), "MOTCUA_KIOSK_MODE": "maybe"}))
	if ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v", err)
	}
}
