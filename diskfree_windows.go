package main

import "golang.org/x/sys/windows"

// diskFree returns the bytes free to this user on the disk holding dir (0 if unknown).
func diskFree(dir string) uint64 {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0
	}
	var free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &free, nil, nil); err != nil {
		return 0
	}
	return free
}
