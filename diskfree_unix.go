//go:build !windows

package main

import "syscall"

// diskFree returns the bytes free to this user on the disk holding dir (0 if unknown).
func diskFree(dir string) uint64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0
	}
	return st.Bavail * uint64(st.Bsize)
}
