package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/sync/hub"
)

// cliRig runs motcua commands in-process with an environment made of temp directories
// only (HOME, XDG_DATA_HOME, MOTCUA_DATA_DIR), so no command can reach the machine's own.
type cliRig struct {
	t   *testing.T
	env map[string]string
}

func newCLIRig(t *testing.T) *cliRig {
	return &cliRig{t: t, env: map[string]string{
		"HOME":            t.TempDir(),
		"XDG_DATA_HOME":   t.TempDir(),
		"MOTCUA_DATA_DIR": t.TempDir(),
	}}
}

func (r *cliRig) cli(ctx context.Context, stdout, stderr io.Writer) *cli {
	return &cli{ctx: ctx, getenv: func(k string) string { return r.env[k] }, stdout: stdout, stderr: stderr}
}

func (r *cliRig) run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = r.cli(context.Background(), &out, &errb).run(args)
	return code, out.String(), errb.String()
}

// files lists what the commands left in the environment's directories.
func (r *cliRig) files() []string {
	var found []string
	for _, k := range []string{"HOME", "XDG_DATA_HOME", "MOTCUA_DATA_DIR"} {
		filepath.WalkDir(r.env[k], func(path string, d fs.DirEntry, err error) error {
			if err == nil && path != r.env[k] {
				found = append(found, path)
			}
			return err
		})
	}
	return found
}

// serve starts `motcua serve` in-process and returns the LAN server's base URL (from the
// stable first line it prints) and a stop that ends it and returns its exit status.
func (r *cliRig) serve(args ...string) (base string, stop func() int) {
	r.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := r.cli(ctx, pw, &errb).run(append([]string{"serve"}, args...))
		pw.Close()
		done <- code
	}()
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil {
		cancel()
		r.t.Fatalf("serve exited %d before listening: %s", <-done, errb.String())
	}
	go io.Copy(io.Discard, br)
	stop = sync.OnceValue(func() int { cancel(); return <-done })
	r.t.Cleanup(func() { stop() })
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "listening on "), "/"), stop
}

func writeConfigFile(t *testing.T, dir, body string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every command and group answers --help with its usage on stdout, exit 0, and opens
// nothing: no database or log appears in any data directory.
func TestHelpForEveryCommand(t *testing.T) {
	cases := []struct {
		args []string
		want string // in the usage
	}{
		{[]string{"--help"}, "motcua serve"},
		{[]string{"-h"}, "--data"},
		{[]string{"--data", "/nonexistent", "--help"}, "-addr"},
		{[]string{"help"}, "motcua config show"},
		{[]string{"serve", "--help"}, "-addr"},
		{[]string{"serve", "-h"}, "-data"},
		{[]string{"catalog", "--help"}, "motcua catalog search"},
		{[]string{"catalog", "help"}, "motcua catalog import"},
		{[]string{"catalog", "import", "--help"}, "-data"},
		{[]string{"catalog", "convert", "--help"}, "-from"},
		{[]string{"catalog", "search", "--help"}, "-data"},
		{[]string{"catalog", "search", "khai", "sinh", "--help"}, "-data"},
		{[]string{"printer", "--help"}, "motcua printer test"},
		{[]string{"printer", "test", "--help"}, "-data"},
		{[]string{"enrol", "--help"}, "-token"},
		{[]string{"enroll", "-h"}, "-hub"},
		{[]string{"config", "--help"}, "motcua config show"},
		{[]string{"config", "show", "--help"}, "-data"},
		{[]string{"version", "--help"}, "-data"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := newCLIRig(t)
			code, out, errOut := r.run(tc.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.Contains(out, tc.want) {
				t.Fatalf("usage lacks %q:\n%s", tc.want, out)
			}
			if f := r.files(); len(f) > 0 {
				t.Fatalf("--help left files: %v", f)
			}
		})
	}
}

// A wrong command line says what is wrong and the usage on stderr, exits 2 and opens nothing.
func TestBadCommandLines(t *testing.T) {
	cases := []struct {
		args []string
		want string // on stderr
	}{
		{[]string{"frobnicate"}, `"frobnicate"`},
		{[]string{"--frobnicate"}, "-frobnicate"},
		{[]string{"serve", "--nope"}, "-nope"},
		{[]string{"serve", "extra"}, `"extra"`},
		{[]string{"catalog"}, "motcua catalog search"},
		{[]string{"catalog", "delete"}, `"delete"`},
		{[]string{"catalog", "import"}, "thiếu tham số"},
		{[]string{"catalog", "import", "a.json", "b.json"}, `"b.json"`},
		{[]string{"catalog", "convert", "--from", "excel", "dir"}, "--from"},
		{[]string{"catalog", "search"}, "missing"},
		{[]string{"printer", "test", "now"}, `"now"`},
		{[]string{"printer", "test", "--data"}, "-data"},
		{[]string{"enrol", "--hub", "https://hub.example", "--token", "mc2.x.y"}, "--token-file"},
		{[]string{"config"}, "motcua config show"},
		{[]string{"config", "show", "--addr", ":1"}, "-addr"},
		{[]string{"version", "1"}, `"1"`},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := newCLIRig(t)
			code, out, errOut := r.run(tc.args...)
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stdout %q, stderr lacks %q:\n%s", code, out, tc.want, errOut)
			}
			if f := r.files(); len(f) > 0 {
				t.Fatalf("a refused command line left files: %v", f)
			}
		})
	}
}

