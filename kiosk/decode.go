package kiosk

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// ErrTrailingData is returned by DecodeStrict when more follows the JSON value.
var ErrTrailingData = errors.New("trailing data after the JSON value")

// DecodeStrict reads one JSON value from r into v, refusing unknown fields and anything
// after the value: the rule for every input that crosses a boundary (API bodies, the
// config file, bundle payloads). Callers turn the error into words for their readers.
func DecodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return ErrTrailingData
	}
	return nil
}

// DecodePayload decodes a bundle payload strictly (DecodeStrict) into v; a bad one is an
// EINVALID error in words for the admin page and the hub.
func DecodePayload(payload []byte, v any) error {
	if err := DecodeStrict(bytes.NewReader(payload), v); err != nil {
		return Invalid("payload", "Gói dữ liệu không hợp lệ: "+err.Error(), "invalid bundle payload: "+err.Error())
	}
	return nil
}
