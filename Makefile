# motcua — the targets a newcomer can guess. `make run` and `make test` set up what is missing.

SHELL     := bash
.SHELLFLAGS := -eo pipefail -c
GO        ?= go
RESULTS   := build/test-results
TAGS      := desktop,production,webkit2_41
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -w -s -X main.version=$(VERSION)
BIN       := build/bin/motcua
HUB       := build/bin/motcua-hub
HELLO     := build/bin/hello
STAMP     := build/.setup-done
TOOLS     := build/bin/tools
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
GO_SRC    := $(shell find . -name '*.go' -not -path './frontend/*' 2>/dev/null) go.mod go.sum

.PHONY: all setup frontend build hub run serve test test-go test-frontend test-e2e test-smoke test-package lint bench bench-hub package windows clean

all: build

$(STAMP): build/setup.sh frontend/package-lock.json go.mod
	./build/setup.sh
	@touch $@

setup: $(STAMP)

frontend/dist/index.html: $(STAMP) $(FRONTEND_SRC)
	cd frontend && npm run build

frontend: frontend/dist/index.html

$(BIN): frontend/dist/index.html $(GO_SRC)
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $@ .

build: $(BIN)

hub:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(HUB) ./cmd/hub

# With a display, the kiosk window; without one, everything but the window, and the
# addresses of the pages. In demo mode: demo staff with the PINs in docs/api.md, the demo
# catalog, and "CHẾ ĐỘ DÙNG THỬ / DEMO" on every screen (a real kiosk runs without --demo).
run: build
	@if [ -n "$$DISPLAY" ]; then exec ./$(BIN) --demo; else exec ./$(BIN) serve --demo; fi

serve: build
	./$(BIN) serve

