// Command catalog measures the procedure catalog and its search. At national scale it
// builds a bundle of 10,000 procedures (the 428 real ones of the villager benchmark — the
// portal records in dvcqg/ plus the demo's — then the real names of national-catalog.jsonl
// up to the count, each given the documents, steps, channels, fees and times of one of
// the real portal records), applies it to a fresh kiosk database through the same Apply the
// kiosk uses, and reports the import time, search latency p50/p99 over 200 queries typed
// without marks and over the villager queries, and how much the process grew. Then, on
// the 428 real procedures alone and again at 10,000, how the villager queries
// (villagers.tsv) fare: top-1 and top-3 hit rates, "not found" for those without an answer,
// the latency, and where the scores fall around kiosk.SearchThreshold.
//
//	go run ./bench/catalog -data ../shared/data
//
// Targets on the 2-core kiosk machine: p99 ≤ 5 ms a query, import ≤ 10 s, growth ≤ 30 MB;
// villager top-3 ≥ 90 %.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/catalog/portal"
	"github.com/motcua/motcua/kiosk/sqlite"
	"golang.org/x/sys/unix"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder (national-catalog.jsonl, dvcqg/)")
	n := flag.Int("n", 10000, "procedures in the bundle (0: the villager query set alone)")
	queries := flag.Int("queries", 200, "search queries to time")
	villagers := flag.String("villagers", "bench/catalog/villagers.tsv", "the villager query set")
	flag.Parse()
	if err := run(*data, *n, *queries, *villagers); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dataDir string, n, nq int, villagersPath string) error {
	ctx := context.Background()
	villagers, err := readQueryFile(villagersPath)
	if err != nil {
		return err
	}
	if err := villagerReport(ctx, dataDir, villagers); err != nil || n == 0 {
		return err
	}
	bundle, names, err := Build(dataDir, n)
	if err != nil {
		return err
	}
	queries := Queries(names, nq)
	codeNames, err := procedureNames(bundle)
	if err != nil {
		return err
	}
	if f := os.Getenv("BENCH_SAVE"); f != "" {
		_ = os.WriteFile(f, bundle, 0o644)
	}
	dir, err := os.MkdirTemp("", "motcua-bench-")
	if err != nil {
		return err
	}
	if os.Getenv("BENCH_KEEP") == "" {
		defer os.RemoveAll(dir)
	} else {
		fmt.Println("keeping", dir)
		os.WriteFile(filepath.Join(dir, "queries.txt"), []byte(strings.Join(queries, "|")), 0o644)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, sqlite.FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	svc := catalog.NewService(sqlite.NewCatalogStore(db), nil)
	if _, err := svc.LoadDemoIfEmpty(ctx); err != nil {
		return err
	}
	// The bundle bytes arrive from outside the process (a file, the hub): count them out.
	path := filepath.Join(dir, "bundle.json")
	if err := os.WriteFile(path, bundle, 0o644); err != nil {
		return err
	}
	bundle, names = nil, nil
	settle()
	rssBefore := rss("VmRSS")

	start, cpu0 := time.Now(), processCPU()
	if err := catalog.ImportFile(ctx, svc, path, os.Stdout); err != nil {
		return err
	}
	importTime, importCPU := time.Since(start), processCPU()-cpu0
	peak := rss("VmHWM")
	rssAfterImport := rss("VmRSS")

	// A kiosk searches long after an import, when the collector has returned the import's
	// garbage; measure that, not the collector's work right after the import.
	settle()
	lat, err := timeSearches(ctx, svc, queries)
	if err != nil {
		return err
	}
	vq := make([]string, len(villagers))
	for i, q := range villagers {
		vq[i] = q.Query
	}
	vlat, err := timeSearches(ctx, svc, vq)
	if err != nil {
		return err
	}
	hits, err := Score(ctx, func(ctx context.Context, q string) ([]kiosk.ProcedureSummary, error) { return svc.Search(ctx, q, 20) }, codeNames, villagers)
	if err != nil {
		return err
	}
	rssAfterSearch := rss("VmRSS")
	settle()
	rssSettled := rss("VmRSS")
	st, _ := os.Stat(db.Path)

	fmt.Printf("\n%d procedures: bundle %.1f MB, database %.1f MB\n", n, float64(fileSize(path))/1e6, float64(st.Size())/1e6)
	fmt.Printf("import: %.2f s (target ≤ 10 s); CPU time of the process meanwhile %.2f s (both cores)\n", importTime.Seconds(), importCPU.Seconds())
	fmt.Printf("search over %d queries from real names, without marks (target p99 ≤ 5 ms):\n  %s\n", len(queries), lat)
	fmt.Printf("search over the %d villager queries:\n  %s\n", len(villagers), vlat)
	fmt.Printf("villager queries at %d procedures (a same-named procedure counts): %s\n", n, hits)
	fmt.Println("  (the national names include the police's and ministries' procedures, such as vehicle registration:")
	fmt.Println("   the queries without an answer in the 428 may have one here)")
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("  load average during the run: %s", la)
	}
	fmt.Printf("RSS: before %.1f MB; right after import %.1f MB (peak during import %.1f MB); after GC and 1,400 searches %.1f MB; settled %.1f MB\n",
		mb(rssBefore), mb(rssAfterImport), mb(peak), mb(rssAfterSearch), mb(rssSettled))
	fmt.Printf("growth with the catalog loaded and searched: %.1f MB (target ≤ 30 MB); transient peak during import: +%.1f MB\n",
		mb(rssAfterSearch-rssBefore), mb(peak-rssBefore))
	fmt.Printf("machine: %d CPUs, %s\n", runtime.NumCPU(), runtime.Version())
	return nil
}

