#!/usr/bin/env bash
# Whole-process timings of the flowzap CLI on generated diagrams.
# Usage: bash bench/cli.sh   (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/flowzap" ./cmd/flowzap
for n in 100 1000 10000; do go run ./tools/fzgen -nodes $n -seed 1 > "$tmp/g$n.fz"; done
cp examples/seed-blue-green.fz "$tmp/seed.fz"
runs=20
echo "| input | bytes | command | mean wall time |"
echo "| --- | --- | --- | --- |"
for f in seed g100 g1000 g10000; do
  for cmd in "check --strict" "fmt" "export"; do
    start=$(date +%s%N)
    for _ in $(seq $runs); do "$tmp/flowzap" $cmd "$tmp/$f.fz" > /dev/null; done
    end=$(date +%s%N)
    printf "| %s | %s | %s | %.1f ms |\n" "$f" "$(wc -c < "$tmp/$f.fz")" "$cmd" "$(echo "($end - $start) / $runs / 1000000" | bc -l)"
  done
done
