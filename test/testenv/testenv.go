// Package testenv lets a test say what it needs from the machine (a program, a font, a
// pseudo-terminal). On a developer's machine a missing piece skips the test with the
// package that brings it; under CI (CI set, as .ci/run runs) it fails instead, since setup
// installs everything and a silent skip there would hide the test for good.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// Need skips (or, under CI, fails) t when ok is false; what names the missing piece and
// where it comes from ("pdftotext (poppler-utils, build/setup.sh)").
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing on a CI machine: build/setup.sh installs it", what)
	}
	t.Skipf("%s is not installed", what)
}

// Program is Need for a program on PATH.
func Program(t testing.TB, name, from string) {
	t.Helper()
	_, err := exec.LookPath(name)
	Need(t, err == nil, name+" ("+from+")")
}
