package kiosk

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The layers a setting's value can come from, lowest first (LoadConfig gives the order).
// Setup and enrolment are not layers of LoadConfig, since both live in the data directory
// that LoadConfig settles: the first-run setup kept in the database sits between the file
// and the environment (ApplySetup), and the hub recorded by `motcua enrol` is set over the
// configured one by the command that reads the enrolment.
const (
	LayerDefault   = "default"
	LayerFile      = "file"
	LayerSetup     = "setup"
	LayerEnv       = "env"
	LayerFlag      = "flag"
	LayerEnrolment = "enrolment"
)

// Source says which layer gave a setting its value.
type Source struct {
	Layer string // one of the Layer constants
	From  string // the file's path, the variable's or the flag's name; empty for a default
}

// String is the source as `motcua config show` prints it, Vietnamese first.
func (s Source) String() string {
	words := map[string]string{
		LayerDefault:   "mặc định / default",
		LayerFile:      "tệp / file",
		LayerSetup:     "cài đặt ban đầu / setup",
		LayerEnv:       "biến môi trường / env",
		LayerFlag:      "tham số / flag",
		LayerEnrolment: "đăng ký / enrolment",
	}[s.Layer]
	if s.From == "" {
		return words
	}
	return words + " " + s.From
}

// Sources maps a setting's key (its JSON path, e.g. "commune.name") to where its value came
// from. A key that is not in it has its default.
type Sources map[string]Source

// Of returns where key's value came from. A key inside an object or list set as a whole
// ("buttons.pin" when the file set "buttons") has that whole's source.
func (s Sources) Of(key string) Source {
	for {
		if v, ok := s[key]; ok {
			return v
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			return Source{Layer: LayerDefault}
		}
		key = key[:i]
	}
}

// record marks every setting the JSON document b sets as coming from from.
func (s Sources) record(b []byte, from Source) error {
	return jsonLeaves(b, "", func(key string, _ json.RawMessage) { s[key] = from })
}

// Setting is one effective value and where it came from.
type Setting struct {
	Key    string // JSON path, e.g. "commune.name"
	Value  string // as JSON, on one line
	Source Source
}

// Settings lists every setting of c, in the order of the config file's fields, with its
// source. Objects are listed field by field; lists are one setting each.
func (c Config) Settings(src Sources) []Setting {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // show a printer URI's & as the file has it
	if err := enc.Encode(c); err != nil {
		panic(err) // Config holds only strings, numbers, booleans and lists of them
	}
	var out []Setting
	_ = jsonLeaves(b.Bytes(), "", func(key string, raw json.RawMessage) {
		out = append(out, Setting{Key: key, Value: string(raw), Source: src.Of(key)})
	})
	return out
}

// jsonLeaves calls leaf with the dotted key and raw value of every non-object value in the
// JSON object b, in document order.
func jsonLeaves(b []byte, prefix string, leaf func(key string, raw json.RawMessage)) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // the opening brace
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key := prefix + t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if raw[0] == '{' {
			if err := jsonLeaves(raw, key+".", leaf); err != nil {
				return err
			}
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return err
		}
		leaf(key, compact.Bytes())
	}
	return nil
}
