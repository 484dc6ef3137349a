// Command package builds the Debian packages of motcua and motcua-hub with nfpm, from the
// configurations in build/linux (make package runs it from the repository's root).
//
//	go run ./build/package -config build/linux/motcua.yaml -arch amd64 -version 0.1.0 \
//	    -bin build/bin/linux-amd64 -out build/dist
//
// It prints the path of the package it wrote.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
)

// debianVersion is what dpkg accepts as an upstream version without an epoch: a digit
// first, then letters, digits and . + ~ -.
var debianVersion = regexp.MustCompile(`^[0-9][A-Za-z0-9.+~-]*$`)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("package", flag.ContinueOnError)
	config := fs.String("config", "", "nfpm configuration (build/linux/*.yaml)")
	arch := fs.String("arch", "amd64", "Debian architecture: amd64 or arm64")
	version := fs.String("version", "", "package version, e.g. 0.1.0 or 0.1.0~git3feb398")
	bin := fs.String("bin", "", "folder holding the binaries built for arch")
	out := fs.String("out", "build/dist", "folder to write the package to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *config == "" || *bin == "":
		return errors.New("-config and -bin are required")
	case *arch != "amd64" && *arch != "arm64":
		return fmt.Errorf("-arch %q: amd64 or arm64", *arch)
	case !debianVersion.MatchString(*version):
		return fmt.Errorf("-version %q: a Debian version starts with a digit (e.g. 0.1.0~git3feb398)", *version)
	}
	env := map[string]string{"ARCH": *arch, "VERSION": *version, "BIN": *bin}
	cfg, err := nfpm.ParseFileWithEnvMapping(*config, func(k string) string { return env[k] })
	if err != nil {
		return fmt.Errorf("%s: %w", *config, err)
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return err
	}
	info = nfpm.WithDefaults(info)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(*out, deb.Default.ConventionalFileName(info))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := deb.Default.Package(info, f); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}
