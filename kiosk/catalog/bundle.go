// Package catalog is the procedure catalog bundle: its format (a JSON document described
// by the embedded JSON Schema schema.json, documented in docs/catalog.md), its validation
// and normalisation, and the one code path that applies a bundle to the kiosk's store,
// shared by `motcua catalog import` and the sync worker.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/unicode/norm"
)

// Format names this version of the bundle format; a bundle says which one it follows.
const Format = "motcua.catalog.v1"

// MaxBundleBytes bounds what Parse reads: ten times the 10,000-procedure benchmark.
const MaxBundleBytes = 256 << 20

// maxProblems is how many problems a refusal lists; more only add to the count.
const maxProblems = 50

//go:embed schema.json
var schemaJSON []byte

// Schema returns the bundle's JSON Schema (draft 2020-12), for publishers' tools.
func Schema() []byte { return bytes.Clone(schemaJSON) }

// Bundle is a catalog bundle as its JSON carries it.
type Bundle struct {
	Format string `json:"format"`
	kiosk.Catalog
}

var (
	bundleSchema    *jsonschema.Schema
	procedureSchema *jsonschema.Schema
	englishPrinter  = message.NewPrinter(language.English)
)

func init() {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		panic("catalog schema.json: " + err.Error())
	}
	const url = "https://motcua.vn/schema/catalog-bundle.v1.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		panic("catalog schema.json: " + err.Error())
	}
	bundleSchema = c.MustCompile(url)
	procedureSchema = c.MustCompile(url + "#/$defs/procedure")
}

// Problem is one thing wrong with a bundle: the record (a procedure's index and code, or
// "bundle" for the envelope), the field inside it as a JSON pointer, and what is wrong.
type Problem struct {
	Record  string `json:"record"`
	Field   string `json:"field"`
	Message string `json:"message"`
	Path    string `json:"path"` // JSON pointer into the whole bundle, e.g. /procedures/3/documents/0/copy
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.Record + ": " + p.Message
	}
	return p.Record + ", " + p.Field + ": " + p.Message
}

// RefusedError is a bundle refused as a whole. It unwraps to an EINVALID *kiosk.Error
// whose field is the first problem's, so the web and CLI layers report it like any other.
type RefusedError struct {
	Problems []Problem
	Total    int // problems found, which may exceed len(Problems)
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalog bundle refused, %d problem(s):", e.Total)
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	if e.Total > len(e.Problems) {
		fmt.Fprintf(&b, "\n  … and %d more", e.Total-len(e.Problems))
	}
	return b.String()
}

// Unwrap gives the kiosk error a person sees.
func (e *RefusedError) Unwrap() error {
	first := Problem{}
	if len(e.Problems) > 0 {
		first = e.Problems[0]
	}
	vi := fmt.Sprintf("Gói danh mục thủ tục bị từ chối (%d lỗi), danh mục cũ được giữ nguyên. Lỗi đầu tiên — %s", e.Total, first)
	en := fmt.Sprintf("catalog bundle refused (%d problems); the previous catalog is kept. First: %s", e.Total, first)
	return &kiosk.Error{Code: kiosk.EINVALID, Message: vi, MessageEN: en, Field: first.Path}
}

type problems struct {
	list  []Problem
	total int
}

func (ps *problems) add(record, field, msg string) {
	ps.total++
	if len(ps.list) < maxProblems {
		path := field
		if rec, _, _ := strings.Cut(record, " "); rec != "bundle" {
			path = "/" + rec + field
		}
		ps.list = append(ps.list, Problem{Record: record, Field: field, Message: msg, Path: path})
	}
}

func (ps *problems) err() error {
	if ps.total == 0 {
		return nil
	}
	return &RefusedError{Problems: ps.list, Total: ps.total}
}

