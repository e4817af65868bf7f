#!/usr/bin/env bash
# Validates every page of the template library (/templates and every
# /templates/{slug}, in English, French and Chinese, as listed by
# sitemap.xml) with the Nu Html Checker, the W3C's HTML validator. Any
# error fails. Java comes from Debian's packages when missing; vnu.jar from
# npm, pinned in test/templates/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  echo "validate-template-pages: installing a Java runtime from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq default-jre-headless >/dev/null
fi
(cd test/templates && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
jar=test/templates/node_modules/vnu-jar/build/dist/vnu.jar
tmp=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
go build -o "$tmp/flowzap" ./cmd/flowzap
url=""
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  "$tmp/flowzap" serve --addr "127.0.0.1:$port" --db "$tmp/pages.db" --rate 100000 >"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/robots.txt" >/dev/null 2>&1; then
      url="http://127.0.0.1:$port"
      break 2
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  pid=""
done
if [ -z "$url" ]; then
  echo "validate-template-pages: the server did not start:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi
mkdir "$tmp/pages"
curl -fsS "$url/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g' >"$tmp/urls"
n=0
while read -r page; do
  n=$((n + 1))
  curl -fsS "$page" -o "$tmp/pages/$n.html"
done <"$tmp/urls"
if [ "$n" -lt 300 ]; then
  echo "validate-template-pages: only $n pages in sitemap.xml" >&2
  exit 1
fi
java -jar "$jar" --errors-only "$tmp/pages"
echo "validate-template-pages: $n pages valid"
