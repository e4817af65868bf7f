#!/bin/sh
# tools.sh FLOWZAP: the heavier checks, run by `make interchange-tools`
# (part of `make test`: PlantUML starts one JVM for the whole corpus, and D2
# is compiled from its Go module on first use). Every example and template exported as PlantUML (activity and
# sequence) must render with Debian's plantuml without an error, and every
# D2 export must compile with the real d2 (v0.7.1 from the Go module proxy).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v plantuml >/dev/null 2>&1; then
	echo "tools.sh: installing plantuml from Debian's packages" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends plantuml >/dev/null
fi
d2=$root/bin/d2
if [ ! -x "$d2" ]; then
	echo "tools.sh: building d2 v0.7.1 from the Go module proxy" >&2
	GOBIN=$root/bin go install oss.terrastruct.com/d2@v0.7.1
fi
n=0
for f in "$root"/examples/*.fz "$root"/gallery/templates/*.fz "$root"/test/interchange/testdata/*.fz; do
	b=$(basename "$f" .fz)
	"$bin" export --format plantuml "$f" >"$work/$b.puml"
	"$bin" export --format plantuml-sequence "$f" >"$work/$b-seq.puml"
	"$bin" export --format d2 "$f" >"$work/$b.d2"
	n=$((n + 1))
done
# One JVM for every file; any error makes plantuml exit non-zero.
if ! plantuml -checkonly "$work"/*.puml >"$work/plantuml.log" 2>&1; then
	grep -v '^[[:space:]]*at ' "$work/plantuml.log" | head -20
	echo "FAIL: plantuml reports errors"
	exit 1
fi
echo "plantuml: $((n * 2)) files checked: ok"
# Labels that look like markup show as written (PlantUML's creole would
# make tables, bold, wavy or struck text, tags, icons and escapes of
# them), and two lanes with one label stay two swimlanes.
plantuml -tsvg "$work/plain-text.puml" "$work/plain-text-seq.puml" >"$work/plantuml.log" 2>&1 || {
	cat "$work/plantuml.log"
	echo "FAIL: plantuml could not draw plain-text"
	exit 1
}
for svg in "$work/plain-text.svg" "$work/plain-text-seq.svg"; do
	for want in 'Claim | form, 100% done; ok' '&lt;b&gt;not bold&lt;/b&gt;' '>|not a table|<' 'Copy C:\tmp\new' \
		'**not bold** and ~~not wavy~~' 'a ~ b, //not italic//, --not struck--' '&lt;&amp;star&gt; and &lt;U+0041&gt;'; do
		if ! grep -qF -- "$want" "$svg"; then
			echo "FAIL $(basename "$svg"): the label $want is not drawn as written"
			exit 1
		fi
	done
done
if [ "$(grep -o '>Ops<' "$work/plain-text.svg" | wc -l)" != 2 ]; then
	echo "FAIL plain-text.svg: two lanes labelled Ops are not two swimlanes"
	exit 1
fi
echo "plantuml: labels drawn as written: ok"
fail=0
for f in "$work"/*.d2; do
	if ! "$d2" validate "$f" >"$work/d2.log" 2>&1; then
		echo "FAIL $(basename "$f"): $(cat "$work/d2.log")"
		fail=1
	fi
done
[ "$fail" = 0 ] || exit 1
echo "d2: $n files validated: ok"