// --data DIR makes every command use DIR and read DIR/config.json, whatever
// MOTCUA_DATA_DIR says (the flag is the last layer).
func TestDataFlagReadsItsConfig(t *testing.T) {
	r := newCLIRig(t)
	r.env["MOTCUA_DEMO"] = "1" // catalog search finds the demo catalog
	dir := filepath.Join(t.TempDir(), "kiosk")
	path := writeConfigFile(t, dir, `{"commune": {"name": "Phường Hải Châu"}}`)
	writeConfigFile(t, r.env["MOTCUA_DATA_DIR"], `{"commune": {"name": "Xã Sai Thư Mục"}}`)

	t.Run("config show", func(t *testing.T) {
		code, out, errOut := r.run("config", "show", "--data", dir)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if line := settingLine(out, "commune.name"); !strings.Contains(line, "Phường Hải Châu") || !strings.Contains(line, path) {
			t.Fatalf("commune.name line %q\n%s", line, out)
		}
	})
	t.Run("serve", func(t *testing.T) {
		base, stop := r.serve("--addr", "127.0.0.1:0", "--data", dir)
		res, err := http.Get(base + "/api/v1/info")
		if err != nil {
			t.Fatal(err)
		}
		var info struct {
			Commune struct{ Name string }
		}
		err = json.NewDecoder(res.Body).Decode(&info)
		res.Body.Close()
		if err != nil || info.Commune.Name != "Phường Hải Châu" {
			t.Fatalf("serve --data read another config: %+v %v", info, err)
		}
		if code := stop(); code != 0 {
			t.Fatalf("serve exit %d", code)
		}
	})
	t.Run("printer test", func(t *testing.T) {
		code, out, errOut := r.run("printer", "test", "--data", dir)
		if code != 0 {
			t.Fatalf("exit %d: %s\n%s", code, out, errOut)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "printed", "*.png"))
		if len(pages) == 0 {
			t.Fatalf("no test page in %s/printed:\n%s", dir, out)
		}
	})
	for _, args := range [][]string{
		{"catalog", "search", "--data", dir, "khai", "sinh"},
		{"catalog", "search", "khai", "sinh", "--data", dir},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := r.run(args...)
			if code != 0 || !strings.Contains(strings.ToLower(out), "khai sinh") {
				t.Fatalf("exit %d: %s\n%s", code, out, errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		t.Fatalf("no database in the --data directory: %v", err)
	}
	for _, f := range r.files() {
		if filepath.Base(f) != "config.json" {
			t.Errorf("a command with --data wrote outside it: %s", f)
		}
	}
}

// settingLine is the line of `config show` for key.
func settingLine(out, key string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, key+" ") {
			return line
		}
	}
	return ""
}

