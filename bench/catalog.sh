#!/usr/bin/env bash
# Catalog at national scale: import time, search p50/p99 over 200 queries typed without
# marks, and the process's memory growth, for a 10,000-procedure bundle built from the
# shared data (national-catalog.jsonl names + dvcqg detail records). Then the Go
# benchmark of one search.
#   bench/catalog.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
go run ./bench/catalog -data "$data"
MOTCUA_DATA="$data" go test ./bench/catalog -run '^$' -bench Search -benchtime 2000x
