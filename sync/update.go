package sync

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Update is the payload of an update bundle: one release of the kiosk program, with a
// binary per target it was built for. The binaries themselves are not in the bundle: a
// kiosk binary is tens of MB, while a bundle travels whole in one signed answer that both
// ends hold in memory, within a two-minute call, base64'd inside JSON. Each binary is
// fetched from the hub at PathUpdates+SHA256, streamed to disk and resumable; the bundle's
// signature covers this payload, so the hash and size it names authenticate the bytes
// fetched, whoever served them.
type Update struct {
	// Version of the program, "MAJOR.MINOR.PATCH" with an optional "v" before and
	// "-prerelease" after (ParseVersion); the kiosk installs only a newer one.
	Version  string         `json:"version"`
	Binaries []UpdateBinary `json:"binaries"`
}

// UpdateBinary is the program built for one target.
type UpdateBinary struct {
	Target string `json:"target"` // GOOS/GOARCH, e.g. linux/amd64
	SHA256 string `json:"sha256"` // hex, of the whole file
	Size   int64  `json:"size"`   // bytes
}

// Path is where the hub serves the binary.
func (b UpdateBinary) Path() string { return PathUpdates + b.SHA256 }

// MaxUpdateBytes bounds one binary of an update (the kiosk with its frontend is ~30 MB).
const MaxUpdateBytes = 256 << 20

// ErrNoTarget is For's error when the update has no binary for the kiosk's target;
// ErrUpdatePayload wraps every refusal of DecodeUpdate.
var (
	ErrNoTarget      = errors.New("no binary for this kiosk's target")
	ErrUpdatePayload = errors.New("update")
)

// DecodeUpdate reads and checks an update bundle's payload: a version that parses, at
// least one binary, each with a well-formed target, a hex SHA-256 and a size within
// MaxUpdateBytes, no target twice.
func DecodeUpdate(payload []byte) (*Update, error) {
	var u Update
	if err := json.Unmarshal(payload, &u); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUpdatePayload, err)
	}
	if _, err := ParseVersion(u.Version); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUpdatePayload, err)
	}
	if len(u.Binaries) == 0 {
		return nil, fmt.Errorf("%w: no binaries", ErrUpdatePayload)
	}
	seen := map[string]bool{}
	for _, b := range u.Binaries {
		goos, arch, ok := strings.Cut(b.Target, "/")
		if !ok || !word(goos) || !word(arch) {
			return nil, fmt.Errorf("%w: target %q is not GOOS/GOARCH", ErrUpdatePayload, b.Target)
		}
		if seen[b.Target] {
			return nil, fmt.Errorf("%w: target %s twice", ErrUpdatePayload, b.Target)
		}
		seen[b.Target] = true
		if h, err := hex.DecodeString(b.SHA256); err != nil || len(h) != 32 || strings.ToLower(b.SHA256) != b.SHA256 {
			return nil, fmt.Errorf("%w: %s: sha256 %q is not 64 lower-case hex digits", ErrUpdatePayload, b.Target, b.SHA256)
		}
		if b.Size < 1 || b.Size > MaxUpdateBytes {
			return nil, fmt.Errorf("%w: %s: size %d outside 1..%d", ErrUpdatePayload, b.Target, b.Size, MaxUpdateBytes)
		}
	}
	return &u, nil
}

// For returns the binary built for target ("linux/amd64"), or ErrNoTarget.
func (u *Update) For(target string) (UpdateBinary, error) {
	var have []string
	for _, b := range u.Binaries {
		if b.Target == target {
			return b, nil
		}
		have = append(have, b.Target)
	}
	return UpdateBinary{}, fmt.Errorf("%w (%s; the update has %s)", ErrNoTarget, target, strings.Join(have, ", "))
}

func word(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Version is a parsed program version.
type Version struct {
	Major, Minor, Patch int64
	Pre                 string // "" for a release, which is newer than any prerelease of it
}

// ParseVersion reads "1.4.2", "v1.4.2" or "1.5.0-rc.1" (a build suffix "+…" is ignored).
// A development build's version ("dev", a bare commit) does not parse.
func ParseVersion(s string) (Version, error) {
	t, _, _ := strings.Cut(strings.TrimPrefix(s, "v"), "+")
	t, pre, _ := strings.Cut(t, "-")
	parts := strings.Split(t, ".")
	var n [3]int64
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
	}
	for i, p := range parts {
		x, err := strconv.ParseInt(p, 10, 64)
		if err != nil || x < 0 || p != strconv.FormatInt(x, 10) {
			return Version{}, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
		}
		n[i] = x
	}
	return Version{Major: n[0], Minor: n[1], Patch: n[2], Pre: pre}, nil
}

// Compare is -1, 0 or 1 as v is older than, the same as or newer than w. Prereleases
// compare by their dot-separated parts, numbers as numbers (SemVer's order).
func (v Version) Compare(w Version) int {
	for _, d := range [][2]int64{{v.Major, w.Major}, {v.Minor, w.Minor}, {v.Patch, w.Patch}} {
		if d[0] != d[1] {
			return sign(d[0] - d[1])
		}
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1
	case w.Pre == "":
		return -1
	}
	a, b := strings.Split(v.Pre, "."), strings.Split(w.Pre, ".")
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] == b[i] {
			continue
		}
		x, xerr := strconv.ParseInt(a[i], 10, 64)
		y, yerr := strconv.ParseInt(b[i], 10, 64)
		switch {
		case xerr == nil && yerr == nil:
			return sign(x - y)
		case xerr == nil: // numbers before words
			return -1
		case yerr == nil:
			return 1
		}
		return strings.Compare(a[i], b[i])
	}
	return sign(int64(len(a) - len(b)))
}

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

func sign(n int64) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// UpdateOutcome is what became of the last update a kiosk tried (installed, rolled back,
// or refused before it ran), carried by every heartbeat until the next one: the hub shows
// it to IT, so a province that published a broken update sees where and why.
type UpdateOutcome struct {
	Version string `json:"version"`          // the version tried ("" when a refused bundle named none)
	From    string `json:"from,omitempty"`   // the version it replaced (refused: the one running)
	State   string `json:"state"`            // UpdateTrying, UpdateInstalled, UpdateRolledBack or UpdateRefused
	Reason  string `json:"reason,omitempty"` // why it was rolled back or refused
	// ReasonVI is Reason in Vietnamese, for IT's pages (the kiosk knows its reasons; the
	// hub shows Reason when this is empty).
	ReasonVI string `json:"reason_vi,omitempty"`
	At       string `json:"at,omitempty"`     // RFC 3339, by the kiosk's clock
	Starts   int    `json:"starts,omitempty"` // starts of the new version counted
}

// Failed tells whether the update did not take: rolled back or refused.
func (o *UpdateOutcome) Failed() bool {
	return o != nil && (o.State == UpdateRolledBack || o.State == UpdateRefused)
}

// Update outcome states.
const (
	UpdateTrying     = "trying"      // switched, waiting for the new version to report healthy
	UpdateInstalled  = "installed"   // the new version reported healthy in time
	UpdateRolledBack = "rolled_back" // the previous binary was put back
	// UpdateRefused: the bundle or its binary failed a check (signature, target, version,
	// size, hash) and nothing was switched; the kiosk keeps the version it runs.
	UpdateRefused = "refused"
)
