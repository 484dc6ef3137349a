// Command fakekiosk stands in for motcua in the installer's tests: built twice with
// different versions, it is the packaged binary and the update. "prepare" is the unit's
// ExecStartPre; with no argument it is the kiosk starting, as FAKE_MODE says: "healthy"
// reports healthy, "crash" exits at once as a broken build would, "silent" runs and never
// reports healthy. Its clock is FAKE_NOW (RFC 3339).
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua/sync/client/update"
)

var version = "dev"

func main() {
	now, err := time.Parse(time.RFC3339, os.Getenv("FAKE_NOW"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAKE_NOW:", err)
		os.Exit(2)
	}
	inst := &update.Installer{Dir: os.Getenv("FAKE_DIR"), Packaged: os.Getenv("FAKE_PACKAGED"), Running: version,
		Clock: func() time.Time { return now }}
	if len(os.Args) > 1 && os.Args[1] == "prepare" {
		if _, err := inst.Prepare(); err != nil {
			fmt.Fprintln(os.Stderr, "prepare:", err)
			os.Exit(1)
		}
		return
	}
	fmt.Println("running", version)
	switch os.Getenv("FAKE_MODE") {
	case "crash":
		os.Exit(3)
	case "healthy":
		if err := inst.Healthy(); err != nil {
			fmt.Fprintln(os.Stderr, "healthy:", err)
			os.Exit(1)
		}
	}
}
