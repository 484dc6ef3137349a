package portal_test

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog/portal"
)

// hugeRecord reads as a record whose name is one JSON string of n bytes ("a b a b …"): a
// file of hundreds of megabytes made on the fly, so none sits on disk. Read counts what
// the converter took.
type hugeRecord struct {
	head, tail string
	n, pos     int64
	taken      int64 // bytes handed out
}

func newHugeRecord(n int64) *hugeRecord {
	return &hugeRecord{head: `{"data":{"code":"1.1","name":"`, tail: `","category":{"name":"A"}}}`, n: n}
}

func (h *hugeRecord) Read(p []byte) (int, error) {
	total := int64(len(h.head)) + h.n + int64(len(h.tail))
	if h.pos >= total {
		return 0, io.EOF
	}
	i := 0
	for ; i < len(p) && h.pos < total; i, h.pos = i+1, h.pos+1 {
		switch {
		case h.pos < int64(len(h.head)):
			p[i] = h.head[h.pos]
		case h.pos < int64(len(h.head))+h.n:
			p[i] = "a "[(h.pos-int64(len(h.head)))%2]
		default:
			p[i] = h.tail[h.pos-int64(len(h.head))-h.n]
		}
	}
	h.taken += int64(i)
	return i, nil
}

func TestReadRefusesAHugeStringWithoutReadingIt(t *testing.T) {
	for _, size := range []int64{portal.MaxRecordBytes, 200 << 20} {
		t.Run(fmt.Sprintf("%d MB", size>>20), func(t *testing.T) {
			r := newHugeRecord(size)
			_, err := portal.Read(r)
			if err == nil || !strings.Contains(err.Error(), "over 4 MB") {
				t.Fatalf("Read = %v, want a refusal for size", err)
			}
			if r.taken > portal.MaxRecordBytes+1 {
				t.Errorf("read %d bytes of the record, want at most %d", r.taken, portal.MaxRecordBytes+1)
			}
		})
	}
	// Just under the limit the record is read whole and converts; ConvertPortal then refuses
	// it against the schema (a name is at most 2,000 characters).
	r := newHugeRecord(portal.MaxRecordBytes - 100)
	c, err := portal.Read(r)
	if err != nil {
		t.Fatalf("a record under the limit: %v", err)
	}
	if len(c.Procedure.Name) != portal.MaxRecordBytes-101 { // the name's closing space trimmed
		t.Errorf("name of %d bytes", len(c.Procedure.Name))
	}
}