# Every suite writes "<passed> <failed>" to $(RESULTS)/<suite> even when it fails, and make
# goes on with the other suites (-k), so the last line printed is always the total,
# "all suites: N passed, N failed", which CI reads; the exit status is non-zero on any failure.
test: build
	@rm -rf $(RESULTS); mkdir -p $(RESULTS)
	@status=0; $(MAKE) --no-print-directory -k lint test-go test-frontend test-e2e test-smoke test-package || status=$$?; \
	  for f in $(RESULTS)/*; do printf '  %-13s %s passed, %s failed\n' "$$(basename $$f)" $$(cat $$f); done; \
	  cat $(RESULTS)/* | awk '{p+=$$1; f+=$$2} END {print "all suites: " p " passed, " f " failed"}'; \
	  exit $$status

$(TOOLS)/gotestsum $(TOOLS)/staticcheck:
	./build/setup.sh

# vet, gofmt, staticcheck and the go.mod check all run, so one report names every problem.
# `go mod tidy -diff` prints what tidy would change and changes nothing (no copy/restore
# needed). Offline: GOPROXY=off never reaches the network; setup fetched what tidy reads.
# GOSUMDB=off because it writes nothing: an untidy go.sum then prints as a diff instead of
# a failed lookup at sum.golang.org. (GOFLAGS=-mod=… has no effect on tidy either way.)
lint: $(STAMP) $(TOOLS)/staticcheck
	@mkdir -p $(RESULTS); echo "0 1" > $(RESULTS)/lint
	@status=0; echo "go vet ./..."; $(GO) vet ./... || status=1; \
	  out=$$(gofmt -l $$(git ls-files '*.go')); [ -z "$$out" ] || { echo "gofmt would change: $$out"; status=1; }; \
	  echo "staticcheck ./..."; $(TOOLS)/staticcheck ./... || status=1; \
	  echo "go mod tidy -diff"; GOPROXY=off GOSUMDB=off $(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy (a 'lookup disabled' error: run ./build/setup.sh)"; status=1; }; \
	  [ $$status -ne 0 ] || echo "1 0" > $(RESULTS)/lint; exit $$status

# The Go tests run in a far time zone (UTC+14: already tomorrow when it is evening in
# Vietnam), so a test or a line of code that leans on the machine's local time, rather than
# kiosk.Zone and the injected clock, fails here on every machine, not only abroad.
GO_TEST_TZ ?= Pacific/Kiritimati

# go test's own output (standard-quiet: "ok  <pkg>  1.2s", FAIL lines and failing tests'
# logs), through gotestsum (built by setup: no network here), which also keeps the JSON the
# counts come from. The hub's PostgreSQL tests share one throwaway cluster (initdb into a
# temporary directory, a free loopback port), named in MOTCUA_TEST_PG and stopped when the
# recipe ends, whether the tests passed or not.
test-go: $(STAMP) $(TOOLS)/gotestsum frontend/dist/index.html
	@mkdir -p $(RESULTS); echo "0 1" > $(RESULTS)/go
	@pg=$$(mktemp -d /tmp/motcua-testpg.XXXXXX); trap './build/testpg.sh stop '"$$pg" EXIT; \
	  MOTCUA_TEST_PG=$$(./build/testpg.sh start "$$pg") || { echo "make test: the throwaway PostgreSQL did not start"; exit 1; }; \
	  export MOTCUA_TEST_PG; echo "MOTCUA_TEST_PG=$$MOTCUA_TEST_PG"; \
	  echo "TZ=$(GO_TEST_TZ) go test -count=1 ./..."; \
	  status=0; TZ=$(GO_TEST_TZ) $(TOOLS)/gotestsum --format standard-quiet --jsonfile $(RESULTS)/go.json -- -count=1 ./... || status=$$?; \
	  p=$$(grep -c '"Action":"pass".*"Test":' $(RESULTS)/go.json || true); f=$$(grep -c '"Action":"fail".*"Test":' $(RESULTS)/go.json || true); \
	  [ $$status -eq 0 ] || [ "$${f:-0}" -gt 0 ] || f=1; echo "$${p:-0} $${f:-0}" > $(RESULTS)/go; \
	  rm -f $(RESULTS)/go.json; exit $$status

test-frontend: $(STAMP)
	@mkdir -p $(RESULTS); echo "0 1" > $(RESULTS)/vitest; echo "0 1" > $(RESULTS)/svelte-check
	@status=0; (cd frontend && npx vitest run --reporter=default --reporter=json --outputFile.json=../$(RESULTS)/vitest.json) || status=$$?; \
	  node -e 'const r=require("./$(RESULTS)/vitest.json"); console.log(r.numPassedTests, r.numFailedTests + (r.numFailedTestSuites||0))' > $(RESULTS)/vitest.tmp && mv $(RESULTS)/vitest.tmp $(RESULTS)/vitest || true; \
	  rm -f $(RESULTS)/vitest.json $(RESULTS)/vitest.tmp; exit $$status
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
	@echo "1 0" > $(RESULTS)/svelte-check

test-e2e: build hub
	@mkdir -p $(RESULTS)
	@status=0; node test/e2e/run.mjs | tee $(RESULTS)/e2e.log || status=$$?; \
	  tail -1 $(RESULTS)/e2e.log | awk '/passed, .* failed$$/ {print $$1, $$3; ok=1} END {if (!ok) print "0 1"}' > $(RESULTS)/e2e; \
	  rm -f $(RESULTS)/e2e.log; exit $$status

# The smoke test's memory baseline: a hello-world window of the same Wails, tags and WebKitGTK.
$(HELLO): test/smoke/hello/main.go test/smoke/hello/dist/index.html go.mod go.sum
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -trimpath -ldflags "-w -s" -o $@ ./test/smoke/hello

test-smoke: build $(HELLO)
	@mkdir -p $(RESULTS)
	@status=0; xvfb-run -a -s "-screen 0 1080x1920x24" test/smoke/wails-smoke.sh | tee $(RESULTS)/smoke.log || status=$$?; \
	  tail -1 $(RESULTS)/smoke.log | awk '/passed, .* failed$$/ {print $$1, $$3; ok=1} END {if (!ok) print "0 1"}' > $(RESULTS)/smoke; \
	  rm -f $(RESULTS)/smoke.log; exit $$status

bench: $(STAMP)
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The hub at a national scale: 1,000 kiosks pushing to a hub on a durable PostgreSQL.
bench-hub: $(STAMP)
	./bench/hub.sh

# Packages. A Debian version starts with a digit; without a release tag it is 0.1.0~git<sha>.
PKG_VERSION ?= 0.1.0~git$(shell git rev-parse --short HEAD 2>/dev/null || echo 0)
DIST      := build/dist
NFPM      := $(GO) run ./build/package -version $(PKG_VERSION) -out $(DIST)
# motcua for arm64 links WebKitGTK through cgo, so it needs an arm64 C cross compiler
# (Debian's gcc-aarch64-linux-gnu, installed by setup) and an arm64 sysroot holding GTK 3 and
# WebKitGTK 4.1: build/sysroot-arm64.sh unpacks Debian's arm64 packages into one (about 500
# packages, 1.2 GB, half a minute here) without touching this machine's own dpkg. Without the
# cross compiler `make package` builds motcua for amd64 and motcua-hub for both, and says so.
ARM64_CC      ?= aarch64-linux-gnu-gcc
ARM64_SYSROOT ?= build/sysroot-arm64
ARM64_PC      := $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu/pkgconfig/webkit2gtk-4.1.pc

$(ARM64_PC): build/sysroot-arm64.sh
	./build/sysroot-arm64.sh $(ARM64_SYSROOT)

# .deb files in build/dist: motcua and motcua-hub, each for amd64 and arm64.
package: $(BIN)
	@rm -f $(DIST)/*.deb; mkdir -p build/bin/linux-amd64 build/bin/linux-arm64
	cp $(BIN) build/bin/linux-amd64/motcua
	for a in amd64 arm64; do \
	  CGO_ENABLED=0 GOARCH=$$a $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o build/bin/linux-$$a/motcua-hub ./cmd/hub; \
	  $(NFPM) -config build/linux/motcua-hub.yaml -arch $$a -bin build/bin/linux-$$a; \
	done
	$(NFPM) -config build/linux/motcua.yaml -arch amd64 -bin build/bin/linux-amd64
	@if command -v $(ARM64_CC) >/dev/null; then \
	  $(MAKE) --no-print-directory $(ARM64_PC) && \
	  CGO_ENABLED=1 GOARCH=arm64 CC="$(ARM64_CC) --sysroot=$(abspath $(ARM64_SYSROOT))" \
	    PKG_CONFIG_SYSROOT_DIR=$(abspath $(ARM64_SYSROOT)) PKG_CONFIG_LIBDIR=$(abspath $(ARM64_SYSROOT))/usr/lib/aarch64-linux-gnu/pkgconfig:$(abspath $(ARM64_SYSROOT))/usr/share/pkgconfig \
	    $(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o build/bin/linux-arm64/motcua . && \
	  $(NFPM) -config build/linux/motcua.yaml -arch arm64 -bin build/bin/linux-arm64; \
	else echo "package: motcua for arm64 skipped: no $(ARM64_CC) (make setup installs gcc-aarch64-linux-gnu)"; fi

# The Windows build (WebView2 through Wails, no cgo) and its NSIS installer in build/dist.
WIN_EXE := build/bin/windows-amd64/motcua.exe
windows: frontend/dist/index.html
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags desktop,production -trimpath -ldflags "$(LDFLAGS) -H windowsgui" -o $(WIN_EXE) .
	@mkdir -p $(DIST); rm -f $(DIST)/*.exe
	makensis -V2 -DVERSION=$(PKG_VERSION) -DEXE=$(CURDIR)/$(WIN_EXE) -DREADME=$(CURDIR)/README.md \
	  -DOUT=$(CURDIR)/$(DIST)/motcua-setup-$(PKG_VERSION)-amd64.exe build/windows/installer.nsi
	@ls $(DIST)/*.exe

# The packages' contents and maintainer scripts, an install into a fresh Debian root
# (debootstrap) with systemd-analyze verify of its units, and the Windows installer's
# contents: test/package/check.sh.
test-package: package windows
	@mkdir -p $(RESULTS)
	@status=0; test/package/check.sh | tee $(RESULTS)/package.log || status=$$?; \
	  tail -1 $(RESULTS)/package.log | awk '/passed, .* failed$$/ {print $$1, $$3; ok=1} END {if (!ok) print "0 1"}' > $(RESULTS)/package; \
	  rm -f $(RESULTS)/package.log; exit $$status

clean:
	rm -rf build/bin build/dist frontend/dist/assets frontend/dist/index.html $(STAMP)
