package main

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/motcua/motcua"

// layoutRule forbids a set of packages from importing some others, in their code and their
// tests alike (a test that reaches into another layer is how the next change learns to).
// docs/architecture.md explains each rule; a failure prints the rule's reason.
type layoutRule struct {
	why      string
	applies  func(pkg string) bool
	forbids  []string // import path prefixes ("net/http" also matches "net/http/httptest")
	allowStd bool     // when false, only the standard library and golang.org/x/text may be imported
}

var layoutRules = []layoutRule{
	{
		why: "kiosk/ is the domain: types, rules and service interfaces. It knows nothing of databases, HTTP, " +
			"devices, processes or sync; the adapters (kiosk/sqlite, kiosk/web, hardware, sync/client) wrap it",
		applies: func(p string) bool {
			return p == module+"/kiosk" || under(p, module+"/kiosk/catalog") || under(p, module+"/kiosk/logfile")
		},
		forbids: []string{"database/sql", "net/http", "os/exec", "periph.io/", "modernc.org/", "github.com/wailsapp/",
			module + "/kiosk/sqlite", module + "/kiosk/web", module + "/hardware", module + "/sync"},
		allowStd: true,
	},
	{
		why:     "the domain package kiosk imports only the standard library (and golang.org/x/text for folding), so it builds anywhere and drags nothing in",
		applies: func(p string) bool { return p == module+"/kiosk" },
	},
	{
		why: "hardware/ drives devices: it is handed bytes, jobs and calls; it never reaches into the kiosk's store, " +
			"serves HTTP or talks to the hub (the store and the LAN server use it, not the other way round)",
		applies:  func(p string) bool { return under(p, module+"/hardware") },
		forbids:  []string{"database/sql", "net/http", "modernc.org/", module + "/kiosk/sqlite", module + "/kiosk/web", module + "/sync"},
		allowStd: true,
	},
	{
		why:      "sync/ is the wire protocol: it builds without the kiosk's code (sync/client is the kiosk's side)",
		applies:  func(p string) bool { return p == module+"/sync" },
		forbids:  []string{module + "/kiosk", module + "/hardware", "github.com/wailsapp/"},
		allowStd: true,
	},
	{
		why: "sync/hub is the province's server: it never learns the kiosk's store, LAN server, catalog or devices, so a " +
			"change to them never changes the hub; it may use the domain package kiosk (standard library only) for the " +
			"rules both sides must share, the applicant's personal data and its sealing",
		applies:  func(p string) bool { return under(p, module+"/sync/hub") || under(p, module+"/cmd/hub") },
		forbids:  []string{module + "/kiosk/", module + "/hardware", "github.com/wailsapp/"},
		allowStd: true,
	},
}

// under reports whether pkg is dir or inside it.
func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }

// standard reports whether an import path is in Go's standard library (no dot in its first element).
func standard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

type listedPackage struct {
	ImportPath                         string
	Imports, TestImports, XTestImports []string
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// The dependency rules of docs/architecture.md hold in every package, tests included.
func TestLayoutRules(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, rule := range layoutRules {
		matched := 0
		for _, p := range pkgs {
			if !rule.applies(p.ImportPath) {
				continue
			}
			matched++
			for _, imp := range append(append(append([]string{}, p.Imports...), p.TestImports...), p.XTestImports...) {
				if imp == p.ImportPath {
					continue // an external test package importing the package it tests
				}
				if !rule.allowStd && !standard(imp) && !under(imp, "golang.org/x/text") {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, rule.why)
				}
				for _, f := range rule.forbids {
					if imp == f || strings.HasPrefix(imp, strings.TrimSuffix(f, "/")+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(imp, f)) {
						t.Errorf("%s imports %s: %s", p.ImportPath, imp, rule.why)
					}
				}
			}
		}
		if matched == 0 {
			t.Errorf("rule matches no package (was a folder renamed?): %s", rule.why)
		}
	}
}

// The rules can fail: a domain package importing the store, or hardware importing HTTP, is caught.
func TestLayoutRulesCatchViolations(t *testing.T) {
	cases := []struct{ pkg, imp string }{
		{module + "/kiosk", module + "/kiosk/sqlite"},
		{module + "/kiosk", "github.com/google/uuid"},
		{module + "/kiosk/catalog", "net/http/httptest"},
		{module + "/hardware/spool", module + "/kiosk/sqlite"},
		{module + "/hardware", "net/http"},
		{module + "/sync/hub", module + "/kiosk/sqlite"},
		{module + "/cmd/hub", module + "/kiosk/web"},
		{module + "/sync", module + "/kiosk"},
	}
	for _, c := range cases {
		caught := false
		for _, rule := range layoutRules {
			if !rule.applies(c.pkg) {
				continue
			}
			if !rule.allowStd && !standard(c.imp) {
				caught = true
			}
			for _, f := range rule.forbids {
				if c.imp == f || strings.HasPrefix(c.imp, strings.TrimSuffix(f, "/")+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(c.imp, f)) {
					caught = true
				}
			}
		}
		if !caught {
			t.Errorf("%s importing %s is not caught", c.pkg, c.imp)
		}
	}
}
