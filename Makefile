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
STAMP     := build/.setup-done
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
GO_SRC    := $(shell find . -name '*.go' -not -path './frontend/*' 2>/dev/null) go.mod go.sum

.PHONY: all setup frontend build hub run serve test test-go test-frontend test-e2e test-smoke lint bench package clean

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
# addresses of the pages.
run: build
	@if [ -n "$$DISPLAY" ]; then exec ./$(BIN); else exec ./$(BIN) serve; fi

serve: build
	./$(BIN) serve

# Every suite writes "<passed> <failed>" to $(RESULTS)/<suite>; the last line printed is
# the total, "N passed, N failed", which CI reads.
test: build
	@rm -rf $(RESULTS); mkdir -p $(RESULTS)
	$(MAKE) --no-print-directory lint test-go test-frontend test-e2e test-smoke
	@cat $(RESULTS)/* | awk '{p+=$$1; f+=$$2} END {print "all suites: " p " passed, " f " failed"}'

lint: $(STAMP)
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

test-go: $(STAMP) frontend/dist/index.html
	@mkdir -p $(RESULTS)
	$(GO) run gotest.tools/gotestsum@v1.13.0 --format pkgname --jsonfile $(RESULTS)/go.json -- -count=1 ./...
	@echo "$$(grep -c '"Action":"pass".*"Test":' $(RESULTS)/go.json) $$(grep -c '"Action":"fail".*"Test":' $(RESULTS)/go.json || true)" > $(RESULTS)/go
	@rm $(RESULTS)/go.json

test-frontend: $(STAMP)
	@mkdir -p $(RESULTS)
	cd frontend && npx vitest run --reporter=default --reporter=json --outputFile.json=../$(RESULTS)/vitest.json
	@node -e 'const r=require("./$(RESULTS)/vitest.json"); console.log(r.numPassedTests, r.numFailedTests)' > $(RESULTS)/vitest && rm $(RESULTS)/vitest.json
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings

test-e2e: build
	@mkdir -p $(RESULTS)
	node test/e2e/run.mjs | tee $(RESULTS)/e2e.log
	@tail -1 $(RESULTS)/e2e.log | awk '{print $$1, $$3}' > $(RESULTS)/e2e && rm $(RESULTS)/e2e.log

test-smoke: build
	@mkdir -p $(RESULTS)
	xvfb-run -a -s "-screen 0 1080x1920x24" test/smoke/wails-smoke.sh | tee $(RESULTS)/smoke.log
	@tail -1 $(RESULTS)/smoke.log | awk '{print $$1, $$3}' > $(RESULTS)/smoke && rm $(RESULTS)/smoke.log

bench: $(STAMP)
	$(GO) test -run '^$$' -bench . -benchmem ./...

package:
	@echo "package: .deb packaging is not built yet (build/linux holds the systemd unit sketch)"; exit 1

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html $(STAMP)
