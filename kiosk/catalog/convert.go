package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog/portal"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// PortalOptions tune ConvertPortal. The zero value is usable.
type PortalOptions struct {
	// Version of the bundle written; 0 takes the issue time as yyyymmddhhmm, which grows
	// with every conversion so kiosks accept the newer bundle.
	Version int64
	Issuer  string
	Clock   kiosk.Clock
}

// FileNote is something the converter says about one input file.
type FileNote struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// PortalReport says what ConvertPortal did with each file.
type PortalReport struct {
	Files     int        `json:"files"`
	Converted int        `json:"converted"`
	Documents int        `json:"documents"`
	Refused   []FileNote `json:"refused"`
	Warnings  []FileNote `json:"warnings"`
}

// String is the report an installer reads: counts, then every refusal with its reason.
func (r PortalReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d files: %d converted (%d documents), %d refused, %d warnings\n", r.Files, r.Converted, r.Documents, len(r.Refused), len(r.Warnings))
	for _, n := range r.Refused {
		fmt.Fprintf(&b, "refused %s: %s\n", n.File, n.Message)
	}
	for _, n := range r.Warnings {
		fmt.Fprintf(&b, "warning %s: %s\n", n.File, n.Message)
	}
	return b.String()
}

// ConvertPortal reads every *.json procedure detail record of the national portal in dir
// and writes one catalog bundle to out. Each record converts or is refused with a reason in
// the report; a refused record leaves the others in the bundle. It fails only when dir
// cannot be read or no record converts. `motcua catalog convert --from portal DIR` calls
// it with os.Stdout.
func ConvertPortal(dir string, out io.Writer, opt PortalOptions) (PortalReport, error) {
	var rep PortalReport
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return rep, err
	}
	if len(paths) == 0 {
		return rep, kiosk.Errorf(kiosk.ENOTFOUND, "Không có tệp .json nào trong "+dir, "no .json files in "+dir)
	}
	sort.Strings(paths)
	if opt.Clock == nil {
		opt.Clock = kiosk.SystemClock
	}
	now := opt.Clock().In(kiosk.Zone)
	b := Bundle{Format: Format}
	b.IssuedAt = now.Truncate(time.Second)
	b.Version = opt.Version
	if b.Version == 0 {
		b.Version = int64(now.Year())*1e8 + int64(now.Month())*1e6 + int64(now.Day())*1e4 + int64(now.Hour())*100 + int64(now.Minute())
	}
	b.Issuer = opt.Issuer
	if b.Issuer == "" {
		b.Issuer = "Chuyển đổi từ Cổng Dịch vụ công quốc gia (" + filepath.Base(dir) + ")"
	}
	// The portal knows the law's words only; the kiosk's list of villagers' words goes
	// with every bundle, for the province to extend.
	b.Synonyms = DefaultSynonyms()
	fields := map[string]bool{}
	codes := map[string]string{}
	for _, path := range paths {
		rep.Files++
		name := filepath.Base(path)
		c, err := readRecord(path)
		if err == nil {
			err = checkProcedure(&c.Procedure)
		}
		if err == nil && codes[c.Procedure.Code] != "" {
			err = fmt.Errorf("code %s is also in %s", c.Procedure.Code, codes[c.Procedure.Code])
		}
		if err != nil {
			rep.Refused = append(rep.Refused, FileNote{name, err.Error()})
			continue
		}
		for _, w := range c.Warnings {
			rep.Warnings = append(rep.Warnings, FileNote{name, w})
		}
		codes[c.Procedure.Code] = name
		if !fields[c.Field.Name] {
			fields[c.Field.Name] = true
			b.Fields = append(b.Fields, c.Field)
		}
		b.Procedures = append(b.Procedures, c.Procedure)
		rep.Converted++
		rep.Documents += len(c.Procedure.Documents)
	}
	if rep.Converted == 0 {
		return rep, kiosk.Errorf(kiosk.EINVALID, "Không chuyển đổi được thủ tục nào", "no record converted")
	}
	js, err := json.MarshalIndent(b, "", " ")
	if err != nil {
		return rep, err
	}
	if _, err := Parse(js); err != nil {
		return rep, fmt.Errorf("the converted bundle does not validate (a converter bug): %w", err)
	}
	_, err = out.Write(append(js, '\n'))
	return rep, err
}

// readRecord converts the record in the file at path, reading no more of it than a
// record may hold (portal.MaxRecordBytes).
func readRecord(path string) (portal.Converted, error) {
	f, err := os.Open(path)
	if err != nil {
		return portal.Converted{}, err
	}
	defer f.Close()
	return portal.Read(f)
}

// checkProcedure validates one procedure against the bundle schema, so a record the
// schema would refuse is refused alone rather than sinking the whole bundle.
func checkProcedure(p *kiosk.Procedure) error {
	js, err := json.Marshal(p)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		return err
	}
	var ps problems
	schemaProblems(&ps, "procedure", procedureSchema.Validate(doc), nil)
	if ps.total == 0 {
		return nil
	}
	var msgs []string
	for _, p := range ps.list {
		msgs = append(msgs, strings.TrimPrefix(p.Field+": ", ": ")+p.Message)
	}
	return fmt.Errorf("does not fit the bundle schema: %s", strings.Join(msgs, "; "))
}
