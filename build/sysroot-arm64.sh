#!/usr/bin/env bash
# Builds an arm64 sysroot holding GTK 3 and WebKitGTK 4.1 headers and libraries, so that
# `make package ARM64_SYSROOT=…` can cross-link motcua for arm64 kiosks (cgo: WebKitGTK).
#
# It never touches the machine's own dpkg: apt runs against a private state directory with
# arm64 as its only architecture, downloads the dependency closure of the -dev packages,
# and the .deb files are unpacked (not installed: no maintainer scripts run) into the root.
# Idempotent: a root that already has webkit2gtk-4.1.pc is left alone.
set -euo pipefail

root=${1:-build/sysroot-arm64}
pkgs=(libgtk-3-dev libwebkit2gtk-4.1-dev libc6-dev)
pc="$root/usr/lib/aarch64-linux-gnu/pkgconfig/webkit2gtk-4.1.pc"
if [ -f "$pc" ]; then echo "sysroot: $root already holds WebKitGTK 4.1"; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$root"
touch "$work/status"
cp /etc/apt/sources.list.d/*.sources "$work/etc/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$work/etc/sources.list" || touch "$work/etc/sources.list"
apt_opts=(
  -o "APT::Architecture=arm64" -o "APT::Architectures=arm64"
  -o "Dir::State=$work/state" -o "Dir::State::status=$work/status"
  -o "Dir::Cache=$work/cache" -o "Dir::Etc::SourceList=$work/etc/sources.list"
  -o "Dir::Etc::SourceParts=$work/etc" -o "Dir::Etc::Preferences=$work/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$work/etc/preferences.d"
  -o "APT::Install-Recommends=false" -o "Debug::NoLocking=true" -o "APT::Sandbox::User=$(id -un)"
)
apt-get "${apt_opts[@]}" update -qq
apt-get "${apt_opts[@]}" install -y -qq --download-only "${pkgs[@]}" >/dev/null

# Debian 12 is merged-/usr: /lib and friends are links into /usr, as on the target.
for d in bin sbin lib; do
  mkdir -p "$root/usr/$d"; [ -e "$root/$d" ] || ln -s "usr/$d" "$root/$d"
done
n=0
for deb in "$work"/cache/archives/*.deb; do
  # (dpkg-deb -x would replace the /lib link with a directory: tar must keep it.)
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$root"
  n=$((n + 1))
done

# Absolute symlinks (libfoo.so -> /lib/aarch64-linux-gnu/libfoo.so.1) would point into the
# build machine; make them relative to the sysroot so the cross linker finds the target's.
find "$root" -type l -lname '/*' | while read -r l; do
  t=$(readlink "$l"); ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$root$t")" "$l"
done
[ -f "$pc" ] || { echo "sysroot: WebKitGTK 4.1 missing after unpacking" >&2; exit 1; }
echo "sysroot: $n packages unpacked into $root ($(du -sh "$root" | cut -f1))"
