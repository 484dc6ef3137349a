package hub

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	stdsync "sync"
	"testing"
)

// Hubs started together over one key file must sign with one key: each either makes the
// file whole or reads the one another made.
func TestProvinceKeyMadeOnceByHubsStartedTogether(t *testing.T) {
	path := filepath.Join(t.TempDir(), "province.key")
	keys := make([]ed25519.PrivateKey, 8)
	var wg stdsync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := LoadOrCreateKey(path)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for _, k := range keys[1:] {
		if !k.Equal(keys[0]) {
			t.Fatal("two hubs made two province keys")
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want mode 0600", fi.Mode(), err)
	}
	if again, err := LoadOrCreateKey(path); err != nil || !again.Equal(keys[0]) {
		t.Fatalf("read again: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".province-key-*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
