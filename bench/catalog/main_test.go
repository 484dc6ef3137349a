package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/kiosk/catalog"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// dataDir is the shared data folder; the benchmarks skip without it (it is not in the repo).
func dataDir(b *testing.B) string {
	d := os.Getenv("MOTCUA_DATA")
	if d == "" {
		d = "../../../shared/data"
	}
	if _, err := os.Stat(filepath.Join(d, "national-catalog.jsonl")); err != nil {
		b.Skip("no shared data at", d, "(set MOTCUA_DATA)")
	}
	return d
}

// BenchmarkSearch times one search over a 10,000-procedure catalog, cycling through 200
// queries typed without marks.
//
//	go test ./bench/catalog -bench Search -benchtime 2000x
func BenchmarkSearch(b *testing.B) {
	bundle, names, err := Build(dataDir(b), 10000)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkSearch(b, bundle, Queries(names, 200))
}

// BenchmarkSearchVillagers times one search over a 10,000-procedure catalog, cycling
// through the villager queries (villagers.tsv).
func BenchmarkSearchVillagers(b *testing.B) {
	bundle, _, err := Build(dataDir(b), 10000)
	if err != nil {
		b.Fatal(err)
	}
	vq, err := readQueryFile("villagers.tsv")
	if err != nil {
		b.Fatal(err)
	}
	queries := make([]string, len(vq))
	for i, q := range vq {
		queries[i] = q.Query
	}
	benchmarkSearch(b, bundle, queries)
}

func benchmarkSearch(b *testing.B, bundle []byte, queries []string) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), sqlite.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := catalog.NewService(sqlite.NewCatalogStore(db), nil)
	if _, err := svc.Apply(ctx, bundle); err != nil {
		b.Fatal(err)
	}
	bundle = nil
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := svc.Search(ctx, queries[i%len(queries)], 20); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkImport times applying a 2,000-procedure bundle (the full 10,000 is the
// command's job: `go run ./bench/catalog`).
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	bundle, _, err := Build(dataDir(b), 2000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(bundle)))
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), sqlite.FileName))
		if err != nil {
			b.Fatal(err)
		}
		svc := catalog.NewService(sqlite.NewCatalogStore(db), nil)
		b.StartTimer()
		if _, err := svc.Apply(ctx, bundle); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
