package sqlite

import "syscall"

// errNoSpace is what the OS says when a write finds the disk full before SQLite does.
var errNoSpace error = syscall.ENOSPC