// latency is how long a set of searches took.
type latency struct {
	empty int // searches that found nothing
	// Wall-clock time of one run of each query, and the median of five runs: the
	// machine is shared (compilers and tests of other work run beside the bench), and
	// the median removes some scheduler noise, not search cost.
	once, median percentiles
	// CPU time of the searching thread (the median of five runs): what a kiosk, whose
	// two cores do little else, waits for a search. It does not grow with the load of a
	// shared machine as wall time does.
	cpu     percentiles
	slowest string // by CPU time
}

type percentiles struct{ p50, p99, max time.Duration }

func percentilesOf(d []time.Duration) percentiles {
	d = slices.Clone(d)
	slices.Sort(d)
	return percentiles{d[len(d)/2], d[len(d)*99/100], d[len(d)-1]}
}

func (p percentiles) String() string {
	return fmt.Sprintf("p50 %.2f ms, p99 %.2f ms, max %.2f ms", ms(p.p50), ms(p.p99), ms(p.max))
}

func (l latency) String() string {
	return fmt.Sprintf("CPU time %s (slowest %q); wall clock once %s, median of 5 %s; %d found nothing",
		l.cpu, l.slowest, l.once, l.median, l.empty)
}

// processCPU is the CPU time this process has used, on all its threads.
func processCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// threadCPU is the CPU time the calling OS thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// timeSearches times each query once (after a warm-up pass: the page cache of a kiosk
// that has been searched), then five times more, wall clock and CPU time, and reports the
// percentiles. A search runs on the calling goroutine, locked to its thread here.
func timeSearches(ctx context.Context, svc kiosk.CatalogReader, queries []string) (latency, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var l latency
	for _, q := range queries {
		if _, err := svc.Search(ctx, q, 20); err != nil {
			return l, err
		}
	}
	once := make([]time.Duration, len(queries))
	med := make([]time.Duration, len(queries))
	cpu := make([]time.Duration, len(queries))
	for i, q := range queries {
		t0 := time.Now()
		res, err := svc.Search(ctx, q, 20)
		once[i] = time.Since(t0)
		if err != nil {
			return l, err
		}
		if len(res) == 0 {
			l.empty++
		}
	}
	for i, q := range queries {
		var wall, used [5]time.Duration
		for k := range wall {
			t0, c0 := time.Now(), threadCPU()
			if _, err := svc.Search(ctx, q, 20); err != nil {
				return l, err
			}
			wall[k], used[k] = time.Since(t0), threadCPU()-c0
		}
		slices.Sort(wall[:])
		slices.Sort(used[:])
		med[i], cpu[i] = wall[2], used[2]
	}
	l.once, l.median, l.cpu = percentilesOf(once), percentilesOf(med), percentilesOf(cpu)
	l.slowest = queries[slices.Index(cpu, slices.Max(cpu))]
	return l, nil
}

