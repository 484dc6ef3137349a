// Command motcua is the kiosk at a commune's one-stop desk: the touch screen window, the
// LAN server for counters, the hall display and admins, the print spooler and the sync
// worker, in one process.
//
//	motcua            open the kiosk window (and everything else)
//	motcua serve      run everything without a window
//	motcua catalog    import, convert or search the procedure catalog
//	motcua version    print the version
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

//go:embed all:frontend/dist
var embedded embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
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
  motcua              mở cửa sổ kiosk / open the kiosk window
  motcua serve        chạy không cửa sổ / run without a window (LAN pages only)
  motcua catalog ...  danh mục thủ tục: import, convert, search / the procedure catalog
  motcua printer test in trang thử, báo tình trạng máy in / print a test page, report the status
  motcua enrol --hub URL --token T   đăng ký với máy chủ tỉnh / enrol with the province hub
  motcua version      in phiên bản / print the version

Cấu hình / configuration: <data dir>/config.json and MOTCUA_* variables (see README.md).
`

func run(args []string) int {
	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		return runWindow()
	case "serve":
		return runServe(args)
	case "catalog":
		return runCatalog(args)
	case "printer":
		return runPrinter(args)
	case "enrol", "enroll":
		return runEnrol(args)
	case "version", "--version":
		fmt.Println(version)
		return 0
	case "help", "-h", "--help":
		fmt.Print(usage)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "motcua: lệnh không rõ %q / unknown command\n\n%s", cmd, usage)
		return 2
	}
}
