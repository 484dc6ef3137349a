package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

const catalogUsage = `motcua catalog — danh mục thủ tục / the procedure catalog

  motcua catalog import FILE              nạp gói danh mục (cùng đường với đồng bộ) / apply a catalog bundle
  motcua catalog convert --from portal DIR   đổi hồ sơ thủ tục của Cổng DVC quốc gia thành gói (stdout) / convert portal records to a bundle
  motcua catalog search QUERY             tìm thử / print the top results
`

// runCatalog is `motcua catalog …`, for installers and provinces checking bundles.
func runCatalog(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, catalogUsage)
		return 2
	}
	ctx := context.Background()
	switch args[0] {
	case "convert":
		fl := flag.NewFlagSet("convert", flag.ContinueOnError)
		from := fl.String("from", "portal", "source format (portal)")
		if err := fl.Parse(args[1:]); err != nil || fl.NArg() != 1 || *from != "portal" {
			fmt.Fprint(os.Stderr, catalogUsage)
			return 2
		}
		if err := catalog.ConvertPortalCLI(fl.Arg(0), os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "motcua:", describe(err))
			return 1
		}
		return 0
	case "import", "search":
		if len(args) < 2 {
			fmt.Fprint(os.Stderr, catalogUsage)
			return 2
		}
	default:
		fmt.Fprint(os.Stderr, catalogUsage)
		return 2
	}
	cfg, err := loadConfig("", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	db, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	defer db.Close()
	svc := catalog.NewService(sqlite.NewCatalogStore(db), nil)
	if args[0] == "import" {
		err = catalog.ImportFile(ctx, svc, args[1], os.Stdout)
	} else {
		if _, err = svc.LoadDemoIfEmpty(ctx); err == nil {
			err = catalog.SearchCLI(ctx, svc, strings.Join(args[1:], " "), 10, os.Stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua:", describe(err))
		return 1
	}
	return 0
}
