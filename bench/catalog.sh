#!/usr/bin/env bash
# Catalog search and scale. First the villager query set (bench/catalog/villagers.tsv) on
# the 428 real procedures (dvcqg records + the demo's): top-1/top-3 hit rates, "not found"
# for the queries without an answer, latency, the scores around the threshold. Then at
# national scale: import time, search p50/p99 (CPU time and wall clock) over 200 queries
# typed without marks and over the villager queries, and the process's memory growth, for
# a 10,000-procedure bundle (the 428, then national-catalog.jsonl names with dvcqg details).
# Then the Go benchmarks of one search. The hit rates' floors are a test:
# go test ./bench/catalog -run Villager.
#   bench/catalog.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
go run ./bench/catalog -data "$data"
MOTCUA_DATA="$data" go test ./bench/catalog -run '^$' -bench Search -benchtime 2000x
