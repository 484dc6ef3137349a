#!/usr/bin/env bash
# Dossier speed against issue 11's targets, on a real SQLite file with synchronous=FULL:
#   intake (the number, the sealed applicant, the outbox event, the audit row) p99 ≤ 25 ms;
#   a clerk's list or search over 10,000 dossiers p99 ≤ 50 ms.
# Fails when a target is missed.   bench/dossiers.sh [N]   (N iterations, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
out=$(go test ./kiosk/sqlite -run '^$' -bench 'DossierIntake|DossierList' -benchtime "${n}x")
echo "$out" | grep -E '^(Benchmark|ok|FAIL|---)'
echo "$out" | awk '
function metric(name,   i) { for (i = 3; i < NF; i++) if ($(i+1) == name) return $i; return -1 }
/^BenchmarkDossierIntake/ {
	p99 = metric("p99-ms")
	printf "%-40s p50 %.2f ms, p99 %.2f ms (target p99 ≤ 25 ms)\n", $1, metric("p50-ms"), p99
	if (p99 > 25) { print "  MISSED"; bad = 1 }
}
/^BenchmarkDossierList/ {
	p99 = metric("p99-ms")
	printf "%-40s mean %.2f ms, p99 %.2f ms, %d rows (target p99 ≤ 50 ms)\n", $1, $3 / 1e6, p99, metric("rows")
	if (p99 > 50) { print "  MISSED"; bad = 1 }
}
END { exit bad }'