// Parse validates data as a bundle against the schema and the domain rules, normalises
// every text to NFC with surrounding whitespace trimmed, and returns it. A bundle with any
// problem is refused whole: the *RefusedError lists each problem by record and field.
// Procedures are checked one at a time, so a large bundle never becomes one huge tree.
func Parse(data []byte) (*Bundle, error) {
	if len(data) > MaxBundleBytes {
		return nil, kiosk.Errorf(kiosk.ETOOLARGE,
			fmt.Sprintf("Gói danh mục quá lớn (%d MB, tối đa %d MB)", len(data)>>20, MaxBundleBytes>>20),
			fmt.Sprintf("the bundle is %d MB, over the %d MB limit", len(data)>>20, MaxBundleBytes>>20))
	}
	var ps problems
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(data, &envelope); err != nil {
		ps.add("bundle", "", "not a JSON object: "+err.Error())
		return nil, ps.err()
	}
	var raws []json.RawMessage
	if p, ok := envelope["procedures"]; ok {
		if err := json.Unmarshal(p, &raws); err != nil {
			ps.add("bundle", "/procedures", "must be an array of procedures")
			return nil, ps.err()
		}
		envelope["procedures"] = json.RawMessage(`[{}]`) // checked one by one below
	}
	env, _ := json.Marshal(envelope)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(env))
	if err == nil {
		schemaProblems(&ps, "bundle", bundleSchema.Validate(doc), func(loc []string) bool {
			return len(loc) > 0 && loc[0] == "procedures" && len(loc) > 1 // the placeholder
		})
	} else {
		ps.add("bundle", "", "not valid JSON: "+err.Error())
	}
	if len(raws) == 0 && envelope["procedures"] != nil {
		ps.add("bundle", "/procedures", "a bundle needs at least one procedure")
	}
	if ps.total > 0 {
		return nil, ps.err()
	}
	b := &Bundle{}
	delete(envelope, "procedures")
	env, _ = json.Marshal(envelope)
	if err := json.Unmarshal(env, b); err != nil {
		ps.add("bundle", "", err.Error())
		return nil, ps.err()
	}
	b.Procedures = make([]kiosk.Procedure, 0, len(raws))
	for i, raw := range raws {
		rec := fmt.Sprintf("procedures/%d", i)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			ps.add(rec, "", "not valid JSON: "+err.Error())
			continue
		}
		if code, ok := doc.(map[string]any)["code"].(string); ok && code != "" {
			rec += " (" + code + ")"
		}
		n := ps.total
		schemaProblems(&ps, rec, procedureSchema.Validate(doc), nil)
		if ps.total > n {
			continue
		}
		var p kiosk.Procedure
		if err := json.Unmarshal(raw, &p); err != nil {
			ps.add(rec, "", err.Error())
			continue
		}
		raws[i] = nil // let the collector have it while the rest are read
		b.Procedures = append(b.Procedures, p)
	}
	if ps.total > 0 {
		return nil, ps.err()
	}
	normalise(reflect.ValueOf(&b.Catalog).Elem())
	checkDomain(&ps, &b.Catalog)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return b, nil
}

// schemaProblems adds the leaves of a schema validation error, skipping those skip says.
func schemaProblems(ps *problems, rec string, err error, skip func(loc []string) bool) {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		if err != nil {
			ps.add(rec, "", err.Error())
		}
		return
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			if skip == nil || !skip(e.InstanceLocation) {
				ps.add(rec, pointer(e.InstanceLocation), e.ErrorKind.LocalizedString(englishPrinter))
			}
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
}

func pointer(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	return "/" + strings.Join(loc, "/")
}

// checkDomain applies the rules a schema cannot say: unique codes and field names, every
// procedure in a listed field, and the domain's own Validate.
func checkDomain(ps *problems, c *kiosk.Catalog) {
	fields := make(map[string]bool, len(c.Fields))
	for i, f := range c.Fields {
		if fields[f.Name] {
			ps.add(fmt.Sprintf("fields/%d", i), "/name", "field "+f.Name+" is listed twice")
		}
		fields[f.Name] = true
	}
	codes := make(map[string]int, len(c.Procedures))
	for i := range c.Procedures {
		p := &c.Procedures[i]
		rec := fmt.Sprintf("procedures/%d (%s)", i, p.Code)
		if j, dup := codes[p.Code]; dup {
			ps.add(rec, "/code", fmt.Sprintf("code %s is also procedures/%d", p.Code, j))
		}
		codes[p.Code] = i
		if !fields[p.Field] {
			ps.add(rec, "/field", "field "+p.Field+" is not in the bundle's fields")
		}
		if err := p.Validate(); err != nil {
			e := kiosk.ErrorOf(err)
			ps.add(rec, "/"+e.Field, e.MessageEN)
		}
	}
}

// normalise puts every string reachable from v into NFC with surrounding whitespace
// trimmed: text is stored NFC, so search and comparisons see one form.
func normalise(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			s := strings.TrimSpace(v.String())
			if !norm.NFC.IsNormalString(s) {
				s = norm.NFC.String(s)
			}
			v.SetString(s)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			normalise(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				normalise(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			normalise(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		// Map values are not addressable: copy, normalise, store back; keys too.
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(iter.Key())
			normalise(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			normalise(e)
			out.SetMapIndex(k, e)
		}
		v.Set(out)
	}
}
