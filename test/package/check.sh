#!/usr/bin/env bash
# Checks of what `make package` and `make windows` built (run by `make test-package`):
#  - each .deb's control fields, files and modes (dpkg-deb -I/-c), its maintainer scripts'
#    syntax;
#  - motcua installed with apt into a fresh Debian root made by debootstrap (about a minute
#    here: 35–110 s for the root, 30–170 s for the install with its dependencies, by load;
#    downloads are cached between runs on one machine): the user and
#    its groups, the data directory, the units enabled, systemd-analyze verify of the units
#    inside that root (and a broken unit must fail it), the udev rules; then remove keeps
#    the data and purge deletes it with the user;
#  - the kiosk display script under Xvfb: X up with the window manager, and the script
#    exits (for systemd to restart it) when the window manager dies;
#  - motcua for arm64 run under QEMU against its sysroot;
#  - the Windows binary (PE32+ x86-64) and the installer's contents (7-Zip).
# Prints "ok - …" / "not ok - …" per check and, last, "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$root/build/dist
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { # name command...
  local name=$1
  shift
  if "$@" >/tmp/motcua-check.out 2>&1; then ok "$name"; else bad "$name"; sed 's/^/    /' /tmp/motcua-check.out | tail -20; fi
}
has() { grep -qE -- "$2" <<<"$1"; }
# elf_of prints the first 20 bytes of a file inside a package, in hex; machine the ELF
# e_machine bytes of an architecture.
elf_of() { dpkg-deb --fsys-tarfile "$1" 2>/dev/null | tar -xO "$2" 2>/dev/null | head -c 20 | od -An -tx1 | tr -d '\n'; }
machine() { [ "$1" = amd64 ] && echo '3e 00' || echo 'b7 00'; }
work=$(mktemp -d /tmp/motcua-package-XXXXXX)
cleanup() {
  mountpoint -q "$work/root/proc" && umount "$work/root/proc"
  mountpoint -q "$work/root/var/cache/apt/archives" && umount "$work/root/var/cache/apt/archives"
  [ -z "${xpid:-}" ] || kill "$xpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

deb=$(ls "$dist"/motcua_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no motcua amd64 package in $dist: run make package"; echo "0 passed, 1 failed"; exit 1; }

# --- control fields and contents of every package
for p in "$dist"/*.deb; do
  name=$(basename "$p")
  list=$(dpkg-deb -c "$p")
  arch=$(dpkg-deb -f "$p" Architecture)
  case $name in
  motcua_*)
    check "$name: architecture $arch matches its name" has "$name" "_${arch}\.deb$"
    check "$name: depends on WebKitGTK 4.1, Xorg, the window manager, systemd" has "$(dpkg-deb -f "$p" Depends)" 'libwebkit2gtk-4\.1-0.*xserver-xorg-core.*matchbox-window-manager.*systemd'
    for f in '-rwxr-xr-x root/root .* ./usr/bin/motcua$' \
      '-rwxr-xr-x root/root .* ./usr/lib/motcua/kiosk-display$' \
      '-rwxr-xr-x root/root .* ./usr/lib/motcua/screen$' \
      '-rw-r--r-- root/root .* ./usr/lib/systemd/system/motcua.service$' \
      '-rw-r--r-- root/root .* ./usr/lib/systemd/system/motcua-display.service$' \
      '-rw-r--r-- root/root .* ./usr/lib/systemd/system/motcua-serve.service$' \
      '-rw-r--r-- root/root .* ./usr/lib/udev/rules.d/60-motcua.rules$' \
      '-rw-r--r-- root/root .* ./usr/lib/systemd/journald.conf.d/60-motcua.conf$' \
      '-rw-r--r-- root/root .* ./etc/default/motcua$'; do
      check "$name: holds ${f##* ./}" has "$list" "$f"
    done
    check "$name: /etc/default/motcua is a conffile" has "$(dpkg-deb --ctrl-tarfile "$p" | tar -xO ./conffiles)" '^/etc/default/motcua$'
    check "$name: motcua is an ELF for $arch" has "$(elf_of "$p" ./usr/bin/motcua)" "7f 45 4c 46 02 01 01.* $(machine "$arch")"
    ;;
  motcua-hub_*)
    check "$name: architecture $arch matches its name" has "$name" "_${arch}\.deb$"
    check "$name: suggests PostgreSQL" has "$(dpkg-deb -f "$p" Suggests)" postgresql
    check "$name: holds the hub and its unit" has "$list" '\./usr/lib/systemd/system/motcua-hub\.service$'
    check "$name: motcua-hub is an ELF for $arch" has "$(elf_of "$p" ./usr/bin/motcua-hub)" "7f 45 4c 46 02 01 01.* $(machine "$arch")"
    ;;
  esac
  # Maintainer scripts: present where expected, and valid POSIX shell.
  mkdir -p "$work/ctrl/$name"
  dpkg-deb -e "$p" "$work/ctrl/$name"
  for s in "$work/ctrl/$name"/{preinst,postinst,prerm,postrm}; do
    [ -f "$s" ] && check "$name: $(basename "$s") is valid sh" sh -n "$s"
  done
done

# --- motcua for arm64: built against the arm64 sysroot, and run there under QEMU (user
# mode, the sysroot as its library root), so a link against a missing or wrong-ABI library
# shows here, not on a kiosk.
arm=$(ls "$dist"/motcua_*_arm64.deb 2>/dev/null | head -1)
if [ -z "$arm" ]; then
  bad "motcua for arm64 was built (needs gcc-aarch64-linux-gnu: make setup)"
else
  sysroot=${ARM64_SYSROOT:-$root/build/sysroot-arm64}
  mkdir -p "$work/arm64"
  dpkg-deb -x "$arm" "$work/arm64"
  check "motcua arm64 finds every library it links in Debian 12 arm64" \
    sh -c "! qemu-aarch64-static -L '$sysroot' '$sysroot/lib/ld-linux-aarch64.so.1' --list '$work/arm64/usr/bin/motcua' | grep -q 'not found'"
  check "motcua arm64 runs (QEMU): motcua version" has "$(qemu-aarch64-static -L "$sysroot" "$work/arm64/usr/bin/motcua" version 2>&1)" '^[0-9a-z.~+-]+$'
fi

# --- install into a fresh Debian root
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Downloaded .debs are kept between runs on the same machine (a fresh machine fetches them).
cache=${MOTCUA_PACKAGE_CACHE:-/var/cache/motcua-package-check}
mkdir -p "$cache/debootstrap" "$cache/apt/partial"
start=$(date +%s)
if debootstrap --variant=minbase --cache-dir="$cache/debootstrap" bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  ok "debootstrap a Debian 12 root ($(($(date +%s) - start)) s)"
else
  bad "debootstrap a Debian 12 root"
  tail -5 "$work/debootstrap.log"
  echo "$pass passed, $fail failed"
  exit 1
fi
cp "$deb" "$work/root/tmp/"
mount -t proc proc "$work/root/proc"
mount --bind "$cache/apt" "$work/root/var/cache/apt/archives"
in_root() { chroot "$work/root" "$@"; }
start=$(date +%s)
check "apt installs motcua with its dependencies" in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")"
echo "    (install took $(($(date +%s) - start)) s)"
groups=$(in_root id -nG motcua 2>&1)
check "system user motcua exists with a nologin shell" has "$(in_root getent passwd motcua)" '^motcua:x:[0-9]+:[0-9]+:.*:/var/lib/motcua:/usr/sbin/nologin$'
for g in lp dialout gpio audio; do
  check "motcua is in group $g ($groups)" has " $groups " " $g "
done
check "data directory /var/lib/motcua is motcua's, mode 750" has "$(in_root stat -c '%U:%G %a' /var/lib/motcua)" '^motcua:motcua 750$'
check "motcua.service is enabled" test -L "$work/root/etc/systemd/system/graphical.target.wants/motcua.service"
check "motcua-display.service is enabled" test -L "$work/root/etc/systemd/system/graphical.target.wants/motcua-display.service"
check "the machine boots to the graphical target" has "$(readlink "$work/root/etc/systemd/system/default.target")" 'graphical\.target$'
units="/usr/lib/systemd/system/motcua.service /usr/lib/systemd/system/motcua-display.service /usr/lib/systemd/system/motcua-serve.service"
check "systemd-analyze verify of the units in the installed root" systemd-analyze verify --root="$work/root" $units
# The verification can fail: a unit whose program is missing must not pass it.
sed 's|^ExecStart=.*|ExecStart=/usr/bin/motcua-missing|' "$work/root/usr/lib/systemd/system/motcua-serve.service" >"$work/root/etc/systemd/system/motcua-broken.service"
if systemd-analyze verify --root="$work/root" /etc/systemd/system/motcua-broken.service >/dev/null 2>&1; then
  bad "systemd-analyze verify refuses a unit whose program is missing"
else
  ok "systemd-analyze verify refuses a unit whose program is missing"
fi
rm -f "$work/root/etc/systemd/system/motcua-broken.service"
unit=$(cat "$work/root/usr/lib/systemd/system/motcua.service")
check "the kiosk unit has the watchdog and restarts" has "$(grep -E '^(Type|WatchdogSec|Restart)=' <<<"$unit" | tr '\n' ' ')" '^Type=notify .*Restart=always WatchdogSec=[0-9]+ $'
rules=$(cat "$work/root/usr/lib/udev/rules.d/60-motcua.rules")
check "udev: USB printers in group lp as /dev/motcua-printer" has "$rules" 'SUBSYSTEM=="usbmisc", KERNEL=="lp\[0-9\]\*", GROUP="lp".*SYMLINK\+="motcua-printer"'
check "udev: GPIO chips in group gpio" has "$rules" 'SUBSYSTEM=="gpio", KERNEL=="gpiochip\[0-9\]\*", GROUP="gpio"'
check "udev: serial scanners in group dialout" has "$rules" 'KERNEL=="ttyACM\[0-9\]\*", GROUP="dialout"'
check "the kiosk binary runs in the root" in_root /usr/bin/motcua version
check "the units run the switchable link, which points to the packaged binary" has "$(readlink "$work/root/var/lib/motcua/update/current")" '^/usr/bin/motcua$'
check "the kiosk unit prepares each start with the packaged binary" has "$(grep -E '^ExecStart(Pre)?=' <<<"$unit" | tr '\n' ' ')" '^ExecStartPre=/usr/bin/motcua update prepare ExecStart=/var/lib/motcua/update/current $'
check "update prepare runs as motcua in the root" in_root setpriv --reuid=motcua --regid=motcua --clear-groups env MOTCUA_DATA_DIR=/var/lib/motcua HOME=/var/lib/motcua /usr/bin/motcua update prepare
echo '{"db":"keep me"}' >"$work/root/var/lib/motcua/config.keep"
check "apt remove" in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq motcua"
check "remove keeps the data directory" test -f "$work/root/var/lib/motcua/config.keep"
check "remove disables the units" test ! -e "$work/root/etc/systemd/system/graphical.target.wants/motcua.service"
check "apt purge" in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq motcua"
check "purge deletes the data directory" test ! -e "$work/root/var/lib/motcua"
check "purge deletes the user" sh -c "! chroot '$work/root' getent passwd motcua"

# --- the kiosk display script, with Xvfb standing in for Xorg
display=:$((90 + RANDOM % 9))
MOTCUA_X_SERVER=Xvfb MOTCUA_DISPLAY=$display MOTCUA_KIOSK_USER=$(id -un) "$root/build/linux/kiosk/kiosk-display" >"$work/display.log" 2>&1 &
xpid=$!
up=""
for _ in $(seq 1 100); do
  kill -0 $xpid 2>/dev/null || break
  if DISPLAY=$display xset q >/dev/null 2>&1 && pgrep -P $xpid -x matchbox-window >/dev/null; then up=1; break; fi
  sleep 0.2
done
# (The window manager starts only after xhost let the kiosk user on; Xvfb does not list
# server-interpreted entries, so that is how the test sees it.)
if [ -n "$up" ]; then ok "kiosk-display brings up X, lets the kiosk user on, starts the window manager"; else bad "kiosk-display brings up X, lets the kiosk user on, starts the window manager"; cat "$work/display.log"; fi
wm=$(pgrep -P $xpid -x matchbox-window || true)
[ -n "$wm" ] && kill "$wm"
code=0
for _ in $(seq 1 50); do kill -0 $xpid 2>/dev/null || break; sleep 0.1; done
if kill -0 $xpid 2>/dev/null; then
  bad "kiosk-display exits when the window manager dies"
else
  wait $xpid || code=$?
  if [ -n "$wm" ] && [ "$code" -ne 0 ]; then ok "kiosk-display exits non-zero when the window manager dies (systemd restarts it)"; else bad "kiosk-display exit code $code"; fi
fi
xpid=""

# --- Windows
exe=$root/build/bin/windows-amd64/motcua.exe
setup=$(ls "$dist"/motcua-setup-*-amd64.exe 2>/dev/null | head -1)
check "motcua.exe is a Windows x86-64 program" has "$(objdump -f "$exe" 2>&1)" 'file format pei-x86-64'
check "motcua.exe is a GUI program (no console window)" has "$(objdump -p "$exe" 2>&1 | grep -i '^Subsystem')" 'Windows GUI'
if [ -n "$setup" ]; then
  listing=$(7zz l "$setup" 2>&1)
  echo "$listing" | sed -n '/^---/,/^---/p' | sed 's/^/    /'
  check "installer is an NSIS archive" has "$listing" 'Type = Nsis'
  for f in motcua.exe README.md uninstall.exe; do
    check "installer holds $f" has "$listing" " $f$"
  done
else
  bad "an installer in $dist"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
