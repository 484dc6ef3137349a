#!/usr/bin/env bash
# Printing speed against issue 5's targets: encode time per ticket (≤ 2 ms), bytes per
# ticket (≤ 6 KB) and per receipt, and the time a ticket needs on a 115200-baud line at
# 10 bits a byte (≤ 0.6 s). Fails when a target is missed.
#   bench/printer.sh                 Go benchmarks only
#   bench/printer.sh PRINTER_URI     also print 3 tickets on a real printer and time them
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test ./hardware -run '^$' -bench 'Encode|WholeImage' -benchtime 2000x)
echo "$out"
echo "$out" | awk '
/^BenchmarkEncodeTicket/ {
	ns=$3; for (i=4;i<NF;i++) { if ($(i+1)=="bytes/ticket") b=$i; if ($(i+1)=="s@115200") s=$i }
	printf "%s: %.3f ms, %d bytes, %.3f s at 115200\n", $1, ns/1e6, b, s
	if (ns > 2e6 || b > 6144 || s > 0.6) { print "  MISSED a target (2 ms, 6144 bytes, 0.6 s)"; bad=1 }
}
END { exit bad }'
if [ $# -gt 0 ]; then
	go run ./bench/printer -printer "$1" -n 3
fi
