#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test motcua. Idempotent:
# a second run checks and does nothing. Runs as root (CI) or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: GTK/WebKitGTK 4.1 for the Wails window, Xvfb + a window manager +
# screenshot tools for the smoke test, Chromium for the browser tests, the full Noto Sans
# font, espeak-ng/sox for the voice clips, GStreamer plugins WebKitGTK plays audio with.
packages=(
  build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
  xvfb xauth openbox imagemagick xdotool x11-utils
  chromium fonts-noto-core espeak-ng sox
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v go >/dev/null || { echo "setup: Go 1.26 is required (https://go.dev/dl) and was not found" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ with npm is required and was not found" >&2; exit 1; }

# npm ci only when the lock changed since the last install.
if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  (cd frontend && npm ci --no-audit --no-fund)
fi

go mod download
echo "setup: ok"
