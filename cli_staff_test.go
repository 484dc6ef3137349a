package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/kiosk/sqlite"
)

// runIn runs a command with stdin as its standard input (a pipe, not a terminal: the PIN
// is its first line).
func (r *cliRig) runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	c := r.cli(context.Background(), &out, &errb)
	c.stdin = strings.NewReader(stdin)
	code = c.run(args)
	return code, out.String(), errb.String()
}

// An installer sets a kiosk up from the shell: an admin and a clerk with PINs from
// standard input, the list, a PIN reset, an unlock; the kiosk then needs no setup screen
// and the admin logs in with the PIN given.
func TestStaffCommands(t *testing.T) {
	r := newCLIRig(t)
	dir := t.TempDir()
	data := []string{"--data", dir}
	run := func(stdin string, args ...string) (int, string, string) {
		return r.runIn(stdin, append(args, data...)...)
	}

	code, out, _ := run("", "staff", "list")
	if code != 0 || !strings.Contains(out, "Chưa có cán bộ nào") {
		t.Fatalf("list of a fresh kiosk: %d %s", code, out)
	}
	code, _, errOut := run("9999\n", "staff", "add", "boss", "--name", "Đỗ Văn Bình", "--role", "admin")
	if code != 1 || !strings.Contains(errOut, "Mã PIN của quản trị viên phải gồm 6 đến 8 chữ số") {
		t.Fatalf("an admin with a 4-digit PIN: %d %s", code, errOut)
	}
	if code, _, errOut = run("", "staff", "add", "boss", "--name", "Đỗ Văn Bình", "--role", "admin"); code != 1 || !strings.Contains(errOut, "Chưa có mã PIN") {
		t.Fatalf("no PIN on stdin: %d %s", code, errOut)
	}
	if code, out, errOut = run("909192\n", "staff", "add", "boss", "--name", "Đỗ Văn Bình", "--role", "admin"); code != 0 {
		t.Fatalf("add admin: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = run("4321\n", "staff", "add", "thu", "--name", "Hà Thu", "--counter", "7"); code != 1 || !strings.Contains(errOut, "Không có quầy 7") {
		t.Fatalf("a counter that does not exist: %d %s", code, errOut)
	}
	if code, _, errOut = run("4321\r\n", "staff", "add", "thu", "--name", "Hà Thu", "--counter", "2", "--title", "Công chức Địa chính"); code != 0 {
		t.Fatalf("add clerk: %d %s", code, errOut)
	}
	if code, _, errOut = run("4321\n", "staff", "add", "thu", "--name", "Hà Thu"); code != 1 || !strings.Contains(errOut, "reset-pin") {
		t.Fatalf("a second add of the same id: %d %s", code, errOut)
	}

	// Three wrong PINs from one address, then the list shows them and unlock forgets them.
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	auth := &sqlite.AuthService{DB: db}
	for range 3 {
		auth.Login(context.Background(), "thu", "0000", "192.0.2.44")
	}
	db.Close()
	code, out, _ = run("", "staff", "list")
	for _, want := range []string{"boss", "Đỗ Văn Bình", "admin", "thu", "Hà Thu", "clerk", "192.0.2.44"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("list lacks %q: %d\n%s", want, code, out)
		}
	}
	if code, out, errOut = run("", "staff", "unlock", "thu"); code != 0 {
		t.Fatalf("unlock thu: %d %s %s", code, out, errOut)
	}
	if code, _, _ = run("", "staff", "unlock", "--source", "192.0.2.44"); code != 0 {
		t.Fatalf("unlock the address: %d", code)
	}
	if code, _, errOut = run("", "staff", "unlock", "thu"); code != 1 || !strings.Contains(errOut, "Không có lần nhập sai") {
		t.Fatalf("unlock with nothing to forget: %d %s", code, errOut)
	}
	if code, _, errOut = run("12345\n", "staff", "reset-pin", "boss"); code != 1 || !strings.Contains(errOut, "6 đến 8") {
		t.Fatalf("reset an admin to 5 digits: %d %s", code, errOut)
	}
	if code, _, errOut = run("707172\n", "staff", "reset-pin", "boss"); code != 0 {
		t.Fatalf("reset-pin: %d %s", code, errOut)
	}

	base, _ := r.serve("--addr", "127.0.0.1:0", "--data", dir)
	if _, info, _ := call(t, "GET", base, "", "/api/v1/info", ""); path(info, "setup", "required") != false {
		t.Fatalf("a kiosk with staff asks for setup: %v", info)
	}
	if status, _, _ := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"boss","pin":"707172"}`); status != http.StatusOK {
		t.Fatalf("the admin with the reset PIN: %d", status)
	}
	if status, _, _ := call(t, "POST", base, lan, "/api/v1/auth/login", `{"staff_id":"thu","pin":"4321"}`); status != http.StatusOK {
		t.Fatalf("the clerk: %d", status)
	}
}

// A PIN is never taken on the command line; the usage says where it comes from.
func TestStaffCommandLines(t *testing.T) {
	r := newCLIRig(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"staff", "--help"}, 0, "motcua staff reset-pin"},
		{[]string{"staff", "add", "--help"}, 0, "đầu vào chuẩn"},
		{[]string{"staff", "add", "boss", "--name", "B", "--pin", "123456"}, 2, "-pin"},
		{[]string{"staff", "add", "boss"}, 2, "--name"},
		{[]string{"staff", "reset-pin"}, 2, "thiếu tham số"},
		{[]string{"staff", "unlock"}, 2, "--source"},
		{[]string{"staff", "unlock", "boss", "--source", "192.0.2.1"}, 2, "không cả hai"},
		{[]string{"staff", "fire", "boss"}, 2, `"fire"`},
	} {
		code, out, errOut := r.runIn("", c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: exit %d, want %d saying %q:\n%s%s", c.args, code, c.code, c.want, out, errOut)
		}
	}
	if f := r.files(); len(f) > 0 {
		t.Fatalf("refused command lines left files: %v", f)
	}
}
