package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

// cli is one run of the motcua command: the environment it reads and where it writes.
// main gives it the process's; tests run commands in-process with their own, so a test
// never reads the machine's HOME or writes to its default data directory.
type cli struct {
	ctx    context.Context // long-running commands (serve) also stop when it ends
	getenv func(string) string
	stdin  io.Reader // the enrolment token, when it is not read from a file
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand's command line: its usage text and its flags.
type command struct {
	*flag.FlagSet
	usage     string
	overrides kiosk.Overrides // --data on every command; --addr and --demo where the kiosk runs
}

// command starts a subcommand's flags. Every command gets --data here, the one place it is
// added, and -h/--help, which prints the usage on stdout and exits 0 before anything is
// opened.
func (c *cli) command(name, usage string) *command {
	cmd := &command{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), usage: usage}
	cmd.SetOutput(io.Discard) // usageExit says what went wrong, once
	cmd.StringVar(&cmd.overrides.DataDir, "data", "", "thư mục dữ liệu, nơi đọc config.json / the data directory, whose config.json is read (over MOTCUA_DATA_DIR)")
	return cmd
}

// addrFlag adds --addr, for the commands that run the LAN server.
func (cmd *command) addrFlag() {
	cmd.StringVar(&cmd.overrides.Listen, "addr", "", "địa chỉ mạng LAN / LAN address, e.g. :8080 or 127.0.0.1:0 (over listen and MOTCUA_LISTEN)")
}

// demoFlag adds --demo, for the commands that run the kiosk: demo mode (kiosk.Config.Demo).
func (cmd *command) demoFlag() {
	cmd.BoolVar(&cmd.overrides.Demo, "demo", false, "chế độ dùng thử: cán bộ mẫu với mã PIN công khai, danh mục mẫu; không dùng cho xã thật / demo mode: demo staff with published PINs and the demo catalog; never on a real kiosk (over demo and MOTCUA_DEMO)")
}

// parse reads args, where flags may come before, between or after the operands ("--" ends
// the flags), and returns between min and max operands (max < 0: any number). Its error
// goes to usageExit.
func (c *cli) parse(cmd *command, args []string, min, max int) ([]string, error) {
	var operands []string
	for {
		if err := cmd.Parse(args); err != nil {
			return nil, err
		}
		rest := cmd.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			operands = append(operands, rest...)
			break
		}
		operands, args = append(operands, rest[0]), rest[1:]
	}
	switch {
	case len(operands) < min:
		return nil, errors.New("thiếu tham số / an argument is missing")
	case max >= 0 && len(operands) > max:
		return nil, fmt.Errorf("thừa tham số %q / unexpected argument", operands[max])
	}
	return operands, nil
}

// usageExit ends a command whose command line was not run: --help prints the usage on
// stdout (exit 0); anything else says what is wrong, then the usage, on stderr (exit 2).
func (c *cli) usageExit(cmd *command, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		cmd.printUsage(c.stdout)
		return 0
	}
	fmt.Fprintf(c.stderr, "motcua %s: %v\n\n", cmd.Name(), err)
	cmd.printUsage(c.stderr)
	return 2
}

func (cmd *command) printUsage(w io.Writer) {
	fmt.Fprint(w, cmd.usage)
	fmt.Fprintln(w, "\nTham số / flags:")
	cmd.SetOutput(w)
	cmd.PrintDefaults()
	cmd.SetOutput(io.Discard)
}

// group runs one subcommand of a group (catalog, printer, config). The group alone, or
// with --help, prints the group's usage.
func (c *cli) group(usage string, args []string, subs map[string]func([]string) int) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(c.stderr, usage)
		return 2
	case isHelp(args[0]):
		fmt.Fprint(c.stdout, usage)
		return 0
	}
	if run, ok := subs[args[0]]; ok {
		return run(args[1:])
	}
	fmt.Fprintf(c.stderr, "motcua: lệnh không rõ %q / unknown command\n\n%s", args[0], usage)
	return 2
}

func isHelp(arg string) bool {
	switch strings.TrimLeft(arg, "-") {
	case "h", "help":
		return true
	}
	return false
}

// configAndClock reads what a maintenance command acts by: the config file the service
// reads, and its clock (MOTCUA_CLOCK), so that backup, restore and update name their files
// and times as the running kiosk would.
func (c *cli) configAndClock(cmd *command) (kiosk.Config, kiosk.Clock, error) {
	cfg, _, err := kiosk.LoadConfig(c.getenv, cmd.overrides)
	if err != nil {
		return kiosk.Config{}, nil, err
	}
	clock, _, err := clockFromEnv(c.getenv)
	return cfg, clock, err
}

// fail reports an error of a command that ran, in the person's language first; exit 1.
func (c *cli) fail(err error) int {
	fmt.Fprintln(c.stderr, "motcua:", describe(err))
	return 1
}
