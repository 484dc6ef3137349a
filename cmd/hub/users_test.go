package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/sync/hub"
)

// IT accounts are made from the command line with the password on standard input, never
// in argv; a short one is refused and makes nobody.
func TestUserAddPasswdList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hub.db")
	ctx := context.Background()
	cli := func(in string, args ...string) (string, error) {
		stdin = strings.NewReader(in)
		t.Cleanup(func() { stdin = nil })
		var out, errOut bytes.Buffer
		err := run(ctx, append(args, "-db", db), &out, &errOut)
		return out.String(), err
	}
	if _, err := cli("short\n", "user", "add", "tinh.it"); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Fatalf("short password: %v", err)
	}
	if _, err := cli("a long enough password\n", "user", "add", "cum.it", "-role", "cluster"); err == nil {
		t.Fatal("a cluster user without its cluster was added")
	}
	if out, err := cli("mật khẩu của tỉnh 2026\n", "user", "add", "tinh.it", "-display", "CNTT Sở"); err != nil || !strings.Contains(out, "added") {
		t.Fatalf("add: %q %v", out, err)
	}
	if _, err := cli("mật khẩu của tỉnh 2026\n", "user", "add", "tinh.it"); err == nil {
		t.Fatal("the same name added twice")
	}
	if _, err := cli("mật khẩu của cụm 2026\n", "user", "add", "cum.doanhung", "-role", "cluster", "-cluster", "Đoan Hùng"); err != nil {
		t.Fatal(err)
	}
	if _, err := cli("một mật khẩu mới dài\n", "user", "passwd", "tinh.it"); err != nil {
		t.Fatal(err)
	}
	out, err := cli("", "user", "list")
	var users []hub.User
	if err != nil || json.Unmarshal([]byte(out), &users) != nil || len(users) != 2 || users[0].Name != "cum.doanhung" || users[0].Cluster != "Đoan Hùng" || users[1].DisplayName != "CNTT Sở" {
		t.Fatalf("list: %s %v", out, err)
	}
	st, err := hub.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, hash, err := st.User(ctx, "tinh.it")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "mới") {
		t.Fatalf("stored hash %q", hash)
	}
	log, _ := st.AuditLog(ctx, hub.AuditQuery{})
	if len(log) != 3 || !strings.HasPrefix(log[0].Actor, "cli:") || log[0].Action != "user.passwd" {
		t.Fatalf("audit %+v", log)
	}
}
