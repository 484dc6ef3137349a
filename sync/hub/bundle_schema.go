package hub

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	wire "github.com/motcua/motcua/sync"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The hub checks a catalog bundle against the very JSON Schema the kiosk applies it
// with, before it signs it: a catalog every kiosk would refuse is refused at the hub,
// where IT sees why, not on a thousand kiosks.
//
// The schema's one source is kiosk/catalog/schema.json. The hub may not import kiosk/
// (layout_test.go: a kiosk change never changes the hub), kiosk/catalog may not import
// sync/, and go:embed reaches no file outside its package, so no package can hold the
// file for both: catalog_schema.json here is a copy made by go generate, and
// TestHubCatalogSchemaIsTheKiosks (at the root, which may read both) fails the moment
// the two differ.
//
//go:generate cp ../../kiosk/catalog/schema.json catalog_schema.json
//go:embed catalog_schema.json
var catalogSchemaJSON []byte

// CatalogSchema returns the schema the hub checks catalog bundles against.
func CatalogSchema() []byte { return bytes.Clone(catalogSchemaJSON) }

var catalogSchema = func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(catalogSchemaJSON))
	if err != nil {
		panic("catalog_schema.json: " + err.Error())
	}
	const url = "https://motcua.vn/schema/catalog-bundle.v1.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat() // as the kiosk does: a date-time must be one
	if err := c.AddResource(url, doc); err != nil {
		panic("catalog_schema.json: " + err.Error())
	}
	return c.MustCompile(url)
}()

// BundleProblem is one thing wrong with a bundle's payload: where (a JSON pointer) and what.
type BundleProblem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// InvalidBundleError refuses a payload, with its problems (the first MaxBundleProblems).
type InvalidBundleError struct {
	Kind     string
	Problems []BundleProblem
	Total    int
}

// MaxBundleProblems is how many problems a refusal lists.
const MaxBundleProblems = 50

func (e *InvalidBundleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s bundle refused, %d problem(s):", e.Kind, e.Total)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", cmpPath(p.Path), p.Message)
	}
	if e.Total > len(e.Problems) {
		fmt.Fprintf(&b, "\n  … and %d more", e.Total-len(e.Problems))
	}
	return b.String()
}

func cmpPath(p string) string {
	if p == "" {
		return "(whole document)"
	}
	return p
}

var schemaPrinter = message.NewPrinter(language.English)

// ValidatePayload checks a bundle's payload before it is signed: JSON for every kind, and
// for a catalog the kiosk's schema. Configuration, holiday and staff bundles have no
// schema file on the kiosk (it checks them in Go as it applies them); the hub checks
// that each is the JSON value its kind is (configuration an object; holidays and staff
// lists).
func ValidatePayload(kind string, payload []byte) error {
	if !json.Valid(payload) {
		return &InvalidBundleError{Kind: kind, Total: 1, Problems: []BundleProblem{{Message: "not valid JSON"}}}
	}
	switch kind {
	case wire.BundleCatalog:
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
		if err != nil {
			return &InvalidBundleError{Kind: kind, Total: 1, Problems: []BundleProblem{{Message: err.Error()}}}
		}
		err = catalogSchema.Validate(doc)
		if err == nil {
			return nil
		}
		e := &InvalidBundleError{Kind: kind}
		var walk func(v *jsonschema.ValidationError)
		walk = func(v *jsonschema.ValidationError) {
			if len(v.Causes) == 0 {
				e.Total++
				if len(e.Problems) < MaxBundleProblems {
					path := ""
					if len(v.InstanceLocation) > 0 {
						path = "/" + strings.Join(v.InstanceLocation, "/")
					}
					e.Problems = append(e.Problems, BundleProblem{Path: path, Message: v.ErrorKind.LocalizedString(schemaPrinter)})
				}
				return
			}
			for _, c := range v.Causes {
				walk(c)
			}
		}
		if ve, ok := err.(*jsonschema.ValidationError); ok {
			walk(ve)
		} else {
			e.Total, e.Problems = 1, []BundleProblem{{Message: err.Error()}}
		}
		return e
	case wire.BundleUpdate:
		if _, err := wire.DecodeUpdate(payload); err != nil {
			return &InvalidBundleError{Kind: kind, Total: 1, Problems: []BundleProblem{{Message: err.Error()}}}
		}
	case wire.BundleStaff, wire.BundleHolidays:
		if t := bytes.TrimSpace(payload); len(t) == 0 || t[0] != '[' {
			return &InvalidBundleError{Kind: kind, Total: 1, Problems: []BundleProblem{{Message: "a " + kind + " bundle is a JSON list"}}}
		}
	default:
		if t := bytes.TrimSpace(payload); len(t) == 0 || t[0] != '{' {
			return &InvalidBundleError{Kind: kind, Total: 1, Problems: []BundleProblem{{Message: "a " + kind + " bundle is a JSON object"}}}
		}
	}
	return nil
}
