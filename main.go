// Command motcua is the kiosk at a commune's one-stop desk: the touch screen window, the
// LAN server for counters, the hall display and admins, the print spooler and the sync
// worker, in one process.
//
//	motcua            open the kiosk window (and everything else)
//	motcua serve      run everything without a window
//	motcua catalog    import, convert or search the procedure catalog
//	motcua printer    print a test page
//	motcua enrol      enrol with the province hub
//	motcua config     show the effective configuration and where each value came from
//	motcua staff      add staff, reset a PIN, unlock, list (installers)
//	motcua backup     copy the database now
//	motcua restore    put a backup in place of the database
//	motcua update     prepare a start (the service's ExecStartPre), or show an update's state
//	motcua version    print the version
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

//go:embed all:frontend/dist
var embedded embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	c := &cli{ctx: context.Background(), getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(c.run(os.Args[1:]))
}

// dist is the built frontend, served to the window and to the LAN.
func dist() fs.FS {
	sub, err := fs.Sub(embedded, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

const usage = `motcua — Một Cửa Kiosk

Cách dùng / usage:
  motcua [--addr HOST:PORT] [--demo]  mở cửa sổ kiosk / open the kiosk window (LAN server and workers too)
  motcua serve        chạy không cửa sổ / run without a window (LAN pages only)
  motcua catalog ...  danh mục thủ tục: import, convert, search / the procedure catalog
  motcua printer test in trang thử, báo tình trạng máy in / print a test page, report the status
  motcua enrol --hub URL --token T   đăng ký với máy chủ tỉnh / enrol with the province hub
  motcua config show  cấu hình đang dùng và nguồn của từng giá trị / the effective configuration and its sources
  motcua staff ...    cán bộ: add, reset-pin, unlock, list / staff accounts, for installers
  motcua backup [--to DIR]  sao lưu cơ sở dữ liệu ngay / copy the database now
  motcua restore FILE khôi phục từ bản sao lưu (kiosk đã dừng) / restore a backup (kiosk stopped)
  motcua update prepare|status  cập nhật phần mềm: chuẩn bị khởi động, xem trạng thái / program updates (docs/updates.md)
  motcua version      in phiên bản / print the version

Mọi lệnh nhận --data DIR và --help / every command takes --data DIR and --help.
--demo: chế độ dùng thử với cán bộ mẫu, không dùng cho xã thật / demo mode with demo staff, never on a real kiosk.
Cấu hình / configuration: mặc định < DIR/config.json < MOTCUA_* < tham số (README.md).
`

// run is the command line: the first word picks the command, and no command (or only
// flags) opens the window.
func (c *cli) run(args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "--version" {
		return c.window(args)
	}
	name, args := args[0], args[1:]
	switch name {
	case "serve":
		return c.serve(args)
	case "catalog":
		return c.catalog(args)
	case "printer":
		return c.printer(args)
	case "enrol", "enroll":
		return c.enrol(args)
	case "config":
		return c.config(args)
	case "staff":
		return c.staff(args)
	case "backup":
		return c.backup(args)
	case "restore":
		return c.restore(args)
	case "update":
		return c.update(args)
	case "version", "--version":
		return c.version(args)
	case "help":
		fmt.Fprint(c.stdout, usage)
		return 0
	default:
		fmt.Fprintf(c.stderr, "motcua: lệnh không rõ %q / unknown command\n\n%s", name, usage)
		return 2
	}
}

// window is `motcua [--addr HOST:PORT] [--data DIR]`: the kiosk window.
func (c *cli) window(args []string) int {
	cmd := c.command("motcua", usage)
	cmd.addrFlag()
	cmd.demoFlag()
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	return runWindow(c, cmd.overrides)
}

func (c *cli) version(args []string) int {
	cmd := c.command("version", "motcua version\n  in phiên bản / print the version\n")
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	fmt.Fprintln(c.stdout, version)
	return 0
}