// config show names, for every value, the layer it came from.
func TestConfigShowSources(t *testing.T) {
	r := newCLIRig(t)
	dir := t.TempDir()
	path := writeConfigFile(t, dir, `{"commune": {"name": "Phường Hải Châu"}, "listen": "127.0.0.1:9000", "voice": {"repeat": true}}`)
	r.env["MOTCUA_LISTEN"] = ":8181"
	r.env["MOTCUA_PRINTER"] = "tcp://10.0.0.5:9100"
	code, out, errOut := r.run("config", "show", "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "config file: "+path+"\n") {
		t.Fatalf("the file read is not named:\n%s", out)
	}
	cases := []struct{ key, value, source string }{
		{"data_dir", `"` + dir + `"`, "flag --data"},
		{"commune.name", `"Phường Hải Châu"`, "file " + path},
		{"commune.code", `"23302"`, "default"},
		{"listen", `":8181"`, "env MOTCUA_LISTEN"},
		{"printer", `"tcp://10.0.0.5:9100"`, "env MOTCUA_PRINTER"},
		{"voice.repeat", "true", "file " + path},
		{"voice.digits", "false", "default"},
		{"hub", `""`, "default"},
	}
	for _, tc := range cases {
		line := settingLine(out, tc.key)
		if !strings.HasSuffix(line, " "+tc.value) || !strings.Contains(line, tc.source) {
			t.Errorf("%s: line %q, want value %s from %q", tc.key, line, tc.value, tc.source)
		}
	}
	if strings.Contains(out, "warning") {
		t.Fatalf("a warning without enrolment:\n%s", out)
	}
	if f := r.files(); len(f) > 0 {
		t.Fatalf("config show left files: %v", f)
	}

	// Without --data nor a file: the environment's directory, and "absent".
	code, out, _ = r.run("config", "show")
	if code != 0 || !strings.Contains(settingLine(out, "data_dir"), "env MOTCUA_DATA_DIR") || !strings.Contains(out, "absent") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// startHub is a real province hub on loopback, and a one-time token for it.
func startHub(t *testing.T) (url, token string) {
	h := startHubStore(t)
	return h.URL, h.token()
}

// testHub is a real province hub on loopback over its own SQLite store.
type testHub struct {
	URL   string
	Store hub.Store
	t     *testing.T
	prov  ed25519.PrivateKey
}

func startHubStore(t *testing.T) *testHub {
	st, err := hub.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	_, prov, _ := ed25519.GenerateKey(nil)
	ts := httptest.NewServer((&hub.Server{Store: st, SigningKey: prov}).Handler())
	t.Cleanup(ts.Close)
	return &testHub{URL: ts.URL, Store: st, t: t, prov: prov}
}

// token is a new one-time enrolment token for the commune Tân Lập.
func (h *testHub) token() string {
	tok, err := hub.CreateEnrolToken(context.Background(), h.Store, h.prov.Public().(ed25519.PublicKey), hub.Token{Commune: "Tân Lập"}, time.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// After enrolment the recorded hub is the one in force; a different configured hub is
// named beside it in a warning by config show and serve's log, and changes nothing.
func TestEnrolledHubWinsAndAMismatchIsSaid(t *testing.T) {
	r := newCLIRig(t)
	dir := t.TempDir()
	hubURL, token := startHub(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := r.run("enrol", "--data", dir, "--hub", hubURL, "--token-file", tokenFile)
	if code != 0 || !strings.Contains(out, hubURL) || errOut != "" {
		t.Fatalf("enrol exit %d: %s\n%s", code, out, errOut)
	}
	identity := filepath.Join(dir, "sync", "identity.json")

	// The same hub, written differently: no warning, and enrolment is the source.
	r.env["MOTCUA_HUB_URL"] = hubURL + "/"
	code, out, _ = r.run("config", "show", "--data", dir)
	if line := settingLine(out, "hub"); code != 0 || !strings.Contains(line, "enrolment "+identity) || !strings.HasSuffix(line, `"`+hubURL+`"`) || strings.Contains(out, "warning") {
		t.Fatalf("exit %d, hub line %q:\n%s", code, line, out)
	}

	// Another hub in the environment, then in the file.
	other := "https://hub-cu.example.gov.vn"
	r.env["MOTCUA_HUB_URL"] = other
	code, out, _ = r.run("config", "show", "--data", dir)
	if code != 0 || !strings.HasSuffix(settingLine(out, "hub"), `"`+hubURL+`"`) {
		t.Fatalf("exit %d: the configured hub won:\n%s", code, out)
	}
	for _, want := range []string{"Cảnh báo", "warning: env MOTCUA_HUB_URL gives the hub " + other + ", but this kiosk enrolled with " + hubURL, "motcua enrol --hub " + other} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
	delete(r.env, "MOTCUA_HUB_URL")
	path := writeConfigFile(t, dir, `{"hub": "`+other+`"}`)
	_, out, _ = r.run("config", "show", "--data", dir)
	if !strings.Contains(out, "warning: file "+path+" gives the hub "+other) {
		t.Errorf("config show names no file:\n%s", out)
	}

	_, stop := r.serve("--addr", "127.0.0.1:0", "--data", dir)
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
	log, err := os.ReadFile(filepath.Join(dir, "logs", "motcua.log"))
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, line := range bytes.Split(log, []byte("\n")) {
		var rec struct{ Level, Configured, Enrolled string }
		if json.Unmarshal(line, &rec) == nil && rec.Level == "WARN" && rec.Configured == other && rec.Enrolled == hubURL {
			warned = true
		}
	}
	if !warned {
		t.Fatalf("serve logged no warning naming both hubs:\n%s", log)
	}
}

// The maintenance commands (backup, restore, update) read the config file and the clock
// the service reads, and stop at a wrong one before doing anything.
func TestMaintenanceCommandsReadConfigAndClock(t *testing.T) {
	for _, args := range [][]string{{"backup"}, {"restore", "x.db"}, {"update", "status"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := newCLIRig(t)
			r.env["MOTCUA_CLOCK"] = "hôm qua"
			if code, out, errOut := r.run(args...); code != 1 || out != "" || !strings.Contains(errOut, "MOTCUA_CLOCK phải là") {
				t.Errorf("bad clock: exit %d, %q %q", code, out, errOut)
			}
			r.env["MOTCUA_CLOCK"] = ""
			writeConfigFile(t, r.env["MOTCUA_DATA_DIR"], `{"commune": `)
			if code, out, errOut := r.run(args...); code != 1 || out != "" || !strings.Contains(errOut, "config.json") {
				t.Errorf("bad config: exit %d, %q %q", code, out, errOut)
			}
		})
	}
}