// villagerReport applies the 428 real procedures (RealBundle) to a fresh database and
// reports how the villager queries fare: hit rates, latency, and the scores around the
// threshold, measured again without it.
func villagerReport(ctx context.Context, dataDir string, queries []VillagerQuery) error {
	bundle, err := RealBundle(filepath.Join(dataDir, "dvcqg"))
	if err != nil {
		return err
	}
	names, err := procedureNames(bundle)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "motcua-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, sqlite.FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	store := sqlite.NewCatalogStore(db)
	svc := catalog.NewService(store, nil)
	if _, err := svc.Apply(ctx, bundle); err != nil {
		return err
	}
	search := func(ctx context.Context, q string) ([]kiosk.ProcedureSummary, error) { return svc.Search(ctx, q, 20) }
	all := func(ctx context.Context, q string) ([]kiosk.ProcedureSummary, error) { return svc.Search(ctx, q, 100) }
	fmt.Printf("villager queries (%s) on the %d real procedures:\n", "villagers.tsv", len(names))
	rounds := map[int][]VillagerQuery{}
	var order []int
	for _, q := range queries {
		if rounds[q.Round] == nil {
			order = append(order, q.Round)
		}
		rounds[q.Round] = append(rounds[q.Round], q)
	}
	for _, r := range order {
		qs := rounds[r]
		what := "tuned on"
		if qs[0].HeldOut {
			what = "held out, never tuned against"
		}
		h, err := Score(ctx, search, names, qs)
		if err != nil {
			return err
		}
		fmt.Printf("  round %d, %d queries (%s): %s\n", r, len(qs), what, h)
		for _, m := range h.Misses {
			fmt.Printf("    miss: %s\n", m)
		}
	}
	h, err := Score(ctx, search, names, queries)
	if err != nil {
		return err
	}
	fmt.Printf("  all %d queries: %s\n", len(queries), h)
	vq := make([]string, len(queries))
	for i, q := range queries {
		vq[i] = q.Query
	}
	lat, err := timeSearches(ctx, svc, vq)
	if err != nil {
		return err
	}
	fmt.Printf("  latency: %s\n", lat)
	store.Threshold = 0
	d, err := ScoreDistribution(ctx, all, names, queries)
	if err != nil {
		return err
	}
	store.Threshold = kiosk.SearchThreshold
	fmt.Printf("  scores without the threshold (it is %.2f):\n", kiosk.SearchThreshold)
	fmt.Printf("    the answer's score, lowest first: %s\n", d.Answers[:min(8, len(d.Answers))])
	fmt.Printf("    best score of the queries without an answer, highest first: %s\n", d.NoAnswers[:min(8, len(d.NoAnswers))])
	return nil
}

