package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/motcua/motcua/sync/hub"
	"golang.org/x/term"
)

// IT accounts from the command line: `user add NAME --role province|cluster [--cluster C]
// [--display "Tên"]`, `user passwd NAME`, `user disable NAME`, `user list`. A password is
// read from standard input (twice, without echo, on a terminal; the first line of a pipe
// otherwise), never from argv, which ps and shell history show. Each change goes to the
// audit log as "cli:<os user>".

func userCommand(ctx context.Context, cmd string, fs *flag.FlagSet, args []string, withStore func(func(hub.Store) error) error, stdin io.Reader, stdout io.Writer) error {
	role := fs.String("role", hub.RoleProvince, "province (sees every kiosk) or cluster (sees its cluster's kiosks)")
	cluster := fs.String("cluster", "", "the cluster tag of the kiosks a cluster user sees")
	display := fs.String("display", "", "the name pages show")
	// The name may come before the flags (user add NAME --role cluster …) or after them.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if name == "" && fs.NArg() == 1 {
		name = fs.Arg(0)
	} else if fs.NArg() > 0 {
		name = ""
	}
	now := time.Now()
	return withStore(func(st hub.Store) error {
		switch cmd {
		case "user list":
			us, err := st.Users(ctx)
			if us == nil {
				us = []hub.User{}
			}
			if err == nil {
				err = json.NewEncoder(stdout).Encode(us)
			}
			return err
		case "user add", "user passwd", "user disable":
			if name == "" {
				return fmt.Errorf("%s NAME", cmd)
			}
		default:
			return errors.New("user add|passwd|disable NAME, user list")
		}
		name := strings.ToLower(name)
		if cmd == "user disable" {
			if err := st.DisableUser(ctx, name, now); err != nil {
				return fmt.Errorf("user %s: %w", name, err)
			}
			fmt.Fprintf(stdout, "user %s disabled; its sessions ended\n", name)
			return cliAudit(ctx, st, "user.disable", name, "")
		}
		u := hub.User{Name: name, Role: *role, Cluster: *cluster, DisplayName: *display}
		if cmd == "user add" {
			if err := u.Check(); err != nil { // before asking for a password
				return err
			}
		}
		pw, err := readPassword(stdin, stdout)
		if err != nil {
			return err
		}
		if cmd == "user add" {
			if err := st.CreateUser(ctx, u, hub.HashPassword(pw), now); err != nil {
				return fmt.Errorf("user %s: %w", name, err)
			}
			fmt.Fprintf(stdout, "user %s added (%s%s)\n", name, u.Role, map[bool]string{true: " " + u.Cluster}[u.Cluster != ""])
			return cliAudit(ctx, st, "user.add", name, u.Role+" "+u.Cluster)
		}
		if err := st.SetPassword(ctx, name, hub.HashPassword(pw), now); err != nil {
			return fmt.Errorf("user %s: %w", name, err)
		}
		fmt.Fprintf(stdout, "password of %s changed; its sessions ended\n", name)
		return cliAudit(ctx, st, "user.passwd", name, "")
	})
}

// readPassword reads a new password: on a terminal twice without echo, from a pipe its
// first line. It refuses one hub.CheckPassword refuses.
func readPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Mật khẩu mới / new password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, "Nhập lại / again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), hub.CheckPassword(string(a))
	}
	line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input")
	}
	return pw, hub.CheckPassword(pw)
}

// cliActor is who the audit log names for a command-line change: "cli:<os user>".
func cliActor() string {
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	return "cli:" + who
}

// cliAudit writes a command-line change to the audit log.
func cliAudit(ctx context.Context, st hub.Store, action, target, detail string) error {
	return st.Audit(ctx, hub.AuditEntry{At: time.Now(), Actor: cliActor(), Action: action, Target: target, Detail: detail})
}
