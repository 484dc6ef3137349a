// Package catalog is the procedure catalog bundle: its format (a JSON document described
// by the embedded JSON Schema schema.json, documented in docs/catalog.md), its validation
// and normalisation, and the one code path that applies a bundle to the kiosk's store,
// shared by `motcua catalog import` and the sync worker.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

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

// maxProcedureBytes bounds one procedure's JSON: about a hundred times the largest real one
// (150 KB as the national portal publishes it). Each procedure is decoded on its own, so
// this, not the bundle, bounds what decoding one holds.
const maxProcedureBytes = 16 << 20

//go:embed schema.json
var schemaJSON []byte

// Schema returns the bundle's JSON Schema (draft 2020-12), for publishers' tools.
func Schema() []byte { return bytes.Clone(schemaJSON) }

// Bundle is a catalog bundle as its JSON carries it.
type Bundle struct {
	Format string `json:"format"`
	kiosk.Catalog
	// Count is how many procedures a scan passed (Procedures may be left empty).
	Count int `json:"-"`
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
	// MessageVI is the same in Vietnamese, for the problems the kiosk's own rules find.
	MessageVI string `json:"message_vi,omitempty"`
	Path      string `json:"path"` // JSON pointer into the whole bundle, e.g. /procedures/3/documents/0/copy
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
	firstVI := first
	if first.MessageVI != "" {
		firstVI.Message = first.MessageVI
	}
	vi := fmt.Sprintf("Gói danh mục thủ tục bị từ chối (%d lỗi), danh mục cũ được giữ nguyên. Lỗi đầu tiên — %s", e.Total, firstVI)
	en := fmt.Sprintf("catalog bundle refused (%d problems); the previous catalog is kept. First: %s", e.Total, first)
	return &kiosk.Error{Code: kiosk.EINVALID, Message: vi, MessageEN: en, Field: first.Path}
}

type problems struct {
	list  []Problem
	total int
}

func (ps *problems) add(record, field, msg string) {
	ps.addVI(record, field, "", msg)
}

// addKiosk adds a problem the kiosk's own rules found, in both languages.
func (ps *problems) addKiosk(record string, err error) {
	e := kiosk.ErrorOf(err)
	ps.addVI(record, "/"+e.Field, e.Message, e.MessageEN)
}

