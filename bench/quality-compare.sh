#!/usr/bin/env bash
# Layout quality of the workflow and architecture views on the quality
# corpus, and edge crossings against Graphviz dot on the same graphs.
# Installs Debian's graphviz when dot is missing. Prints one line per
# diagram and view (crossings, dot's crossings, bends, broken rules), the
# Markdown table kept in docs/quality.md, and for each view the count and
# list of the diagrams where it crosses more than dot; pass -strict to fail
# when there is one, -view workflow (or architecture) to measure one view.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends graphviz >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends graphviz >/dev/null; }
  else sudo apt-get install -y --no-install-recommends graphviz >/dev/null; fi
fi
go run ./bench/quality -v "$@"
