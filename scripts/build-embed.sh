#!/usr/bin/env bash
# Writes the ready-to-publish @flowzap/diagram package (web/embed) to DIR
# (default build/embed): the element, the JS API and worker of web/wasm,
# the WebAssembly modules built as `make wasm` builds them, Go's wasm_exec.js
# (from the Go that built the modules: they must match) and the licences of
# what the modules and wasm_exec.js contain. Used by `make embed` and by
# test/embed, so that the test checks what is published.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=${1:-build/embed}
rm -rf "$out"
mkdir -p "$out/licenses" "$out/fonts"
GOOS=js GOARCH=wasm "$GO" build -trimpath -tags flowzap_svgonly -ldflags=-s -o "$out/flowzap.wasm" ./cmd/flowzap-wasm
# The import module (Mermaid, BPMN and draw.io to FlowZap code), fetched
# only by a page that shows such a diagram.
GOOS=js GOARCH=wasm "$GO" build -trimpath -tags 'flowzap_svgonly flowzap_import' -ldflags=-s -o "$out/flowzap-import.wasm" ./cmd/flowzap-wasm
goroot=$("$GO" env GOROOT)
cp "$goroot/lib/wasm/wasm_exec.js" "$out/"
cp web/wasm/flowzap.mjs web/wasm/worker.mjs web/wasm/core.mjs "$out/"
cp web/embed/package.json web/embed/README.md web/embed/NOTICE.md web/embed/flowzap-diagram.js web/embed/flowzap-diagram.d.ts "$out/"
cp "$goroot/LICENSE" "$out/licenses/Go-LICENSE.txt"
cp internal/fonts/OFL.txt "$out/licenses/Inter-OFL.txt"
# Inter, the font the layout measures with, for pages that do not have it.
cp internal/fonts/Inter_400Regular.ttf "$out/fonts/Inter-Regular.ttf"
cp internal/fonts/Inter_600SemiBold.ttf "$out/fonts/Inter-SemiBold.ttf"
# The licence (and NOTICE) of every Go module compiled into the module.
for mod in $(for tags in flowzap_svgonly 'flowzap_svgonly flowzap_import'; do GOOS=js GOARCH=wasm "$GO" list -deps -tags "$tags" -f '{{if .Module}}{{.Module.Path}}{{end}}' ./cmd/flowzap-wasm; done | sort -u); do
  [ "$mod" = flowzap ] && continue
  dir=$("$GO" list -m -f '{{.Dir}}' "$mod")
  name=${mod//\//-}
  for f in LICENSE NOTICE; do
    if [ -f "$dir/$f" ]; then cp "$dir/$f" "$out/licenses/$name-$f.txt"; fi
  done
  if [ ! -f "$out/licenses/$name-LICENSE.txt" ]; then
    echo "build-embed: $mod has no LICENSE file to ship" >&2
    exit 1
  fi
done
# Files in the module cache are read-only and go build makes the module
# executable: the package's files are plain 0644.
find "$out" -type f -exec chmod 0644 {} +
