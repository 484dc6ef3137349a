#!/usr/bin/env bash
# Smoke test of the real Wails binary, under Xvfb (this script is started by
# `xvfb-run -a -s "-screen 0 1080x1920x24"`) with a window manager so kiosk mode can go
# fullscreen, in demo mode. Five checks, each printed as it passes:
#   1. the window: it opens fullscreen and paints the kiosk home;
#   2. memory: the kiosk's processes (Go, WebKitWebProcess, WebKitNetworkProcess) against a
#      hello-world Wails window (test/smoke/hello: same Wails, tags, WebKitGTK, window size):
#      RSS, PSS and PSS "alone" (tree_memory.py), and their ratios; the "alone" ratio is held
#      to MEMORY_MAX_RATIO (below);
#   3. the admin idle logout in the window: five taps top-left, the demo admin's PIN on the
#      keypad (clicked with xdotool where Chromium lays the same page out, layout.mjs), a
#      session row in the database; then two idle minutes, and the session is gone and the
#      window shows the kiosk home again;
#   4. the watchdog: through NOTIFY_SOCKET (a Python listener standing in for systemd) the
#      kiosk says READY=1 and keeps saying WATCHDOG=1 well past the window's one-minute
#      allowance, which it does only while the page answers its liveness questions;
#   5. SIGTERM: STOPPING=1 and a clean exit.
# The idle logout is timed by the page's own setTimeout (frontend/src/views/admin), which the
# kiosk's injected clock (MOTCUA_CLOCK) does not drive and WebKitGTK offers no way to fake,
# so the run really waits the two minutes (~125 s of the ~2.5 minutes this script takes).
# Every wait polls for its condition with a deadline. Ends with "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${MOTCUA_BIN:-$root/build/bin/motcua}
hello=${HELLO_BIN:-$root/build/bin/hello}
out=${SMOKE_OUT:-$(mktemp -d /tmp/motcua-smoke-XXXXXX)}
mkdir -p "$out"
data=$(mktemp -d /tmp/motcua-smoke-data-XXXXXX)
notify=$data/notify.sock
W=1080 H=1920

# The kiosk's memory at most this many times the hello-world window's (issue 14's target),
# in PSS "alone": PSS as on a kiosk PC running nothing else. The kernel's PSS also divides
# pages with whatever else runs (another test's WebKit), so on a shared machine its ratio
# moved 1.19–1.31 between runs of the same binaries; "alone" moved 1.21–1.26.
# test/smoke/README.md says where the memory goes.
MEMORY_MAX_RATIO=${MEMORY_MAX_RATIO:-1.3}
ADMIN_PIN=9999 # the demo admin's, docs/api.md: all nines, so one key (layout.mjs finds "9")
ADMIN_IDLE=120 # seconds, frontend/src/views/admin/Admin.svelte IDLE_MS

app="" hello_pid="" wm_pid="" listener=""
cleanup() {
  for p in $app $hello_pid $listener $wm_pid; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT

passed=0 failed=0
pass() { echo "smoke: ok   $*"; passed=$((passed + 1)); }
# miss records a failed check and goes on with the others.
miss() { echo "smoke: FAIL $*" >&2; failed=$((failed + 1)); }
# fail stops the run: what follows depends on what failed.
fail() {
  echo "smoke: FAIL $*" >&2
  tail -20 "$out/stderr.log" >&2 2>/dev/null || true
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
# until_ok SECONDS WHAT CMD...: polls CMD every 0.2 s until it succeeds; fails after SECONDS.
until_ok() {
  local deadline what=$2
  deadline=$(awk -v a="$(now)" -v s="$1" 'BEGIN {printf "%.3f", a + s}')
  shift 2
  until "$@"; do
    awk -v d="$deadline" -v n="$(now)" 'BEGIN {exit !(n > d)}' && fail "$what${seen:+ (last seen: $seen)}"
    sleep 0.2
  done
}

# find_window TITLE PID: the visible window titled TITLE, once it is up (PID still running).
find_window() {
  local win="" i
  for i in $(seq 1 100); do
    kill -0 "$2" 2>/dev/null || fail "$1 exited early"
    win=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | head -1 || true)
    [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "$win" ] || fail "no window titled '$1' within 20 s"
  echo "$win"
}

# Memory of PID and the WebKit processes it started (tree_memory.py): "comm rss pss alone"
# per process in MB, then "total rss pss alone".
mem() { python3 "$here/tree_memory.py" "$1"; }
mem_show() { awk '$1 != "total" {printf "%s %s MB RSS (PSS %s, alone %s); ", $1, $2, $3, $4} $1 == "total" {printf "in all %s MB RSS, %s MB PSS, %s MB alone", $2, $3, $4}' "$1"; }
mem_total() { awk -v col="$2" '$1 == "total" {print $col}' "$1"; }

# stop PID NAME: SIGTERM, and a clean exit within 5 s.
stop() {
  kill -TERM "$1"
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$1" 2>/dev/null && fail "$2 still running 5 s after SIGTERM"
  local code=0
  wait "$1" || code=$?
  [ "$code" -eq 0 ] || fail "$2 exit code $code after SIGTERM"
}

# Screens are told apart by their look: a 10% copy of the screen against 10% copies of
# references (the window's own screenshots, or Chromium's of the same page), nearest wins.
# Text renders a little differently in WebKitGTK and Chromium; at 10% only layout and
# colour remain, and those are the same.
shot() {
  import -window root "$out/$1.png"
  convert "$out/$1.png" -resize 10% "$out/$1.small.png"
}
ref() { convert "$1" -resize 10% "$out/$2.small.png"; }
dist() { compare -metric RMSE "$out/$1.small.png" "$out/$2.small.png" null: 2>&1 | sed -E 's/.*\((.*)\)/\1/'; }
# showing WANT REFS...: whether the screen now is nearest to WANT among WANT and REFS.
# seen says how far the screen was from each (for the messages); a screen matched is kept
# as OUT/seen-WANT.png.
showing() {
  shot now
  local want=$1 best="" bestd=9 r d
  seen=""
  for r in "$@"; do
    d=$(dist now "$r")
    seen="$seen${seen:+, }$r $d"
    if awk -v d="$d" -v b="$bestd" 'BEGIN {exit !(d < b)}'; then best=$r bestd=$d; fi
  done
  [ "$best" = "$want" ] && cp "$out/now.png" "$out/seen-$want.png"
}
seen=""
wait_screen() { seen="" && until_ok "$1" "the window did not show $2 within $1 s" showing "${@:2}"; }

# click X Y: a left click at page coordinates; the window is fullscreen at 0,0.
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; }

