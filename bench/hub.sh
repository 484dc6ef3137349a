#!/bin/sh
# The province hub at a national scale (issue 13): 1,000 simulated kiosks push a backlog of
# 500 events each at once to one hub, on a throwaway PostgreSQL with its durable defaults
# (fsync, synchronous commit), then on SQLite for comparison; the fleet list and a kiosk's
# history are read during the ingest and after it. Targets on PostgreSQL: ≥ 20,000 events/s,
# fleet list and history ≤ 100 ms p99. Knobs: BENCH_KIOSKS, BENCH_EVENTS, BENCH_BATCH,
# BENCH_POOL, BENCH_INFLIGHT, MOTCUA_BENCH_PG (see sync/hub/bench_test.go).
set -eu
cd "$(dirname "$0")/.."
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec go test -run '^$' -bench "${BENCH:-BenchmarkHubIngest1000Kiosks}" -benchtime "${BENCHTIME:-1x}" -timeout 30m ./sync/hub/
