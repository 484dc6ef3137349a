package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// A disk full during issue is EUNAVAILABLE (503) with its Vietnamese message, not an
// internal error: SQLite reports a full disk as SQLITE_FULL, here made real by capping
// the file at its current size, and it first shows in a statement inside the transaction.
func TestDiskFullDuringIssueIsUnavailable(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	var pages int
	if err := q.DB.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := q.DB.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 10_000 && err == nil; i++ {
		_, err = q.Issue(ctx, "hotich", "")
	}
	e := kiosk.ErrorOf(err)
	if e.Code != kiosk.EUNAVAILABLE || !strings.Contains(e.Message, "Ổ đĩa đã đầy") {
		t.Fatalf("issue on a full disk: %v (%+v)", err, e)
	}
}
