#!/usr/bin/env bash
# Queue speed against issue 4's targets, on a real SQLite file with synchronous=FULL:
#   issue latency p99 ≤ 25 ms (alone, and while PIN logins run in the background),
#   call → SSE message at a display p99 ≤ 100 ms (over HTTP, httptest);
# and, reported only, call-next throughput with 8 counters calling at once.
# Fails when a target is missed.   bench/queue.sh [N]   (N iterations, default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
out=$(go test ./kiosk/sqlite -run '^$' -bench 'Issue|CallNextEightCounters' -benchtime "${n}x"
	go test ./kiosk/web -run '^$' -bench 'CallToDisplay' -benchtime "$((n / 5 > 50 ? n / 5 : 50))x")
echo "$out" | grep -E '^(Benchmark|ok|FAIL|---)'
echo "$out" | awk '
function metric(name,   i) { for (i = 3; i < NF; i++) if ($(i+1) == name) return $i; return -1 }
/^BenchmarkIssue/ {
	p50 = metric("p50-ms"); p99 = metric("p99-ms")
	printf "%-34s p50 %.2f ms, p99 %.2f ms (target p99 ≤ 25 ms)\n", $1, p50, p99
	if (p99 > 25) { print "  MISSED"; bad = 1 }
}
/^BenchmarkCallNextEightCounters/ { printf "%-34s %.0f calls/s with %s tickets waiting at the start\n", $1, metric("calls/s"), $2 }
/^BenchmarkCallToDisplay/ {
	p50 = metric("p50-ms"); p99 = metric("p99-ms")
	printf "%-34s p50 %.2f ms, p99 %.2f ms (target ≤ 100 ms)\n", $1, p50, p99
	if (p99 > 100) { print "  MISSED"; bad = 1 }
}
END { exit bad }'
