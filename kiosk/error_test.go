package kiosk

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	inner := Invalid("text", "Thông báo dài quá", "too long")
	wrapped := fmt.Errorf("set notice: %w", inner)
	if ErrorCode(wrapped) != EINVALID {
		t.Fatalf("code %q", ErrorCode(wrapped))
	}
	if e := ErrorOf(wrapped); e.Message != "Thông báo dài quá" || e.Field != "text" {
		t.Fatalf("%+v", e)
	}
	if ErrorCode(nil) != "" {
		t.Fatal("nil has a code")
	}
	plain := errors.New("disk I/O error at sector 7")
	if ErrorCode(plain) != EINTERNAL {
		t.Fatal("a plain error is not internal")
	}
	if e := ErrorOf(plain); e.Code != EINTERNAL || e.Message == "" || e.Message == plain.Error() {
		t.Fatalf("internal error leaks its cause to people: %+v", e)
	}
}
