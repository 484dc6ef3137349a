# motcua — the targets a newcomer can guess. `make run` and `make test` set up what is missing.

GO        ?= go
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

test: build lint test-go test-frontend test-e2e test-smoke

lint: $(STAMP)
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) run honnef.co/go/tools/cmd/staticcheck@2025.1.1 ./...

test-go: $(STAMP) frontend/dist/index.html
	$(GO) test -count=1 ./...

test-frontend: $(STAMP)
	cd frontend && npx vitest run && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings

test-e2e: build
	node test/e2e/run.mjs

test-smoke: build
	xvfb-run -a -s "-screen 0 1080x1920x24" test/smoke/wails-smoke.sh

bench: $(STAMP)
	$(GO) test -run '^$$' -bench . -benchmem ./...

package:
	@echo "package: .deb packaging is not built yet (build/linux holds the systemd unit sketch)"; exit 1

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html $(STAMP)
