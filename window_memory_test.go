package main

import "testing"

// The web process runs without the JIT unless the installer asked for it.
func TestLeanWebProcessLeavesTheInstallersChoice(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{env: map[string]string{}, want: "false"},
		{env: map[string]string{jscJIT: "true"}, want: "true"},
	} {
		set := func(k, v string) error { tc.env[k] = v; return nil }
		lookup := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
		if err := leanWebProcess(lookup, set); err != nil {
			t.Fatal(err)
		}
		if got := tc.env[jscJIT]; got != tc.want {
			t.Errorf("%s = %q, want %q", jscJIT, got, tc.want)
		}
	}
}
