//go:build !windows

package sqlite

import "os"

// syncDir flushes a directory, so a rename in it survives a power cut.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
