// Package update installs a program update on the kiosk and takes it back when the new
// version does not come up healthy (docs/updates.md). Standard library, the wire types
// and the kiosk's clock only, so a test can build a tiny program on it and have it
// switched, started, crashed and rolled back for real.
//
// Its directory (<data>/update) holds:
//
//	current          symlink to the binary the service runs (ExecStart); the packaged
//	                 /usr/bin/motcua when no update is installed
//	motcua-<version> an installed update (the running one, and the previous one)
//	*.partial        a download in progress
//	pending.json     the trial of a new version: set before the switch, cleared when the
//	                 new version reports healthy, or by a roll-back
//	outcome.json     what became of the last update, for the hub (every heartbeat)
package update

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// ExitRestart is the exit status of a kiosk that switched to an update or rolled one back:
// its service restarts it (Restart=always), and any exit would do under systemd; the
// distinct status says why in the journal.
const ExitRestart = 75

// Defaults of Installer.
const (
	DefaultDeadline  = 5 * time.Minute
	DefaultMaxStarts = 3
)

const (
	currentName = "current"
	markerName  = "pending.json"
	outcomeName = "outcome.json"
)

// Installer switches the kiosk between binaries in Dir. Its methods are for one process
// at a time: the service's start (Prepare) or the running kiosk (the rest).
type Installer struct {
	Dir      string // <data>/update
	Packaged string // the packaged binary, run when no update is installed
	Running  string // the running program's version
	Clock    kiosk.Clock
	// Deadline is how long a new version has, from its first start, to report healthy.
	Deadline time.Duration
	// MaxStarts is how many starts a new version gets to report healthy: the next one
	// runs the previous binary again.
	MaxStarts int
}

// Marker is the trial of a new version (pending.json).
type Marker struct {
	Version  string    `json:"version"`
	From     string    `json:"from"`
	Binary   string    `json:"binary"`   // the new binary
	Previous string    `json:"previous"` // what current pointed to before the switch
	Switched time.Time `json:"switched"`
	Deadline time.Time `json:"deadline"` // reset at the first start
	Starts   int       `json:"starts"`   // counted by Prepare
}

func (i *Installer) now() time.Time {
	if i.Clock == nil {
		return kiosk.SystemClock()
	}
	return i.Clock()
}

func (i *Installer) deadline() time.Duration {
	if i.Deadline > 0 {
		return i.Deadline
	}
	return DefaultDeadline
}

func (i *Installer) maxStarts() int {
	if i.MaxStarts > 0 {
		return i.MaxStarts
	}
	return DefaultMaxStarts
}

// Current is the binary the service runs (what the current link points to).
func (i *Installer) Current() (string, error) {
	return os.Readlink(filepath.Join(i.Dir, currentName))
}

// Refusal reasons, wrapped by Check and Install.
var (
	ErrNotNewer  = errors.New("not newer than the running version")
	ErrTrying    = errors.New("another update is being tried")
	ErrTruncated = errors.New("binary truncated")
	ErrHash      = errors.New("binary does not match its signed SHA-256")
)

// Check refuses a version not newer than the running one, or any while a trial is on. A
// running development build ("dev", a bare commit) takes any release.
func (i *Installer) Check(version string) error {
	v, err := wire.ParseVersion(version)
	if err != nil {
		return err
	}
	if run, err := wire.ParseVersion(i.Running); err == nil && v.Compare(run) <= 0 {
		return fmt.Errorf("%s: %w (%s)", version, ErrNotNewer, i.Running)
	}
	if m, err := i.marker(); err != nil {
		return err
	} else if m != nil {
		return fmt.Errorf("%w (%s)", ErrTrying, m.Version)
	}
	return nil
}

// StagePath is where the binary of b downloads to, beside the installed ones (the same
// file system, so the install is a rename).
func (i *Installer) StagePath(b wire.UpdateBinary) string {
	return filepath.Join(i.Dir, "motcua-"+b.SHA256[:16]+".partial")
}

