# flowzap: the two commands are `make run` (or go run ./cmd/flowzap) and
# `make test`. Nothing else needs installing by hand.

GO ?= go
FUZZTIME ?= 15s

.PHONY: test vet fmtcheck unit fuzz bench build run docs gallery

## test: everything CI runs: vet, gofmt, unit/golden/script tests, short fuzzing.
test: vet fmtcheck unit fuzz

vet:
	$(GO) vet ./...

fmtcheck:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -count=1 ./...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/syntax
	$(GO) test -run '^$$' -fuzz '^FuzzFormat$$' -fuzztime $(FUZZTIME) ./internal/syntax
	$(GO) test -run '^$$' -fuzz '^FuzzFix$$' -fuzztime $(FUZZTIME) ./internal/fix

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

build:
	$(GO) build -o bin/flowzap ./cmd/flowzap

## docs: regenerate generated documentation.
gallery:
	$(GO) run ./tools/gallery

docs:
	$(GO) run ./tools/gendiag
