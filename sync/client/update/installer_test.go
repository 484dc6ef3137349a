//go:build !windows

// The installer switches a symlink; a Windows kiosk updates by its installer instead.

package update_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	wire "github.com/motcua/motcua/sync"
	"github.com/motcua/motcua/sync/client/update"
)

// The installer switches real binaries: testdata/fakekiosk built as 1.0.0 (the packaged
// binary) and as 2.0.0 (the update), started the way the unit starts them: the packaged
// binary's "prepare", then whatever current links to.

var (
	buildOnce stdsync.Once
	buildDir  string
	buildErr  error
)

// fakeBinaries builds fakekiosk at 1.0.0 and 2.0.0 once for the package's tests.
func fakeBinaries(t *testing.T) (v1, v2 string) {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "motcua-fakekiosk-")
		for _, v := range []string{"1.0.0", "2.0.0"} {
			if buildErr != nil {
				return
			}
			out, err := exec.Command("go", "build", "-o", filepath.Join(buildDir, v), "-ldflags", "-X main.version="+v, "./testdata/fakekiosk").CombinedOutput()
			if err != nil {
				buildErr = errors.New(string(out))
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "1.0.0"), filepath.Join(buildDir, "2.0.0")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

var t0 = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// kiosk is one kiosk's update directory with the packaged 1.0.0 installed.
type kiosk struct {
	t        *testing.T
	dir      string
	packaged string
	update   []byte // the 2.0.0 binary
	now      time.Time
}

func newKiosk(t *testing.T) *kiosk {
	v1, v2 := fakeBinaries(t)
	root := t.TempDir()
	packaged := filepath.Join(root, "usr-bin-motcua")
	copyFile(t, v1, packaged, 0o755)
	upd, err := os.ReadFile(v2)
	if err != nil {
		t.Fatal(err)
	}
	k := &kiosk{t: t, dir: filepath.Join(root, "update"), packaged: packaged, update: upd, now: t0}
	if _, err := k.installer("1.0.0").Prepare(); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *kiosk) installer(running string) *update.Installer {
	return &update.Installer{Dir: k.dir, Packaged: k.packaged, Running: running, Clock: func() time.Time { return k.now }}
}

func (k *kiosk) binary() wire.UpdateBinary {
	s := sha256.Sum256(k.update)
	return wire.UpdateBinary{Target: runtime.GOOS + "/" + runtime.GOARCH, SHA256: hex.EncodeToString(s[:]), Size: int64(len(k.update))}
}

// stage writes data where the download of b goes, as the sync client would.
func (k *kiosk) stage(b wire.UpdateBinary, data []byte) string {
	p := k.installer("1.0.0").StagePath(b)
	if err := os.WriteFile(p, data, 0o640); err != nil {
		k.t.Fatal(err)
	}
	return p
}

// start is one start of the service: ExecStartPre (the packaged binary's prepare), then
// ExecStart (current). It returns the version that ran and its exit status.
func (k *kiosk) start(mode string) (ran string, status int) {
	k.t.Helper()
	env := append(os.Environ(), "FAKE_NOW="+k.now.Format(time.RFC3339), "FAKE_DIR="+k.dir, "FAKE_PACKAGED="+k.packaged, "FAKE_MODE="+mode)
	pre := exec.Command(k.packaged, "prepare")
	pre.Env = env
	if out, err := pre.CombinedOutput(); err != nil {
		k.t.Fatalf("prepare: %v %s", err, out)
	}
	run := exec.Command(filepath.Join(k.dir, "current"))
	run.Env = env
	out, err := run.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		k.t.Fatal(err)
	}
	return strings.TrimSpace(strings.TrimPrefix(string(out), "running ")), status
}

func (k *kiosk) current() string {
	c, err := k.installer("").Current()
	if err != nil {
		k.t.Fatal(err)
	}
	return c
}

// files lists the update directory's files.
func (k *kiosk) files() []string {
	es, _ := os.ReadDir(k.dir)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
}