// Install checks the staged download of b (size, then hash) and, if it is whole, makes it
// the binary of version, writes the trial's marker and switches current to it (a rename:
// the service runs either the old binary or the new one, never half of one). The caller
// then exits with ExitRestart. A staged file that fails a check is removed; nothing else
// changes.
func (i *Installer) Install(version string, b wire.UpdateBinary, staged string) error {
	if err := i.Check(version); err != nil {
		return err
	}
	if err := verify(staged, b); err != nil {
		os.Remove(staged)
		return err
	}
	if err := os.Chmod(staged, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(i.Dir, "motcua-"+version)
	if err := os.Rename(staged, bin); err != nil {
		return err
	}
	prev, err := i.Current()
	if err != nil {
		prev = i.Packaged
	}
	now := i.now()
	m := &Marker{Version: version, From: i.Running, Binary: bin, Previous: prev, Switched: now, Deadline: now.Add(i.deadline())}
	// The marker before the switch: a kiosk that stops between the two finds a marker
	// whose binary is not current, and drops it (Prepare).
	if err := writeJSON(filepath.Join(i.Dir, markerName), m); err != nil {
		return err
	}
	if err := i.point(bin); err != nil {
		return err
	}
	return writeJSON(filepath.Join(i.Dir, outcomeName), i.outcome(m, wire.UpdateTrying, reason{}))
}

// verify checks the file's size, then its hash: a short file is "truncated", named as such.
func verify(path string, b wire.UpdateBinary) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != b.Size {
		return fmt.Errorf("%w: %d of %d bytes", ErrTruncated, st.Size(), b.Size)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != b.SHA256 {
		return fmt.Errorf("%w (sha256 %s)", ErrHash, got)
	}
	return nil
}

// Prepare runs before every start of the service (ExecStartPre, by the packaged binary,
// which the update cannot break): current exists (the packaged binary if missing), and a
// trial counts one more start of the new version; past MaxStarts, or past the deadline,
// the previous binary is put back. It returns the trial still on, if any.
func (i *Installer) Prepare() (*Marker, error) {
	if err := os.MkdirAll(i.Dir, 0o750); err != nil {
		return nil, err
	}
	cur, err := i.Current()
	if err != nil {
		if err := i.point(i.Packaged); err != nil {
			return nil, err
		}
		cur = i.Packaged
	}
	m, err := i.marker()
	if err != nil || m == nil {
		if err != nil {
			// An unreadable marker: its trial cannot be judged; run what is current.
			os.Remove(filepath.Join(i.Dir, markerName))
		}
		return nil, nil
	}
	if m.Binary != cur {
		os.Remove(m.Binary)
		return nil, i.finish(m, wire.UpdateRolledBack, reason{"the switch did not happen (stopped during the install)",
			"máy dừng giữa lúc cài, chưa chuyển sang bản mới"})
	}
	m.Starts++
	now := i.now()
	if m.Starts == 1 {
		m.Deadline = now.Add(i.deadline())
	}
	switch {
	case m.Starts > i.maxStarts():
		return nil, i.rollback(m, reason{fmt.Sprintf("started %d times without reporting healthy", m.Starts-1),
			fmt.Sprintf("bản mới khởi động %d lần mà không báo khoẻ", m.Starts-1)})
	case now.After(m.Deadline):
		return nil, i.rollback(m, i.lateReason())
	}
	return m, writeJSON(filepath.Join(i.Dir, markerName), m)
}

// Healthy ends the running version's trial, if it is on trial: the update is installed,
// and binaries other than the current and the previous one are removed.
func (i *Installer) Healthy() error {
	m, err := i.marker()
	if err != nil || m == nil || m.Version != i.Running {
		return err
	}
	if err := i.finish(m, wire.UpdateInstalled, reason{}); err != nil {
		return err
	}
	olds, _ := filepath.Glob(filepath.Join(i.Dir, "motcua-*"))
	for _, f := range olds {
		if f != m.Binary && f != m.Previous && !strings.HasSuffix(f, ".partial") {
			os.Remove(f)
		}
	}
	return nil
}

// Overdue rolls the running version back when it is on trial and its deadline has passed
// without Healthy; true means the caller must exit with ExitRestart (the previous binary
// is current again).
func (i *Installer) Overdue() (bool, error) {
	m, err := i.marker()
	if err != nil || m == nil || m.Version != i.Running || !i.now().After(m.Deadline) {
		return false, err
	}
	return true, i.rollback(m, i.lateReason())
}

// reason is why an update was rolled back or refused, in English for the log and in
// Vietnamese for IT's pages.
type reason struct{ en, vi string }

func (i *Installer) lateReason() reason {
	return reason{fmt.Sprintf("not healthy within %s of its first start", i.deadline()),
		"bản mới không báo khoẻ trong " + durationVI(i.deadline())}
}

// durationVI says d in Vietnamese minutes and seconds ("5 phút", "1 phút 30 giây").
func durationVI(d time.Duration) string {
	d = d.Round(time.Second)
	m, s := int64(d/time.Minute), int64(d%time.Minute/time.Second)
	switch {
	case m == 0:
		return fmt.Sprintf("%d giây", s)
	case s == 0:
		return fmt.Sprintf("%d phút", m)
	}
	return fmt.Sprintf("%d phút %d giây", m, s)
}

// Refused records that an update of version was refused before anything was switched
// (its signature, target, version, size or hash failed a check): the heartbeats carry it
// to the hub as the last update's outcome. A trial on keeps its own outcome (the refusal
// is only logged), and the same refusal again (the bundle is asked for at every pull)
// keeps the time it was first seen.
func (i *Installer) Refused(version, en, vi string) error {
	if m, err := i.marker(); err != nil || m != nil {
		return err
	}
	if o := i.Outcome(); o != nil && o.State == wire.UpdateRefused && o.Version == version && o.Reason == en {
		return nil
	}
	if err := os.MkdirAll(i.Dir, 0o750); err != nil {
		return err
	}
	return writeJSON(filepath.Join(i.Dir, outcomeName), &wire.UpdateOutcome{Version: version, From: i.Running,
		State: wire.UpdateRefused, Reason: en, ReasonVI: vi, At: i.now().UTC().Format(time.RFC3339)})
}

// Trying tells whether the running version is on trial.
func (i *Installer) Trying() bool {
	m, _ := i.marker()
	return m != nil && m.Version == i.Running
}

// Outcome is what became of the last update (nil if none was ever installed).
func (i *Installer) Outcome() *wire.UpdateOutcome {
	var o wire.UpdateOutcome
	b, err := os.ReadFile(filepath.Join(i.Dir, outcomeName))
	if err != nil || json.Unmarshal(b, &o) != nil {
		return nil
	}
	return &o
}

func (i *Installer) rollback(m *Marker, why reason) error {
	if err := i.point(m.Previous); err != nil {
		return fmt.Errorf("roll back to %s: %w", m.Previous, err)
	}
	os.Remove(m.Binary)
	return i.finish(m, wire.UpdateRolledBack, why)
}

// finish records the outcome, then ends the trial.
func (i *Installer) finish(m *Marker, state string, why reason) error {
	if err := writeJSON(filepath.Join(i.Dir, outcomeName), i.outcome(m, state, why)); err != nil {
		return err
	}
	return os.Remove(filepath.Join(i.Dir, markerName))
}

func (i *Installer) outcome(m *Marker, state string, why reason) *wire.UpdateOutcome {
	return &wire.UpdateOutcome{Version: m.Version, From: m.From, State: state, Reason: why.en, ReasonVI: why.vi,
		At: i.now().UTC().Format(time.RFC3339), Starts: m.Starts}
}

func (i *Installer) marker() (*Marker, error) {
	b, err := os.ReadFile(filepath.Join(i.Dir, markerName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Marker
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", markerName, err)
	}
	return &m, nil
}

// point makes current a link to target, atomically: a new link renamed over the old.
func (i *Installer) point(target string) error {
	tmp := filepath.Join(i.Dir, currentName+".new")
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(i.Dir, currentName)); err != nil {
		return err
	}
	return syncDir(i.Dir)
}

// writeJSON replaces path with v's JSON atomically, and makes it durable: the marker must
// outlive a power cut right after the switch.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".new"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err = f.Write(b); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	_ = d.Sync() // not supported everywhere (Windows); the rename is what matters
	return nil
}
