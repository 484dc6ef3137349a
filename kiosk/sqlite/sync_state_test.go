package sqlite

import (
	"context"
	"testing"
)

func TestSyncStateNeverMovesBack(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if v, err := db.BundleVersion(ctx, "catalog"); err != nil || v != 0 {
		t.Fatalf("fresh: %d %v", v, err)
	}
	if err := db.SetBundleVersion(ctx, "catalog", 3, "abc"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int64{3, 2} {
		if err := db.SetBundleVersion(ctx, "catalog", v, "old"); err == nil {
			t.Fatalf("v%d accepted after v3", v)
		}
	}
	if v, _ := db.BundleVersion(ctx, "catalog"); v != 3 {
		t.Fatalf("version %d", v)
	}
	if err := db.RecordRejected(ctx, 7, "unknown procedure"); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordRejected(ctx, 7, "again"); err != nil {
		t.Fatal(err)
	}
	rs, err := db.Rejected(ctx, 10)
	if err != nil || len(rs) != 1 || rs[0].Reason != "unknown procedure" {
		t.Fatalf("%+v %v", rs, err)
	}
}