func TestGoodUpdateInstallsAndClearsItsMarker(t *testing.T) {
	k := newKiosk(t)
	if ran, _ := k.start("healthy"); ran != "1.0.0" {
		t.Fatalf("before the update the packaged binary runs, got %q", ran)
	}
	b := k.binary()
	if err := k.installer("1.0.0").Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	if c := k.current(); c != filepath.Join(k.dir, "motcua-2.0.0") {
		t.Fatalf("current = %s", c)
	}
	if !k.installer("2.0.0").Trying() {
		t.Fatal("no trial marker after the switch")
	}
	k.now = k.now.Add(30 * time.Second)
	if ran, status := k.start("healthy"); ran != "2.0.0" || status != 0 {
		t.Fatalf("after the switch: ran %q, status %d", ran, status)
	}
	inst := k.installer("2.0.0")
	if inst.Trying() {
		t.Fatal("the marker stayed after the healthy report")
	}
	if o := inst.Outcome(); o == nil || o.State != wire.UpdateInstalled || o.Version != "2.0.0" || o.From != "1.0.0" || o.Starts != 1 {
		t.Fatalf("outcome %+v", o)
	}
	// The next start runs it again, counting nothing.
	if ran, _ := k.start("silent"); ran != "2.0.0" || inst.Trying() {
		t.Fatalf("next start: %q", ran)
	}
}

func TestRefusedUpdatesChangeNothing(t *testing.T) {
	k := newKiosk(t)
	good := k.binary()
	tampered := append([]byte{}, k.update...)
	tampered[len(tampered)/2] ^= 0xff
	cases := []struct {
		name    string
		version string
		data    []byte
		want    error
	}{
		{"wrong hash", "2.0.0", tampered, update.ErrHash},
		{"truncated", "2.0.0", k.update[:len(k.update)-100], update.ErrTruncated},
		{"downgrade", "0.9.0", k.update, update.ErrNotNewer},
		{"same version", "1.0.0", k.update, update.ErrNotNewer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			staged := k.stage(good, c.data)
			err := k.installer("1.0.0").Install(c.version, good, staged)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if k.current() != k.packaged {
				t.Fatalf("current moved to %s", k.current())
			}
			if !errors.Is(c.want, update.ErrNotNewer) {
				if _, err := os.Stat(staged); !errors.Is(err, os.ErrNotExist) {
					t.Fatal("the refused download was kept")
				}
			}
			os.Remove(staged)
			if fs := k.files(); len(fs) != 1 || fs[0] != "current" {
				t.Fatalf("files left: %v", fs)
			}
			if ran, _ := k.start("healthy"); ran != "1.0.0" {
				t.Fatalf("ran %q", ran)
			}
		})
	}
}

func TestCrashingUpdateRollsBackAfterMaxStarts(t *testing.T) {
	k := newKiosk(t)
	b := k.binary()
	if err := k.installer("1.0.0").Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= update.DefaultMaxStarts; i++ {
		if ran, status := k.start("crash"); ran != "2.0.0" || status != 3 {
			t.Fatalf("start %d: ran %q status %d", i, ran, status)
		}
		k.now = k.now.Add(3 * time.Second) // systemd's RestartSec, well inside the deadline
	}
	// The next start's prepare puts 1.0.0 back before anything of 2.0.0 runs.
	if ran, status := k.start("crash"); ran != "1.0.0" || status != 3 {
		t.Fatalf("after %d crashes: ran %q status %d", update.DefaultMaxStarts, ran, status)
	}
	if k.current() != k.packaged {
		t.Fatalf("current = %s", k.current())
	}
	o := k.installer("1.0.0").Outcome()
	if o == nil || o.State != wire.UpdateRolledBack || !strings.Contains(o.Reason, "started 3 times") || o.ReasonVI != "bản mới khởi động 3 lần mà không báo khoẻ" {
		t.Fatalf("outcome %+v", o)
	}
	if fs := k.files(); len(fs) != 2 {
		t.Fatalf("the failed binary should be gone: %v", fs)
	}
}

