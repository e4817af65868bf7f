#!/usr/bin/env bash
# The HTTP load benchmark (make bench-server; not part of make test):
# render, validate, save and read at 50 and 200 connections on SQLite and
# on a private PostgreSQL, then concurrent edits and simultaneous starts.
# Prints Markdown tables for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
$GO build -o bin/bench-server ./bench/server
scripts/with-postgres.sh bash -c '
  echo "machine: $(nproc) CPUs, $(uname -sr), $(date -u +%Y-%m-%d)"
  bin/bench-server -mode load -d ${BENCH_DURATION:-5s}
  bin/bench-server -mode edits -db "$FLOWZAP_TEST_POSTGRES" -instances 2 -c 16 -d 10s
  bin/bench-server -mode edits -db "$FLOWZAP_TEST_POSTGRES" -instances 1 -c 4 -d 10s
  bin/bench-server -mode starts -db "$FLOWZAP_TEST_POSTGRES" -k 4
  bin/bench-server -mode starts -db "$FLOWZAP_TEST_POSTGRES" -k 20
'
