package catalog

import (
	"bytes"
	_ "embed"
)

//go:generate go run ./internal/gendemo -data ../../../shared/data -out demo.json

// demoBundle is the demo catalog: 56 real commune-level procedures. It has version 1 and
// is marked demo, so any bundle the province publishes replaces it.
//
//go:embed demo.json
var demoBundle []byte

// DemoBundle returns the embedded demo bundle's bytes.
func DemoBundle() []byte { return bytes.Clone(demoBundle) }
