# flowzap: the two commands are `make run` (or go run ./cmd/flowzap) and
# `make test`. Nothing else needs installing by hand.

GO ?= go
FUZZTIME ?= 60s
# staticcheck runs at this pinned version through `go run`, so nothing is
# installed by hand; the module cache keeps it after the first run.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: embed wasm wasm-check wasm-bench multi-instance bench-server bundle bundle-check screenshots mcp-e2e interchange-e2e interchange-tools template-pages test vet fmtcheck staticcheck tidycheck unit fuzz bench build run docs gallery quality-compare

## test: everything CI runs: vet, gofmt, the bundle check, every unit,
## golden, script, browser and database test (the fuzz targets run on their
## seed corpora and on every input fuzzing ever found, in testdata/fuzz),
## and the MCP server driven by the official TypeScript SDK client (needs
## node and npm, which the machine image has). New fuzzing is `make fuzz`:
## it is random, so it is not part of the deterministic test command.
test: vet wasm-check fmtcheck staticcheck tidycheck bundle-check wasm unit mcp-e2e interchange-e2e interchange-tools multi-instance template-pages embed

vet:
	$(GO) vet ./...

## wasm: the WebAssembly build of the pipeline (cmd/flowzap-wasm, SVG
## only: no PNG/PDF, fallback fonts as a metrics table) with Go's
## wasm_exec.js and the JS API of web/wasm, written to web/dist/wasm (not
## committed: `make test` builds it), and the import module
## (flowzap-import.wasm: /api/import for pages with no server, loaded only
## when a Mermaid, BPMN or draw.io file is opened), with the modules' gzip and brotli
## forms for serving (tools/precompress, only when the module changed;
## brotli at quality BROTLI_QUALITY: 9, a few seconds, by default; 11,
## half a minute and 10% smaller, for a release: make build BROTLI_QUALITY=11). A binary built after it
## (make build, make run) embeds it, and the web app draws in the browser.
## See docs/wasm.md.
WASM_DIR ?= web/dist/wasm
BROTLI_QUALITY ?= 9
wasm:
	mkdir -p $(WASM_DIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags flowzap_svgonly -ldflags=-s -o $(WASM_DIR)/flowzap.wasm ./cmd/flowzap-wasm
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags 'flowzap_svgonly flowzap_import' -ldflags=-s -o $(WASM_DIR)/flowzap-import.wasm ./cmd/flowzap-wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm/core.mjs web/wasm/worker.mjs web/wasm/flowzap.mjs $(WASM_DIR)/
	$(GO) run ./tools/precompress -brotli $(BROTLI_QUALITY) $(WASM_DIR)/flowzap.wasm $(WASM_DIR)/flowzap-import.wasm

## embed: the @flowzap/diagram package (web/embed: the <flowzap-diagram>
## element, with the module and the JS of web/wasm), ready to publish, in
## build/embed (not committed), and the list of what `npm pack` puts in
## its tarball. test/embed (in unit) packs it and tests the element in
## Chromium. See docs/embed.md.
EMBED_DIR ?= build/embed
embed:
	GO=$(GO) scripts/build-embed.sh $(EMBED_DIR)
	cd $(EMBED_DIR) && npm pack --dry-run --offline

## wasm-bench: load time and render time of the WebAssembly module under
## Node, next to the native pipeline (not part of make test); results go in
## docs/benchmarks.md.
wasm-bench: wasm
	$(GO) run ./bench/wasm

## bench-keystroke: the web app's budgets in headless Chromium (not part
## of make test): load to the first picture drawn by the module, and
## keystroke to painted picture on a 200-node diagram with real key
## events, quiet and with every core busy, then through the server.
## Results go in docs/benchmarks.md.
bench-keystroke: wasm
	scripts/ensure-chromium.sh
	cd web && npm ci --no-audit --no-fund --loglevel=error
	$(GO) test -count=1 -v -run '^TestKeystrokeLatency$$' ./internal/server -keystroke-bench

## wasm-check: vet the WebAssembly build and run the font and measuring
## tests in its SVG-only configuration (the metrics table instead of the
## fallback fonts). test/wasm (in unit) compares the module's answers with
## the server's and checks its size budget; web/wasm's client test checks
## the cancelling of stale work.
wasm-check:
	GOOS=js GOARCH=wasm $(GO) vet -tags flowzap_svgonly ./cmd/flowzap-wasm ./internal/wasmapi ./internal/fonts
	GOOS=js GOARCH=wasm $(GO) vet -tags 'flowzap_svgonly flowzap_import' ./cmd/flowzap-wasm
	$(GO) test -count=1 -tags flowzap_svgonly ./internal/fonts ./internal/textmeasure

fmtcheck:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## staticcheck: every check of staticcheck's default set must pass.
staticcheck:
	$(GO) run $(STATICCHECK) ./...

## tidycheck: go.mod and go.sum must be what `go mod tidy` writes.
tidycheck:
	$(GO) mod tidy -diff

## unit: every Go test, with a private PostgreSQL server, Chromium and
## poppler-utils (all installed from Debian's packages when missing). The
## WebAssembly module is built first: the server's tests embed it. A
## package may take 40 minutes before go test calls it hung: the browser
## tests take 3 minutes on a quiet 2-core machine and over 10 on a busy one.
unit: wasm
	scripts/ensure-chromium.sh
	cd web && npm ci --no-audit --no-fund --loglevel=error
	scripts/ensure-poppler.sh
	scripts/with-postgres.sh $(GO) test -count=1 -timeout 40m ./...

## bundle: rebuild web/dist from web/src, and web/src/generated.js from the
## Go sources (needs `npm ci` in web/).
bundle:
	cd web && npm ci --no-audit --no-fund --loglevel=error
	$(GO) run ./tools/bundle

## bundle-check: the committed bundle must be exactly what web/src and the
## pinned packages build (a reproducible front end).
bundle-check:
	cd web && npm ci --no-audit --no-fund --loglevel=error
	$(GO) run ./tools/bundle
	git diff --exit-code -- web/dist web/src/generated.js || (echo "web/dist is stale: run make bundle and commit it"; exit 1)

## screenshots: refresh docs/screenshots from the browser test.
screenshots:
	scripts/ensure-chromium.sh
	cd web && npm ci --no-audit --no-fund --loglevel=error
	$(GO) test -count=1 -run 'TestBrowser|TestCanvas' ./internal/server -screenshots $(CURDIR)/docs/screenshots

## run: the server on http://127.0.0.1:8080 with the WebAssembly module
## embedded (the app draws in the browser) and a fresh bundle.
run: wasm bundle
	$(GO) run ./cmd/flowzap serve

## multi-instance: three flowzap serve instances behind nginx (installed
## from Debian's packages when missing) on one PostgreSQL, kill -9 of one
## under load, every acknowledged save read back, rate limits, SIGTERM
## drain; then kill -9 under load on SQLite. About 30 s.
multi-instance:
	GO=$(GO) scripts/multi-instance.sh

## bench-server: the HTTP load benchmark (not part of make test): render,
## validate, save and read at 50 and 200 connections on SQLite and
## PostgreSQL, concurrent edits, simultaneous starts. Results go in
## docs/benchmarks.md.
bench-server:
	GO=$(GO) scripts/bench-server.sh

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/syntax
	$(GO) test -run '^$$' -fuzz '^FuzzFormat$$' -fuzztime $(FUZZTIME) ./internal/syntax
	$(GO) test -run '^$$' -fuzz '^FuzzFix$$' -fuzztime $(FUZZTIME) ./internal/fix
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime $(FUZZTIME) ./internal/pipeline
	$(GO) test -run '^$$' -fuzz '^FuzzOperations$$' -fuzztime $(FUZZTIME) ./internal/patch
	$(GO) test -run '^$$' -fuzz '^FuzzImport$$' -fuzztime $(FUZZTIME) ./internal/pipeline
	$(GO) test -run '^$$' -fuzz '^FuzzExport$$' -fuzztime $(FUZZTIME) ./internal/pipeline
	$(GO) test -run '^$$' -fuzz '^FuzzDiff$$' -fuzztime $(FUZZTIME) ./internal/pipeline
	$(GO) test -run '^$$' -fuzz '^FuzzWrapBalanced$$' -fuzztime $(FUZZTIME) ./internal/textmeasure

## interchange-e2e: every example and template exported and opened with
## the real tools (Mermaid, bpmn-js and mxGraph in headless Chromium, bpmn-moddle,
## bpmnlint); see test/interchange.
interchange-e2e: build
	scripts/ensure-chromium.sh
	scripts/npm-ci-cached.sh test/interchange
	cd test/interchange && node mermaid.mjs ../../bin/flowzap && node bpmn.mjs ../../bin/flowzap && node drawio.mjs ../../bin/flowzap && node n8n.mjs ../../bin/flowzap
	test/interchange/dot.sh bin/flowzap

## interchange-tools: PlantUML (in a JVM, Debian's package) and D2 (built
## from its Go module on first use) check every export; part of `make test`;
## see test/interchange/tools.sh.
interchange-tools: build
	test/interchange/tools.sh bin/flowzap

## template-pages: every template page in the three languages (from
## sitemap.xml) validated by the Nu Html Checker; see docs/templates.md.
template-pages:
	scripts/validate-template-pages.sh

mcp-e2e: build
	cd test/mcp && npm ci --no-audit --no-fund --loglevel=error && node client.mjs ../../bin/flowzap

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

## build: bin/flowzap with the web app and the WebAssembly module embedded.
build: wasm
	$(GO) build -o bin/flowzap ./cmd/flowzap

## docs: regenerate generated documentation.
# Layout quality and crossings against Graphviz dot (installs graphviz);
# not part of test.
quality-compare:
	bash bench/quality-compare.sh

gallery:
	$(GO) run ./tools/gallery

docs:
	$(GO) run ./tools/gendiag
