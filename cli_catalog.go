package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

const catalogUsage = `motcua catalog — danh mục thủ tục / the procedure catalog

  motcua catalog import [--data DIR] FILE     nạp gói danh mục (cùng đường với đồng bộ) / apply a catalog bundle
  motcua catalog convert --from portal DIR    đổi hồ sơ thủ tục của Cổng DVC quốc gia thành gói (stdout) / convert portal records to a bundle
  motcua catalog search [--data DIR] QUERY    tìm thử / print the top results
`

// catalog is `motcua catalog …`, for installers and provinces checking bundles.
func (c *cli) catalog(args []string) int {
	return c.group(catalogUsage, args, map[string]func([]string) int{
		"import":  c.catalogImport,
		"convert": c.catalogConvert,
		"search":  c.catalogSearch,
	})
}

func (c *cli) catalogConvert(args []string) int {
	cmd := c.command("catalog convert", `motcua catalog convert --from portal DIR
  đổi hồ sơ thủ tục của Cổng DVC quốc gia trong DIR thành gói danh mục (stdout), báo cáo ra stderr
  converts the national portal's procedure records in DIR to a catalog bundle on stdout, the report on stderr
`)
	from := cmd.String("from", "portal", "định dạng nguồn / source format (portal)")
	ops, err := c.parse(cmd, args, 1, 1)
	if err == nil && *from != "portal" {
		err = errors.New("--from chỉ nhận portal / --from must be portal")
	}
	if err != nil {
		return c.usageExit(cmd, err)
	}
	if err := catalog.ConvertPortalCLI(ops[0], c.stdout, c.stderr); err != nil {
		return c.fail(err)
	}
	return 0
}

func (c *cli) catalogImport(args []string) int {
	cmd := c.command("catalog import", `motcua catalog import [--data DIR] FILE
  nạp gói danh mục FILE vào cơ sở dữ liệu, cùng đường với đồng bộ
  applies the catalog bundle FILE to the database, by the same code path as sync
`)
	ops, err := c.parse(cmd, args, 1, 1)
	if err != nil {
		return c.usageExit(cmd, err)
	}
	return c.withCatalog(cmd, func(ctx context.Context, svc *catalog.Service, _ kiosk.Config) error {
		return catalog.ImportFile(ctx, svc, ops[0], c.stdout)
	})
}

func (c *cli) catalogSearch(args []string) int {
	cmd := c.command("catalog search", `motcua catalog search [--data DIR] QUERY...
  in 10 kết quả đầu (không dấu cũng tìm được); ở chế độ dùng thử, danh mục trống thì nạp danh mục mẫu
  prints the top 10 results (marks optional); in demo mode an empty catalog gets the demo one first
`)
	ops, err := c.parse(cmd, args, 1, -1)
	if err != nil {
		return c.usageExit(cmd, err)
	}
	return c.withCatalog(cmd, func(ctx context.Context, svc *catalog.Service, cfg kiosk.Config) error {
		if cfg.Demo { // a real kiosk's empty catalog stays empty: import one
			if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
				return err
			}
		}
		return catalog.SearchCLI(ctx, svc, strings.Join(ops, " "), 10, c.stdout)
	})
}

// withCatalog opens the catalog in the command's data directory for do.
func (c *cli) withCatalog(cmd *command, do func(context.Context, *catalog.Service, kiosk.Config) error) int {
	cfg, _, err := kiosk.LoadConfig(c.getenv, cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	db, err := sqlite.Open(c.ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	if err := do(c.ctx, catalog.NewService(sqlite.NewCatalogStore(db), nil), cfg); err != nil {
		return c.fail(err)
	}
	return 0
}
