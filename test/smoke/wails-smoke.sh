#!/usr/bin/env bash
# Smoke test of the real Wails binary: run it under Xvfb (this script is started by
# `xvfb-run -a -s "-screen 0 1080x1920x24"`), with a window manager so kiosk mode can go
# fullscreen; wait for the window; screenshot; assert it rendered (not blank, not one
# colour); SIGTERM; assert a clean exit. Prints the resident memory of the processes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${MOTCUA_BIN:-$root/build/bin/motcua}
out=${SMOKE_OUT:-$(mktemp -d /tmp/motcua-smoke-XXXXXX)}
mkdir -p "$out"
data=$(mktemp -d /tmp/motcua-smoke-data-XXXXXX)
trap 'kill $wm_pid 2>/dev/null || true; rm -rf "$data"' EXIT

[ -n "${DISPLAY:-}" ] || { echo "smoke: no DISPLAY; run under xvfb-run" >&2; exit 1; }
openbox >/dev/null 2>&1 &
wm_pid=$!

# Demo mode: the window shows the kiosk's home (with the DEMO band), not the first-run setup.
MOTCUA_DATA_DIR=$data MOTCUA_KIOSK_MODE=true MOTCUA_LISTEN=127.0.0.1:0 MOTCUA_DEMO=1 "$bin" >"$out/stdout.log" 2>"$out/stderr.log" &
app=$!

fail() {
  echo "smoke: FAIL: $*" >&2
  tail -20 "$out/stderr.log" >&2 || true
  kill -9 $app 2>/dev/null || true
  echo "0 passed, 1 failed"
  exit 1
}

# The window appears once GTK and WebKit are up; the page paints a moment later.
win=""
start=$(date +%s.%N)
for _ in $(seq 1 100); do
  kill -0 $app 2>/dev/null || fail "motcua exited early"
  win=$(xdotool search --onlyvisible --name '^Một Cửa Kiosk$' 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  sleep 0.2
done
[ -n "$win" ] || fail "no window titled 'Một Cửa Kiosk' within 20 s"
waited=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')

# Wait until the page has painted: more than a handful of colours on screen.
colours=0
for _ in $(seq 1 50); do
  import -window root "$out/screen.png"
  colours=$(convert "$out/screen.png" -format '%k' info:)
  [ "$colours" -gt 50 ] && break
  sleep 0.2
done
geometry=$(xdotool getwindowgeometry "$win" | awk '/Geometry/ {print $2}')
echo "smoke: window $win geometry $geometry, $colours colours, screenshot $out/screen.png"
[ "$colours" -gt 50 ] || fail "the window did not render (only $colours colours)"
[ "$geometry" = "1080x1920" ] || fail "kiosk mode is not fullscreen (geometry $geometry)"

# Not one colour: the screenshot's grey-level standard deviation is well above zero.
sd=$(convert "$out/screen.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v sd="$sd" 'BEGIN {exit !(sd > 0.02)}' || fail "the screen is nearly one colour (standard deviation $sd)"

# Memory of the app and the WebKit processes it started (its children only, not another
# run's): RSS each, and PSS in all, which counts shared libraries once.
rss() { ps -o rss= -p "$1" 2>/dev/null | awk '{printf "%.0f", $1/1024}'; }
pss() { awk '/^Pss:/ {s += $2} END {printf "%.0f", s/1024}' "/proc/$1/smaps" 2>/dev/null || echo 0; }
web=$(pgrep -P $app -f WebKitWebProcess | head -1 || true)
net=$(pgrep -P $app -f WebKitNetworkProcess | head -1 || true)
total=0
for p in $app $web $net; do total=$((total + $(pss $p))); done
echo "smoke: window after ${waited}s; RSS motcua $(rss $app) MB, WebKitWebProcess ${web:+$(rss $web)} MB, WebKitNetworkProcess ${net:+$(rss $net)} MB; PSS in all $total MB"

kill -TERM $app
for _ in $(seq 1 50); do
  kill -0 $app 2>/dev/null || break
  sleep 0.1
done
kill -0 $app 2>/dev/null && fail "still running 5 s after SIGTERM"
wait $app && code=0 || code=$?
[ "$code" -eq 0 ] || fail "exit code $code after SIGTERM"
echo "smoke: clean exit on SIGTERM"
echo "1 passed, 0 failed"