sessions() { python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(db.execute("SELECT count(*) FROM sessions").fetchone()[0])' "$data/motcua.db"; }
has_session() { [ "$(sessions)" -gt 0 ]; }
no_session() { [ "$(sessions)" -eq 0 ]; }
notified() { grep -q " $1\$" "$out/notify.log" 2>/dev/null; }

[ -n "${DISPLAY:-}" ] || { echo "smoke: no DISPLAY; run under xvfb-run" >&2; exit 1; }
openbox >/dev/null 2>&1 &
wm_pid=$!
disown $wm_pid # killed at exit without bash's "Killed" line

# --- 2a. The baseline: a hello-world window of the same Wails, measured 8 s after it shows
# (both windows are measured at the same age, before anyone touches them).
"$hello" >"$out/hello.log" 2>&1 &
hello_pid=$!
find_window hello $hello_pid >/dev/null
sleep 8
mem $hello_pid >"$out/hello.mem" || fail "could not read the hello-world window's memory"
stop $hello_pid hello
hello_pid=""

# --- 1. The kiosk window, with a stand-in for systemd's notify socket (WATCHDOG_USEC: pings
# every second, so many arrive while the admin page idles).
python3 "$here/notify_listener.py" "$notify" "$out/notify.log" &
listener=$!
disown $listener
until_ok 5 "the notify listener did not start" notified LISTENING
MOTCUA_DATA_DIR=$data MOTCUA_KIOSK_MODE=true MOTCUA_LISTEN=127.0.0.1:0 MOTCUA_DEMO=1 \
  NOTIFY_SOCKET=$notify WATCHDOG_USEC=2000000 "$bin" >"$out/stdout.log" 2>"$out/stderr.log" &
app=$!
start=$(now)
win=$(find_window 'Một Cửa Kiosk' $app)
shown=$(now)
waited=$(since "$start")

# Painted: more than a handful of colours on screen.
painted() { shot home && [ "$(convert "$out/home.png" -format '%k' info:)" -gt 50 ]; }
until_ok 10 "the window did not render" painted
geometry=$(xdotool getwindowgeometry "$win" | awk '/Geometry/ {print $2}')
[ "$geometry" = "${W}x$H" ] || fail "kiosk mode is not fullscreen (geometry $geometry)"
# Not one colour: the screenshot's grey-level standard deviation is well above zero.
sd=$(convert "$out/home.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v sd="$sd" 'BEGIN {exit !(sd > 0.02)}' || fail "the screen is nearly one colour (standard deviation $sd)"
pass "window: $win fullscreen ${geometry} after ${waited}s, painted; screenshot $out/home.png"

# --- 2b. The kiosk's memory at the same age as the baseline's, and the ratio.
sleep "$(awk -v s="$(since "$shown")" 'BEGIN {d = 8 - s; print (d > 0 ? d : 0)}')"
mem $app >"$out/motcua.mem" || fail "could not read the kiosk's memory"
echo "smoke: memory hello-world: $(mem_show "$out/hello.mem")"
echo "smoke: memory motcua:      $(mem_show "$out/motcua.mem")"
ratio() { awk -v k="$(mem_total "$out/motcua.mem" "$1")" -v h="$(mem_total "$out/hello.mem" "$1")" 'BEGIN {printf "%.2f", k / h}'; }
alone=$(ratio 4)
ratios="${alone}× alone, $(ratio 3)× PSS, $(ratio 2)× RSS"
if awk -v r="$alone" -v m="$MEMORY_MAX_RATIO" 'BEGIN {exit !(r <= m)}'; then
  pass "memory: motcua/hello-world $ratios; at most ${MEMORY_MAX_RATIO}× alone"
else
  miss "memory: motcua/hello-world $ratios; more than ${MEMORY_MAX_RATIO}× alone"
fi

# --- 3. The admin page in the window. Where to click, and what the PIN login looks like,
# from Chromium on the same server (its LAN address, as a LAN client).
base=$(awk '/^listening on / {print $3; exit}' "$out/stdout.log")
[ -n "$base" ] || fail "motcua printed no address"
node "$here/layout.mjs" "$base" $W $H "$out" >"$out/layout.txt" || fail "layout.mjs could not lay the admin page out"
at() { awk -v n="$1" '$1 == n {print $2, $3}' "$out/layout.txt"; }
ref "$out/ref-login.png" login
ref "$out/ref-pad.png" pad

no_session || fail "a session exists before anyone logged in"
xdotool mousemove --window "$win" 30 30 click --repeat 5 --delay 150 1
wait_screen 10 login home pad
echo "smoke: the five taps opened the PIN login (distances: $seen)"
# shellcheck disable=SC2046 # at prints "x y"
click $(at staff)
wait_screen 10 pad login home
echo "smoke: the demo admin chosen, the keypad shows (distances: $seen)"
for _ in $(seq ${#ADMIN_PIN}); do click $(at digit9); done
click $(at login)
until_ok 10 "no session after the demo admin's PIN in the window" has_session
logged_in=$(now)
# The admin page as the window shows it once painted (the screen has left the PIN pad and
# holds still): the reference for "still on the admin page" below.
cp "$out/now.small.png" "$out/prev.small.png"
admin_painted() {
  shot admin
  local moved still
  moved=$(dist admin pad) still=$(dist admin prev)
  cp "$out/admin.small.png" "$out/prev.small.png"
  seen="$moved from the PIN pad, $still from the last screenshot"
  awk -v m="$moved" -v s="$still" 'BEGIN {exit !(m > 0.05 && s < 0.002)}'
}
until_ok 10 "the window did not show the admin page after logging in" admin_painted
echo "smoke: admin logged in in the window (a session row); screenshot $out/admin.png; now idle for ${ADMIN_IDLE} s"

# Idle: nobody touches the window. The session ends at two minutes, not before.
until_ok $((ADMIN_IDLE + 30)) "the admin session was still open $((ADMIN_IDLE + 30)) s after the last touch" no_session
idle=$(since "$logged_in")
awk -v i="$idle" -v m="$ADMIN_IDLE" 'BEGIN {exit !(i >= m - 10)}' || fail "the admin session ended after only ${idle} s idle"
wait_screen 10 home admin login pad
pass "admin idle logout in the window: session gone after ${idle}s idle, the window shows the kiosk home (distances: $seen)"

# --- 4. The watchdog: READY=1, then WATCHDOG=1 on and on, later than the window's one-minute
# allowance after READY (the window part stops the pings once its page stops answering).
ready_at=$(awk '$2 == "READY=1" {print $1; exit}' "$out/notify.log")
last_ping=$(awk '$2 == "WATCHDOG=1" {t = $1} END {print t}' "$out/notify.log")
pings=$(grep -c ' WATCHDOG=1$' "$out/notify.log" || true)
if [ -z "$ready_at" ]; then
  miss "watchdog: no READY=1 on NOTIFY_SOCKET"
elif [ -z "$last_ping" ] || ! awk -v r="$ready_at" -v l="$last_ping" 'BEGIN {exit !(l - r > 90)}'; then
  miss "watchdog: WATCHDOG=1 stopped (last ${last_ping:-never}, READY=1 at $ready_at s)"
elif grep -q 'parts stopped answering' "$out/stderr.log"; then
  miss "watchdog: a part stopped answering: $(grep 'parts stopped answering' "$out/stderr.log" | head -1)"
else
  pass "watchdog: READY=1 at ${ready_at}s, $pings × WATCHDOG=1, the last at ${last_ping}s (the window answered past its 60 s allowance)"
fi

mem $app >"$out/motcua-after.mem" || fail "could not read the kiosk's memory"
echo "smoke: memory motcua after the admin visit and idle: $(mem_show "$out/motcua-after.mem")"

# --- 5. SIGTERM: systemd hears STOPPING=1, and the process exits cleanly.
stop $app motcua
app=""
until_ok 5 "no STOPPING=1 on NOTIFY_SOCKET after SIGTERM" notified STOPPING=1
pass "clean exit on SIGTERM, STOPPING=1 sent"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
