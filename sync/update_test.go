package sync

import (
	"strings"
	"testing"
)

func TestVersionOrder(t *testing.T) {
	// Each is older than the next.
	order := []string{"0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "v1.0.1", "1.2.0", "1.10.0", "2.0.0+build.5"}
	for i := range order {
		for j := range order {
			a, err := ParseVersion(order[i])
			if err != nil {
				t.Fatal(err)
			}
			b, _ := ParseVersion(order[j])
			if got, want := a.Compare(b), sign(int64(i-j)); got != want {
				t.Errorf("%s vs %s = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	for _, bad := range []string{"dev", "41c1fb9", "1.2", "1.2.3.4", "01.2.3", "1.-2.3", ""} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestDecodeUpdate(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	ok := `{"version":"1.5.0","binaries":[{"target":"linux/amd64","sha256":"` + sha + `","size":10}]}`
	u, err := DecodeUpdate([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := u.For("linux/amd64"); err != nil || b.Path() != PathUpdates+sha {
		t.Fatalf("%+v %v", b, err)
	}
	if _, err := u.For("linux/arm64"); err == nil || !strings.Contains(err.Error(), "linux/amd64") {
		t.Fatalf("wrong target: %v", err)
	}
	for name, bad := range map[string]string{
		"version":      strings.Replace(ok, "1.5.0", "latest", 1),
		"target":       strings.Replace(ok, "linux/amd64", "linux", 1),
		"sha":          strings.Replace(ok, sha, "AB"+sha[2:], 1),
		"size":         strings.Replace(ok, `"size":10`, `"size":0`, 1),
		"huge":         strings.Replace(ok, `"size":10`, `"size":999999999999`, 1),
		"no binaries":  `{"version":"1.5.0","binaries":[]}`,
		"target twice": strings.Replace(ok, `}]}`, `},{"target":"linux/amd64","sha256":"`+sha+`","size":10}]}`, 1),
	} {
		if _, err := DecodeUpdate([]byte(bad)); err == nil {
			t.Errorf("%s: accepted %s", name, bad)
		}
	}
}

// FuzzDecodeUpdate: an update payload is input from outside (a bundle, even if signed):
// decoding never panics, and what it accepts names only well-formed binaries.
func FuzzDecodeUpdate(f *testing.F) {
	f.Add([]byte(`{"version":"1.5.0","binaries":[{"target":"linux/amd64","sha256":"` + strings.Repeat("0", 64) + `","size":1}]}`))
	f.Add([]byte(`{"version":"v1.0.0-rc.1+x","binaries":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := DecodeUpdate(b)
		if err != nil {
			return
		}
		for _, bin := range u.Binaries {
			if len(bin.SHA256) != 64 || bin.Size < 1 || bin.Size > MaxUpdateBytes || !strings.Contains(bin.Target, "/") {
				t.Fatalf("accepted %+v", bin)
			}
		}
	})
}