func TestSilentUpdateRollsBackAtItsDeadline(t *testing.T) {
	k := newKiosk(t)
	b := k.binary()
	if err := k.installer("1.0.0").Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	if ran, _ := k.start("silent"); ran != "2.0.0" {
		t.Fatalf("ran %q", ran)
	}
	running := k.installer("2.0.0") // the new version's own watcher
	k.now = k.now.Add(update.DefaultDeadline)
	if rolled, err := running.Overdue(); rolled || err != nil {
		t.Fatalf("at the deadline itself: %v %v", rolled, err)
	}
	k.now = k.now.Add(time.Second)
	if rolled, err := running.Overdue(); !rolled || err != nil {
		t.Fatalf("past the deadline: %v %v", rolled, err)
	}
	if k.current() != k.packaged {
		t.Fatalf("current = %s", k.current())
	}
	if o := running.Outcome(); o == nil || o.State != wire.UpdateRolledBack || !strings.Contains(o.Reason, "not healthy within 5m0s") ||
		o.ReasonVI != "bản mới không báo khoẻ trong 5 phút" || o.From != "1.0.0" {
		t.Fatalf("outcome %+v", o)
	}
	if ran, _ := k.start("healthy"); ran != "1.0.0" {
		t.Fatalf("after the roll-back ran %q", ran)
	}
}

// A version that hung (no watcher ran) is judged at the next start, by prepare.
func TestPrepareRollsBackPastTheDeadline(t *testing.T) {
	k := newKiosk(t)
	b := k.binary()
	if err := k.installer("1.0.0").Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	k.start("silent")
	k.now = k.now.Add(update.DefaultDeadline + time.Minute)
	if ran, _ := k.start("silent"); ran != "1.0.0" {
		t.Fatalf("ran %q", ran)
	}
}

func TestInstallRefusedDuringATrial(t *testing.T) {
	k := newKiosk(t)
	b := k.binary()
	if err := k.installer("1.0.0").Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	if err := k.installer("1.0.0").Check("3.0.0"); !errors.Is(err, update.ErrTrying) {
		t.Fatalf("err = %v", err)
	}
}

// A refusal is the last update's outcome, for the hub; the same one again keeps the time
// it was first seen, and a trial on keeps its own outcome.
func TestRefusalRecordedAsTheOutcome(t *testing.T) {
	k := newKiosk(t)
	inst := k.installer("1.0.0")
	if err := inst.Refused("2.0.0", "bad signature", "chữ ký không hợp lệ"); err != nil {
		t.Fatal(err)
	}
	first := inst.Outcome()
	if first == nil || first.State != wire.UpdateRefused || first.Version != "2.0.0" || first.From != "1.0.0" ||
		first.ReasonVI != "chữ ký không hợp lệ" || first.At != t0.Format(time.RFC3339) || !first.Failed() {
		t.Fatalf("outcome %+v", first)
	}
	k.now = k.now.Add(15 * time.Minute) // the next pull refuses it again
	if err := inst.Refused("2.0.0", "bad signature", "chữ ký không hợp lệ"); err != nil {
		t.Fatal(err)
	}
	if o := inst.Outcome(); o.At != first.At {
		t.Fatalf("the same refusal again moved its time: %s", o.At)
	}
	if err := inst.Refused("2.0.1", "bad signature", "chữ ký không hợp lệ"); err != nil {
		t.Fatal(err)
	}
	if o := inst.Outcome(); o.Version != "2.0.1" || o.At != k.now.Format(time.RFC3339) {
		t.Fatalf("another refusal: %+v", o)
	}
	if k.current() != k.packaged {
		t.Fatalf("a refusal moved current to %s", k.current())
	}

	b := k.binary()
	if err := inst.Install("2.0.0", b, k.stage(b, k.update)); err != nil {
		t.Fatal(err)
	}
	if err := inst.Refused("3.0.0", "no binary for this kiosk's target", "không có bản cho loại máy này"); err != nil {
		t.Fatal(err)
	}
	if o := inst.Outcome(); o.State != wire.UpdateTrying || o.Version != "2.0.0" || o.Failed() {
		t.Fatalf("a refusal during a trial replaced its outcome: %+v", o)
	}
}
