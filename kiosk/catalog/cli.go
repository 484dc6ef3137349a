package catalog

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/kiosk"
)

// ImportFile applies the bundle in the file at path through svc.Apply, the path sync
// uses too, and prints what the kiosk holds afterwards. `motcua catalog import FILE`.
func ImportFile(ctx context.Context, svc kiosk.CatalogService, path string, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("import catalog: %w", err)
	}
	v, err := svc.Apply(ctx, data)
	if err != nil {
		return fmt.Errorf("import catalog %s: %w", path, err)
	}
	info, err := svc.Info(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "catalog version %d applied: %d procedures (sha256 %s)\n", v, info.Procedures, info.Hash)
	return nil
}

// SearchCLI prints the top results for query, one "code<TAB>name" a line, for installers
// checking a bundle. `motcua catalog search QUERY`.
func SearchCLI(ctx context.Context, r kiosk.CatalogReader, query string, limit int, out io.Writer) error {
	list, err := r.Search(ctx, query, limit)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(out, "no procedure found")
		return nil
	}
	for _, p := range list {
		fmt.Fprintf(out, "%s\t%s\n", p.Code, p.Name)
	}
	return nil
}

// ConvertPortalCLI converts the portal records in dir to a bundle on out and the report
// on report. It fails when no record converts. `motcua catalog convert --from portal DIR`
// (bundle on stdout, report on stderr).
func ConvertPortalCLI(dir string, out, report io.Writer) error {
	rep, err := ConvertPortal(dir, out, PortalOptions{})
	fmt.Fprint(report, rep.String())
	return err
}
