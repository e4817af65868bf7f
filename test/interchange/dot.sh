#!/bin/sh
# dot.sh FLOWZAP: every example and template exported as Graphviz DOT
# must be read and laid out by Debian's Graphviz `dot` without a warning.
# Installs graphviz when it is missing; fails if it cannot.
set -eu
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v dot >/dev/null 2>&1; then
	echo "dot.sh: installing graphviz from Debian's packages" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
fi
dot -V
fail=0
n=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "$root"/examples/*.fz "$root"/gallery/templates/*.fz "$root"/test/interchange/testdata/*.fz; do
	n=$((n + 1))
	src=$("$bin" export --format dot "$f")
	svg=$(printf '%s\n' "$src" | dot -Tsvg 2>"$tmp") || { echo "FAIL $f: dot exited with an error: $(cat "$tmp")"; fail=1; continue; }
	if [ -s "$tmp" ]; then
		echo "FAIL $f: dot warned: $(cat "$tmp")"
		fail=1
	fi
	# Every node and edge statement is drawn.
	nodes=$(printf '%s\n' "$src" | grep -c ' \[label=.*shape=' || true)
	# An edge statement starts with its quoted source ("n1":e -> ...);
	# a node's label may hold " -> " too, so lines are not matched on that.
	edges=$(printf '%s\n' "$src" | grep -cE '^ *"[^"]*"(:[a-z]+)? -> "' || true)
	gn=$(printf '%s\n' "$svg" | grep -c 'class="node"' || true)
	ge=$(printf '%s\n' "$svg" | grep -c 'class="edge"' || true)
	if [ "$nodes" != "$gn" ] || [ "$edges" != "$ge" ]; then
		echo "FAIL $f: dot drew $gn nodes and $ge edges, want $nodes and $edges"
		fail=1
	fi
done
[ "$fail" = 0 ] || exit 1
echo "dot: $n files laid out by Graphviz: ok"
