package sqlite

// syncDir does nothing on Windows: NTFS journals a rename, and a directory cannot be
// opened for flushing there.
func syncDir(string) error { return nil }
