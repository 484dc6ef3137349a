#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test motcua. Idempotent:
# a second run checks and does nothing. Runs as root (CI) or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: GTK/WebKitGTK 4.1 for the Wails window, Xvfb + a window manager +
# screenshot tools for the smoke test, Chromium for the browser tests, the full Noto Sans
# font, espeak-ng/sox for the voice clips, GStreamer plugins WebKitGTK plays audio with,
# PostgreSQL for the hub's tests (they start throwaway clusters of their own with its
# initdb; the cluster the package may make and start is not used).
# poppler-utils: pdftotext, with which the dossiers' PDF forms are read back in tests.
# Packaging and its checks (make package, make windows, make test-package): NSIS for the
# Windows installer and 7-Zip to list it, debootstrap for a fresh Debian root, systemd for
# systemd-analyze, the kiosk display's X tools and window manager, and the arm64 cross
# compiler with QEMU to run what it built (the sysroot comes from build/sysroot-arm64.sh).
packages=(
  build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
  xvfb xauth openbox imagemagick xdotool x11-utils
  chromium fonts-noto-core espeak-ng sox
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  postgresql poppler-utils
  nsis 7zip debootstrap systemd x11-xserver-utils matchbox-window-manager
  gcc-aarch64-linux-gnu qemu-user-static
)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [ -z "$sudo" ] || command -v sudo >/dev/null || { echo "setup: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v go >/dev/null || { echo "setup: Go 1.26 is required (https://go.dev/dl) and was not found" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20.19+ with npm 11 is required and was not found" >&2; exit 1; }

# Vite 8 needs Node ≥ 20.19 and installs from this lock with npm 11 (npm 10 fails on it).
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "setup: Node $(node --version) is too old; Vite 8 needs Node 20.19 or newer" >&2; exit 1; }
if [ "$(npm --version | cut -d. -f1)" -lt 11 ]; then
  echo "setup: npm $(npm --version) found; upgrading to npm 11, which the frontend's lock needs"
  $sudo npm install -g --no-audit --no-fund npm@11 ||
    { echo "setup: could not upgrade npm; run: npm install -g npm@11" >&2; exit 1; }
fi

# npm ci only when the lock changed since the last install.
if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  (cd frontend && npm ci --no-audit --no-fund)
fi

go mod download
# `make lint` checks offline that go.mod is tidy; tidy also reads the go.mod of the
# dependencies' own test dependencies, which `go mod download` leaves out. Asking tidy
# once (-diff: it changes nothing) fetches exactly those. A diff is lint's to report; a
# failure with no diff is a fetch that failed.
if ! tidy=$(go mod tidy -diff); then
  [ -n "$tidy" ] || { echo "setup: could not fetch the modules go mod tidy reads" >&2; exit 1; }
  echo "setup: go.mod/go.sum are not tidy (make lint reports it; go mod tidy fixes it)"
fi

# Go tools `make test` runs, built here once so the tests themselves need no network
# (`go run tool@version` looks the module up online every time).
tools=build/bin/tools
install_tool() { # name package module version
  if ! go version -m "$tools/$1" 2>/dev/null | grep -q "mod[[:space:]]$3[[:space:]]$4"; then
    echo "setup: building $1 $4"
    GOBIN="$PWD/$tools" go install "$2@$4"
  fi
}
install_tool gotestsum gotest.tools/gotestsum gotest.tools/gotestsum v1.13.0
install_tool staticcheck honnef.co/go/tools/cmd/staticcheck honnef.co/go/tools v0.8.2
echo "setup: ok"
