#!/usr/bin/env bash
# Whole-process render timings: flowzap render (SVG, PNG) against Graphviz
# dot -Tsvg on the same graphs (lanes as clusters, same nodes and edges).
# Usage: bash bench/render.sh   (needs graphviz for the dot column:
# apt-get install -y graphviz). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/flowzap" ./cmd/flowzap
cp examples/seed-blue-green.fz "$tmp/seed-blue-green.fz"
cp examples/seed-event-driven.fz "$tmp/seed-event-driven.fz"
for n in 100 1000 10000; do go run ./tools/fzgen -nodes $n -seed 1 > "$tmp/gen$n.fz"; done

todot() { # flowzap's JSON graph -> DOT with one cluster per lane
  "$tmp/flowzap" export "$1" | python3 -c '
import json, sys
g = json.load(sys.stdin)
print("digraph G { rankdir=LR; node [shape=box, fontname=Helvetica];")
for l in g["lanes"]:
    print("subgraph \"cluster_%s\" { label=%s;" % (l["id"], json.dumps(l["label"])))
    for n in g["nodes"]:
        if n["laneId"] == l["id"]:
            shape = {"circle": "circle", "diamond": "diamond"}.get(n["shape"], "box")
            print("\"%s\" [label=%s, shape=%s];" % (n["id"], json.dumps(n["label"]), shape))
    print("}")
for e in g["edges"]:
    lab = "" if e["label"] is None else " [label=%s]" % json.dumps(e["label"])
    print("\"%s\" -> \"%s\"%s;" % (e["from"], e["to"], lab))
print("}")'
}

ms() { # ms RUNS CMD...: mean wall time in ms, marked when the command fails
  local runs=$1; shift
  local start end status=0
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" > /dev/null 2>&1 || { status=$?; break; }; done
  end=$(date +%s%N)
  if [ $status -ne 0 ]; then
    echo "failed (exit $status) after $(( (end - start) / 1000000 ))"
  else
    echo "scale=1; ($end - $start) / $runs / 1000000" | bc
  fi
}

echo "| input | nodes | flowzap → SVG | flowzap → PNG (scale 2) | dot -Tsvg |"
echo "| --- | --- | --- | --- | --- |"
for f in seed-blue-green seed-event-driven gen100 gen1000 gen10000; do
  nodes=$("$tmp/flowzap" export "$tmp/$f.fz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stats"]["nodeCount"])')
  runs=10; [ "$f" = gen10000 ] && runs=3
  svg=$(ms $runs "$tmp/flowzap" render -o "$tmp/out.svg" "$tmp/$f.fz")
  png="-"
  [ "$f" != gen10000 ] && png=$(ms $runs "$tmp/flowzap" render -o "$tmp/out.png" "$tmp/$f.fz")
  dot="not installed"
  if command -v dot > /dev/null; then
    todot "$tmp/$f.fz" > "$tmp/$f.dot"
    druns=$runs; [ "$f" = gen10000 ] && druns=1
    dot=$(ms $druns timeout 120 dot -Tsvg -o "$tmp/out-dot.svg" "$tmp/$f.dot")
  fi
  echo "| $f | $nodes | $svg ms | $png ms | $dot ms |"
done