func (ps *problems) addVI(record, field, vi, msg string) {
	ps.total++
	if len(ps.list) < maxProblems {
		path := field
		if rec, _, _ := strings.Cut(record, " "); rec != "bundle" {
			path = "/" + rec + field
		}
		ps.list = append(ps.list, Problem{Record: record, Field: field, Message: msg, MessageVI: vi, Path: path})
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
func Parse(data []byte) (*Bundle, error) {
	var procs []kiosk.Procedure
	b, err := scan(data, true, func(p *kiosk.Procedure) error {
		procs = append(procs, *p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.Procedures = procs
	return b, nil
}

// scan reads a bundle as a stream: the procedures one at a time, each checked against the
// schema (when validate), decoded, normalised to NFC and checked by the domain rules, then
// handed to each — so a bundle of ten thousand procedures never sits in memory as one tree.
// each is no longer called once a problem is found; the scan goes on to report them all
// (up to maxProblems). The Bundle returned has no Procedures; Count says how many passed.
// Without validate, scan trusts data: Apply scans twice, validating first.
func scan(data []byte, validate bool, each func(*kiosk.Procedure) error) (*Bundle, error) {
	if len(data) > MaxBundleBytes {
		return nil, kiosk.Errorf(kiosk.ETOOLARGE,
			fmt.Sprintf("Gói danh mục quá lớn (%d MB, tối đa %d MB)", len(data)>>20, MaxBundleBytes>>20),
			fmt.Sprintf("the bundle is %d MB, over the %d MB limit", len(data)>>20, MaxBundleBytes>>20))
	}
	var ps problems
	envelope := map[string]json.RawMessage{}
	codes := map[string]int{}
	fieldRefs := map[string]string{} // field name → the first record naming it
	count := 0

	// at is where raw begins in data, for saying where a bad byte is.
	handle := func(i int, raw json.RawMessage, at int) error {
		rec := fmt.Sprintf("procedures/%d", i)
		if len(raw) > maxProcedureBytes {
			ps.add(rec, "", fmt.Sprintf("the procedure takes %d MB, over the %d MB one may take", len(raw)>>20, maxProcedureBytes>>20))
			return nil
		}
		if validate {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				ps.add(rec, "", "not valid JSON: "+err.Error())
				return nil
			}
			if m, ok := doc.(map[string]any); ok {
				if code, ok := m["code"].(string); ok && code != "" {
					rec += " (" + code + ")"
				}
			}
			// Decoders read invalid UTF-8 as U+FFFD without a word; the text would be
			// shown with holes in it.
			if n := invalidUTF8At(raw); n >= 0 {
				ps.add(rec, "", fmt.Sprintf("not valid UTF-8 at byte %d of the bundle", at+n))
				return nil
			}
			n := ps.total
			schemaProblems(&ps, rec, procedureSchema.Validate(doc), nil)
			if ps.total > n {
				return nil
			}
		}
		var p kiosk.Procedure
		if err := json.Unmarshal(raw, &p); err != nil {
			ps.add(rec, "", "not valid: "+err.Error())
			return nil
		}
		// When the raw bytes are NFC and escape no characters, so is every string in them:
		// only trimming is left to do.
		normalise(reflect.ValueOf(&p).Elem(), bytes.Contains(raw, []byte(`\u`)) || !norm.NFC.IsNormal(raw))
		if validate {
			if j, dup := codes[p.Code]; dup {
				ps.add(rec, "/code", fmt.Sprintf("code %s is also procedures/%d", p.Code, j))
			}
			codes[p.Code] = i
			if _, ok := fieldRefs[p.Field]; !ok {
				fieldRefs[p.Field] = rec
			}
			if err := p.Validate(); err != nil {
				ps.addKiosk(rec, err)
			}
		}
		if ps.total > 0 {
			return nil
		}
		count++
		if each != nil {
			return each(&p)
		}
		return nil
	}

	sp := &splitter{data: data}
	syntaxIn := func(rec string, err error) (*Bundle, error) {
		msg := err.Error()
		if !errors.Is(err, errTooLong) {
			msg = "not valid JSON: " + msg
		}
		ps.add(rec, "", msg)
		return nil, ps.err()
	}
	syntax := func(err error) (*Bundle, error) { return syntaxIn("bundle", err) }
	if sp.peek() != '{' {
		ps.add("bundle", "", "a bundle is a JSON object")
		return nil, ps.err()
	}
	sp.i++
	sawProcedures := false
	for first := true; sp.peek() != '}'; first = false {
		if !first {
			if err := sp.expect(','); err != nil {
				return syntax(err)
			}
		}
		rawKey, err := sp.value()
		if err != nil {
			return syntax(err)
		}
		var key string
		if err := json.Unmarshal(rawKey, &key); err != nil {
			return syntax(err)
		}
		if err := sp.expect(':'); err != nil {
			return syntax(err)
		}
		if key != "procedures" || sawProcedures {
			raw, err := sp.value()
			if err != nil {
				return syntax(err)
			}
			if !json.Valid(raw) {
				return syntax(fmt.Errorf("%w in %q", errSyntax, key))
			}
			if n := invalidUTF8At(raw); n >= 0 {
				ps.add("bundle", "/"+key, fmt.Sprintf("not valid UTF-8 at byte %d of the bundle", sp.i-len(raw)+n))
				return nil, ps.err()
			}
			envelope[key] = raw
			continue
		}
		sawProcedures = true
		if sp.peek() != '[' {
			ps.add("bundle", "/procedures", "must be an array of procedures")
			return nil, ps.err()
		}
		sp.i++
		i := 0
		for sp.peek() != ']' {
			if i > 0 {
				if err := sp.expect(','); err != nil {
					return syntax(err)
				}
			}
			raw, err := sp.value()
			if err != nil {
				return syntaxIn(fmt.Sprintf("procedures/%d", i), err)
			}
			if err := handle(i, raw, sp.i-len(raw)); err != nil {
				return nil, err
			}
			i++
		}
		sp.i++
		// The items were checked one by one; the envelope's schema sees one placeholder.
		envelope["procedures"] = json.RawMessage(`[]`)
		if i > 0 {
			envelope["procedures"] = json.RawMessage(`[{}]`)
		}
	}
	sp.i++
	if sp.peek() != 0 {
		ps.add("bundle", "", "data after the bundle's closing brace")
	}

	b := &Bundle{}
	env, _ := json.Marshal(envelope)
	if validate {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(env))
		if err != nil {
			return syntax(err)
		}
		schemaProblems(&ps, "bundle", bundleSchema.Validate(doc), func(loc []string) bool {
			return len(loc) > 1 && loc[0] == "procedures" // the placeholder
		})
		if ps.total > 0 {
			return nil, ps.err()
		}
	}
	delete(envelope, "procedures")
	env, _ = json.Marshal(envelope)
	if err := json.Unmarshal(env, b); err != nil {
		ps.add("bundle", "", err.Error())
		return nil, ps.err()
	}
	normalise(reflect.ValueOf(&b.Catalog).Elem(), true)
	if validate {
		fields := make(map[string]bool, len(b.Fields))
		for i, f := range b.Fields {
			if fields[f.Name] {
				ps.add(fmt.Sprintf("fields/%d", i), "/name", "field "+f.Name+" is listed twice")
			}
			fields[f.Name] = true
			for code := range f.Translations {
				if err := kiosk.ValidLanguage("translations/"+code, code); err != nil {
					ps.addKiosk(fmt.Sprintf("fields/%d", i), err)
				}
			}
		}
		refs := make([]string, 0, len(fieldRefs))
		for f := range fieldRefs {
			if !fields[f] {
				refs = append(refs, f)
			}
		}
		sort.Slice(refs, func(i, j int) bool { return fieldRefs[refs[i]] < fieldRefs[refs[j]] })
		for _, f := range refs {
			ps.add(fieldRefs[f], "/field", "field "+f+" is not in the bundle's fields")
		}
		synonymProblems(&ps, b.Synonyms)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	b.Count = count
	return b, nil
}

// synonymProblems checks the synonyms by the domain rules (Synonym.Validate) and that no
// term, as search compares it (marks optional), is given two meanings.
func synonymProblems(ps *problems, synonyms []kiosk.Synonym) {
	terms := map[string]string{} // folded term → where it was first given
	for i, syn := range synonyms {
		rec := fmt.Sprintf("synonyms/%d", i)
		if err := syn.Validate(); err != nil {
			e := kiosk.ErrorOf(err)
			ps.add(rec, "/"+e.Field, e.MessageEN)
			continue
		}
		for j, t := range syn.Terms {
			key := kiosk.SynonymKey(t)
			at := fmt.Sprintf("%s/terms/%d", rec, j)
			if first, dup := terms[key]; dup {
				ps.add(rec, fmt.Sprintf("/terms/%d", j), fmt.Sprintf("term %q is also %s", t, first))
				continue
			}
			terms[key] = at
		}
	}
}

// invalidUTF8At is the offset of the first byte in b that is not valid UTF-8, or -1.
func invalidUTF8At(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
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

// normalise puts every string reachable from v into NFC with surrounding whitespace
// trimmed: text is stored NFC, so search and comparisons see one form.
func normalise(v reflect.Value, nfc bool) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			s := strings.TrimSpace(v.String())
			if nfc && !norm.NFC.IsNormalString(s) {
				s = norm.NFC.String(s)
			}
			if len(s) != v.Len() || nfc {
				v.SetString(s)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			normalise(v.Elem(), nfc)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				normalise(v.Field(i), nfc)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			normalise(v.Index(i), nfc)
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
			normalise(k, nfc)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			normalise(e, nfc)
			out.SetMapIndex(k, e)
		}
		v.Set(out)
	}
}
