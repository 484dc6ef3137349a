package catalog

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/kiosk"
)

// ImportFile applies the bundle in the file at path through svc.Apply, the path sync
// uses too, and prints what the kiosk holds afterwards. `motcua catalog import FILE`.
// A file over MaxBundleBytes is refused (ETOOLARGE) unread: what an import holds is
// bounded by the limit, not by the file.
func ImportFile(ctx context.Context, svc kiosk.CatalogService, path string, out io.Writer) error {
	data, err := readBundle(path)
	if err != nil {
		return fmt.Errorf("import catalog %s: %w", path, err)
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

// readBundle reads the file at path, at most MaxBundleBytes of it.
func readBundle(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	// vi and en are the file's size as a person reads it: "300 MB", or "hơn 256 MB" / "over 256 MB".
	tooLarge := func(vi, en string) error {
		return kiosk.Errorf(kiosk.ETOOLARGE,
			fmt.Sprintf("Gói danh mục quá lớn (%s, tối đa %d MB)", vi, MaxBundleBytes>>20),
			fmt.Sprintf("the bundle is %s, past the %d MB limit", en, MaxBundleBytes>>20))
	}
	if size > MaxBundleBytes {
		mb := fmt.Sprintf("%d MB", size>>20)
		return nil, tooLarge(mb, mb)
	}
	// The limit also holds for a file that grows, or one that is not a regular file.
	var b bytes.Buffer
	b.Grow(int(size) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(f, MaxBundleBytes+1)); err != nil {
		return nil, err
	}
	if b.Len() > MaxBundleBytes {
		return nil, tooLarge(fmt.Sprintf("hơn %d MB", MaxBundleBytes>>20), fmt.Sprintf("over %d MB", MaxBundleBytes>>20))
	}
	return b.Bytes(), nil
}

// SearchCLI prints the top results for query, one "code<TAB>score<TAB>name" a line, for
// installers checking a bundle and its synonyms: the score says how far above
// kiosk.SearchThreshold a result stands. `motcua catalog search QUERY`.
func SearchCLI(ctx context.Context, r kiosk.CatalogReader, query string, limit int, out io.Writer) error {
	list, err := r.Search(ctx, query, limit)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(out, "Không tìm thấy thủ tục nào đủ khớp / no procedure matches well enough (score ≥ %.2f)\n", kiosk.SearchThreshold)
		return nil
	}
	for _, p := range list {
		fmt.Fprintf(out, "%s\t%.2f\t%s\n", p.Code, p.Score, p.Name)
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
