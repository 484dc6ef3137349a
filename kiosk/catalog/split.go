package catalog

import (
	"errors"
	"fmt"
)

// The bundle's top level is walked by hand: encoding/json's Decoder copies and scans every
// byte twice, which for a 100 MB bundle cost more than validating it. split only finds
// where values begin and end; each value is then parsed for real (the envelope's by
// encoding/json, each procedure by the schema validator), so malformed JSON inside a value
// is still caught there.

var errSyntax = errors.New("malformed JSON")

// maxStringBytes is the most a JSON string may take and still be a text the schema allows:
// 100,000 characters, each at most 12 bytes escaped (a surrogate pair, \uXXXX\uXXXX), and
// its quotes. Longer strings are refused where they stand, before anything decodes them: a
// 200 MB bundle of one string cost 1.1 GB to refuse through the decoders.
const maxStringBytes = 12*100_000 + 2

var errTooLong = errors.New("longer than any text a bundle may hold (100,000 characters)")

type splitter struct {
	data []byte
	i    int
}

func (s *splitter) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *splitter) expect(c byte) error {
	s.space()
	if s.i >= len(s.data) || s.data[s.i] != c {
		return fmt.Errorf("%w: expected %q at byte %d", errSyntax, c, s.i)
	}
	s.i++
	return nil
}

// peek returns the next non-space byte, 0 at the end.
func (s *splitter) peek() byte {
	s.space()
	if s.i >= len(s.data) {
		return 0
	}
	return s.data[s.i]
}

// value returns the bytes of the next JSON value: a string, an object or array (brackets
// balanced, strings skipped), or a literal up to the next delimiter.
func (s *splitter) value() ([]byte, error) {
	s.space()
	start := s.i
	if s.i >= len(s.data) {
		return nil, fmt.Errorf("%w: unexpected end", errSyntax)
	}
	switch s.data[s.i] {
	case '"':
		if err := s.str(); err != nil {
			return nil, err
		}
	case '{', '[':
		depth := 0
		for s.i < len(s.data) {
			switch s.data[s.i] {
			case '"':
				if err := s.str(); err != nil {
					return nil, err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return s.data[start:s.i], nil
			}
		}
		return nil, fmt.Errorf("%w: unclosed %q at byte %d", errSyntax, s.data[start], start)
	default:
		for s.i < len(s.data) {
			switch s.data[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if s.i == start {
					return nil, fmt.Errorf("%w: unexpected %q at byte %d", errSyntax, s.data[s.i], s.i)
				}
				return s.data[start:s.i], nil
			}
			s.i++
		}
	}
	return s.data[start:s.i], nil
}

// str skips a string starting at s.i (a quote), escapes included.
func (s *splitter) str() error {
	start := s.i
	s.i++
	for s.i < len(s.data) {
		if s.i-start >= maxStringBytes {
			return fmt.Errorf("the text at byte %d is %w", start, errTooLong)
		}
		switch s.data[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return nil
		}
		s.i++
	}
	return fmt.Errorf("%w: unclosed string at byte %d", errSyntax, start)
}
