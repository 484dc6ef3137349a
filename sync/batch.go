package sync

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrTooLarge is wrapped by DecodeBatch when a batch is over MaxBatchEvents or MaxBatchBytes.
var ErrTooLarge = errors.New("batch too large")

// EncodeBatch serialises b once, gzipped, for the wire: the bytes are what retries replay
// and what the signature's body hash covers.
func EncodeBatch(b *Batch) ([]byte, error) {
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return Gzip(raw), nil
}

// Gzip compresses b.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/4 + 64)
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// Gunzip decompresses b, refusing more than limit bytes of output (a zip bomb stops at
// limit+1 bytes read).
func Gunzip(b []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes unzipped", ErrTooLarge, limit)
	}
	return out, nil
}

// DecodeBatch reads a batch from its wire bytes (gzip when gzipped is true) and checks it:
// limits, kiosk and epoch present, events consecutive from FromSeq, kinds and bodies sane.
// A batch that fails is refused whole.
func DecodeBatch(wireBytes []byte, gzipped bool) (*Batch, error) {
	raw := wireBytes
	if gzipped {
		var err error
		if raw, err = Gunzip(wireBytes, MaxBatchBytes); err != nil {
			return nil, err
		}
	} else if len(raw) > MaxBatchBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(raw))
	}
	var b Batch
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("batch JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("batch JSON: trailing data")
	}
	return &b, b.Validate()
}

// Validate checks the batch's shape (not who sent it).
func (b *Batch) Validate() error {
	if b.Kiosk == "" || len(b.Kiosk) > 128 {
		return errors.New("batch: kiosk missing or too long")
	}
	if b.Epoch == "" || len(b.Epoch) > 128 {
		return errors.New("batch: epoch missing or too long")
	}
	if b.FromSeq < 1 {
		return fmt.Errorf("batch: from_seq %d < 1", b.FromSeq)
	}
	if len(b.Events) == 0 {
		return errors.New("batch: no events")
	}
	if len(b.Events) > MaxBatchEvents {
		return fmt.Errorf("%w: %d events (at most %d)", ErrTooLarge, len(b.Events), MaxBatchEvents)
	}
	for i, e := range b.Events {
		if want := b.FromSeq + int64(i); e.Seq != want {
			return fmt.Errorf("batch: event %d has seq %d, want %d (events must be consecutive)", i, e.Seq, want)
		}
		if e.Kind == "" || len(e.Kind) > MaxKindLen || !utf8.ValidString(e.Kind) || strings.ContainsAny(e.Kind, " \t\r\n") {
			return fmt.Errorf("batch: seq %d: bad kind %q", e.Seq, e.Kind)
		}
		if len(e.Body) == 0 || !json.Valid(e.Body) {
			return fmt.Errorf("batch: seq %d: body is not JSON", e.Seq)
		}
		if len(e.Body) > MaxEventBody {
			return fmt.Errorf("%w: seq %d body %d bytes", ErrTooLarge, e.Seq, len(e.Body))
		}
	}
	return nil
}

// LastSeq is the seq of the batch's last event.
func (b *Batch) LastSeq() int64 { return b.FromSeq + int64(len(b.Events)) - 1 }
