package sqlite

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk"
)

// Finding (security review, issue 10): a staff bundle's argon2 parameters were taken as
// they came: threads=0 panicked at login, m=4 GiB was accepted. Out-of-bound hashes are
// refused when the bundle is applied, and never run at login.
func TestStaffBundleArgon2ParametersBounded(t *testing.T) {
	q, _ := newQueue(t)
	ctx := context.Background()
	b64 := func(n int) string { return base64.RawStdEncoding.EncodeToString([]byte(strings.Repeat("s", n))) }
	hash := func(tm, m, p string, salt, key int) string {
		return fmt.Sprintf("argon2id$%s$%s$%s$%s$%s", tm, m, p, b64(salt), b64(key))
	}
	for name, h := range map[string]string{
		"threads 0":       hash("2", "19456", "0", 16, 32),
		"memory 4 GiB":    hash("2", "4194304", "1", 16, 32),
		"memory 1 KiB":    hash("2", "1", "1", 16, 32),
		"time 0":          hash("0", "19456", "1", 16, 32),
		"time 1000":       hash("1000", "19456", "1", 16, 32),
		"threads 255":     hash("2", "19456", "255", 16, 32),
		"negative":        hash("-1", "19456", "1", 16, 32),
		"salt of 2 bytes": hash("2", "19456", "1", 2, 32),
		"key of 4 bytes":  hash("2", "19456", "1", 16, 4),
		"key of 4 KiB":    hash("2", "19456", "1", 16, 4096),
		"not base64":      "argon2id$2$19456$1$!!$!!",
		"seven fields":    hash("2", "19456", "1", 16, 32) + "$x",
	} {
		list := []kiosk.StaffRecord{{Staff: kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Role: kiosk.RoleAdmin}, PINHash: h}}
		err := q.Staff.ReplaceStaff(ctx, list)
		if kiosk.ErrorCode(err) != kiosk.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
		if ke := (*kiosk.Error)(nil); errors.As(err, &ke) && !strings.Contains(ke.Message, "argon2id") {
			t.Errorf("%s: message %q", name, ke.Message)
		}
		if checkPIN(h, "1234") { // and a hash stored before the bound never runs
			t.Errorf("%s: checked true", name)
		}
	}
	if _, _, err := q.Staff.Login(ctx, "canbo1", "1111", "test"); err != nil {
		t.Fatalf("a refused list changed the staff: %v", err)
	}
	good := []kiosk.StaffRecord{{Staff: kiosk.Staff{ID: "canbo1", Name: "Nguyễn Thị Lan", Role: kiosk.RoleAdmin}, PINHash: HashPIN("4321")}}
	if err := q.Staff.ReplaceStaff(ctx, good); err != nil {
		t.Fatal(err)
	}
	if _, _, err := q.Staff.Login(ctx, "canbo1", "4321", "test"); err != nil {
		t.Fatalf("a hash of HashPIN's own parameters: %v", err)
	}
}