// procedureNames maps each code of a bundle to its name.
func procedureNames(bundle []byte) (map[string]string, error) {
	var b struct {
		Procedures []kiosk.ProcedureSummary `json:"procedures"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		return nil, err
	}
	names := make(map[string]string, len(b.Procedures))
	for _, p := range b.Procedures {
		names[p.Code] = p.Name
	}
	return names, nil
}

// Build returns a bundle of n procedures and their names: the real catalog of the villager
// benchmark (RealBundle, with the kiosk's synonyms), then national names given real
// details up to n.
func Build(dataDir string, n int) ([]byte, []string, error) {
	real, err := RealBundle(filepath.Join(dataDir, "dvcqg"))
	if err != nil {
		return nil, nil, err
	}
	b, err := catalog.Parse(real)
	if err != nil {
		return nil, nil, err
	}
	type entry struct {
		Name       string   `json:"name"`
		Code       string   `json:"code"`
		Categories []string `json:"categories"`
	}
	f, err := os.Open(filepath.Join(dataDir, "national-catalog.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var national []entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e entry
		if err := json.Unmarshal(sc.Bytes(), &e); err == nil && e.Name != "" {
			national = append(national, e)
		}
	}
	paths, _ := filepath.Glob(filepath.Join(dataDir, "dvcqg", "*.json"))
	var details []kiosk.Procedure
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		if c, err := portal.Convert(b); err == nil {
			details = append(details, c.Procedure)
		}
	}
	if len(national) == 0 || len(details) == 0 {
		return nil, nil, fmt.Errorf("no data in %s", dataDir)
	}
	b.Version = 3
	b.Issuer = "bench"
	fields := map[string]bool{}
	for _, f := range b.Fields {
		fields[f.Name] = true
	}
	names := make([]string, 0, n)
	for _, p := range b.Procedures {
		names = append(names, p.Name)
	}
	for i := len(b.Procedures); i < n; i++ {
		e := national[i%len(national)]
		d := details[(i*7919)%len(details)]
		// The documents, steps, time, fee, result and legal basis of a real record; its
		// channels without their per-channel notes, which repeat the steps.
		p := kiosk.Procedure{
			Documents: d.Documents, Steps: d.Steps, ProcessingTime: d.ProcessingTime, Fee: d.Fee,
			Result: d.Result, LegalBasis: d.LegalBasis, Level: d.Level, Agency: d.Agency, Forms: d.Forms,
		}
		for _, m := range d.Methods {
			p.Methods = append(p.Methods, kiosk.Method{Channel: m.Channel, ProcessingTime: kiosk.ProcessingTime{WorkingDays: m.ProcessingTime.WorkingDays, Text: ""}})
		}
		if p.Methods == nil {
			p.Methods = []kiosk.Method{}
		}
		p.Name = strings.TrimSpace(e.Name)
		p.Code = fmt.Sprintf("B%05d.%s", i, sanitize(e.Code))
		p.Field = "Khác"
		if len(e.Categories) > 0 && strings.TrimSpace(e.Categories[0]) != "" {
			p.Field = strings.TrimSpace(e.Categories[0])
		}
		if !fields[p.Field] {
			fields[p.Field] = true
			b.Fields = append(b.Fields, kiosk.Field{Name: p.Field})
		}
		b.Procedures = append(b.Procedures, p)
		names = append(names, p.Name)
	}
	js, err := json.Marshal(b)
	return js, names, err
}

func sanitize(code string) string {
	var sb strings.Builder
	for _, r := range code {
		if r < 128 && (r == '.' || r == '-' || r == '_' || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z') || ('a' <= r && r <= 'z')) {
			sb.WriteRune(r)
		}
	}
	if sb.Len() == 0 {
		return "x"
	}
	return sb.String()
}

// Queries returns n queries as villagers type them: no marks, lower case, two to four
// words from a real name, the last one sometimes half typed; plus the examples.
func Queries(names []string, n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	out := []string{"dang ky khai sinh", "dang ky ket hon", "chung thuc ban sao", "khai tu", "xac nhan tinh trang hon nhan"}
	for len(out) < n {
		words := strings.FieldsFunc(kiosk.Fold(names[rng.IntN(len(names))]), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if len(words) > 2 && words[0] == "thu" && words[1] == "tuc" {
			words = words[2:]
		}
		if len(words) == 0 {
			continue
		}
		k := min(len(words), 2+rng.IntN(3))
		start := rng.IntN(len(words) - k + 1)
		q := words[start : start+k]
		if last := q[len(q)-1]; rng.IntN(3) == 0 && len(last) > 2 {
			q[len(q)-1] = last[:1+rng.IntN(len(last)-1)]
		}
		out = append(out, strings.Join(q, " "))
	}
	return out[:n]
}

func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

// rss reads a memory figure (VmRSS, VmHWM) of this process from /proc, in bytes.
func rss(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if k, v, ok := strings.Cut(string(line), ":"); ok && k == key {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func mb(b int64) float64         { return float64(b) / (1 << 20) }
