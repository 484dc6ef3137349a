package kiosk

import (
	"context"
	"encoding/json"
	"testing"
)

// recordingAdmin is a QueueAdmin that keeps what it was given, validating as the store does.
type recordingAdmin struct{ set []QueueConfig }

func (a *recordingAdmin) QueueConfig(context.Context) (QueueConfig, error) {
	return DefaultQueueConfig(), nil
}
func (a *recordingAdmin) SetConfig(_ context.Context, c QueueConfig) error {
	if err := c.Validate(); err != nil {
		return err
	}
	a.set = append(a.set, c)
	return nil
}

func TestApplyConfigBundle(t *testing.T) {
	good, err := json.Marshal(DefaultQueueConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"services": [], "surprise": 1}`, // an unknown field
		string(good) + `{}`,               // trailing data
		`[1, 2]`,
		``,
	} {
		a := &recordingAdmin{}
		if err := ApplyConfigBundle(context.Background(), a, []byte(bad)); ErrorCode(err) != EINVALID || len(a.set) != 0 {
			t.Errorf("payload %q: %v, %d applied; want EINVALID and nothing applied", bad, err, len(a.set))
		}
	}
	a := &recordingAdmin{}
	if err := ApplyConfigBundle(context.Background(), a, good); err != nil || len(a.set) != 1 {
		t.Fatalf("good payload: %v, %d applied", err, len(a.set))
	}
}

// recordingStaff is a StaffReplacer that keeps the lists it was given.
type recordingStaff struct{ lists [][]StaffRecord }

func (r *recordingStaff) ReplaceStaff(_ context.Context, list []StaffRecord) error {
	r.lists = append(r.lists, list)
	return nil
}

func TestApplyStaffBundle(t *testing.T) {
	r := &recordingStaff{}
	if err := ApplyStaffBundle(context.Background(), r, []byte(`[{"id":"canbo1","name":"Lan","role":"clerk","pin_hash":"x","pin":"1111"}]`)); ErrorCode(err) != EINVALID || len(r.lists) != 0 {
		t.Fatalf("a list with an unknown field (a PIN in clear): %v, %d applied", err, len(r.lists))
	}
	if err := ApplyStaffBundle(context.Background(), r, []byte(`[{"id":"canbo1","name":"Lan","role":"clerk","pin_hash":"x"}]`)); err != nil || len(r.lists) != 1 || r.lists[0][0].ID != "canbo1" || r.lists[0][0].PINHash != "x" {
		t.Fatalf("good list: %v, %+v", err, r.lists)
	}
}
