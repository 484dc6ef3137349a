#!/bin/sh
# Sync speed: drain a 30-day backlog (50,000 events) to a loopback hub with and without
# 10% injected failures (target ≤ 10 s without), hub ingest from 200 kiosks at once
# (target ≥ 5,000 events/s), gzip bytes on the wire per event.
set -eu
cd "$(dirname "$0")/.."
exec go test -run '^$' -bench 'BenchmarkDrain50k|BenchmarkHubIngest200Kiosks' -benchtime "${BENCHTIME:-1x}" ./sync/client/
