package sync

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func sampleBatch(from int64, n int) *Batch {
	b := &Batch{Kiosk: "k1", Epoch: "e1", FromSeq: from}
	for i := 0; i < n; i++ {
		b.Events = append(b.Events, Event{Seq: from + int64(i), Kind: "ticket.issued",
			Body: json.RawMessage(`{"number":"A001","service":"hộ tịch"}`), CreatedAt: time.Unix(1700000000, 0).UTC()})
	}
	return b
}

func TestBatchRoundTrip(t *testing.T) {
	b := sampleBatch(7, 3)
	wire, err := EncodeBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBatch(wire, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.LastSeq() != 9 || got.Events[1].Kind != "ticket.issued" || string(got.Events[2].Body) != string(b.Events[2].Body) {
		t.Fatalf("round trip changed the batch: %+v", got)
	}
}

func TestBatchRefusals(t *testing.T) {
	gap := sampleBatch(1, 3)
	gap.Events[2].Seq = 5
	badBody := sampleBatch(1, 1)
	badBody.Events[0].Body = json.RawMessage(`{`)
	noKind := sampleBatch(1, 1)
	noKind.Events[0].Kind = ""
	tooMany := sampleBatch(1, MaxBatchEvents+1)
	for name, tc := range map[string]struct {
		b       *Batch
		tooLong bool
	}{
		"gap inside":    {b: gap},
		"bad body":      {b: badBody},
		"no kind":       {b: noKind},
		"no kiosk":      {b: &Batch{Epoch: "e", FromSeq: 1, Events: sampleBatch(1, 1).Events}},
		"zero from_seq": {b: &Batch{Kiosk: "k", Epoch: "e", Events: sampleBatch(0, 1).Events}},
		"empty":         {b: &Batch{Kiosk: "k", Epoch: "e", FromSeq: 1}},
		"too many":      {b: tooMany, tooLong: true},
	} {
		t.Run(name, func(t *testing.T) {
			wire, _ := EncodeBatch(tc.b)
			_, err := DecodeBatch(wire, true)
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.tooLong != errors.Is(err, ErrTooLarge) {
				t.Fatalf("too large = %v, err %v", errors.Is(err, ErrTooLarge), err)
			}
		})
	}
}

func TestGunzipBombStops(t *testing.T) {
	bomb := Gzip([]byte(strings.Repeat("a", 10<<20)))
	if _, err := DecodeBatch(bomb, true); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("zip bomb: %v", err)
	}
	if _, err := DecodeBatch([]byte("not gzip"), true); err == nil {
		t.Fatal("accepted non-gzip")
	}
}

func FuzzDecodeBatch(f *testing.F) {
	good, _ := json.Marshal(sampleBatch(1, 2))
	f.Add(good, false)
	f.Add(Gzip(good), true)
	f.Add([]byte(`{"kiosk":"k","epoch":"e","from_seq":1,"events":[{"seq":1,"kind":"x","body":1}]}`), false)
	f.Add([]byte(`{"kiosk":"k","epoch":"e","from_seq":9223372036854775807,"events":[{"seq":9223372036854775807,"kind":"x","body":{}}]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		b, err := DecodeBatch(data, gz)
		if err != nil {
			return
		}
		// Whatever decodes must be a valid, consecutive, bounded batch.
		if len(b.Events) == 0 || len(b.Events) > MaxBatchEvents {
			t.Fatalf("decoded %d events", len(b.Events))
		}
		for i, e := range b.Events {
			if e.Seq != b.FromSeq+int64(i) || !json.Valid(e.Body) || e.Kind == "" {
				t.Fatalf("bad event %d accepted: %+v", i, e)
			}
		}
	})
}
