#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftotext, pdftoppm) for the PDF text
# tests of internal/render/raster when they are missing. The tests fail
# (not skip) without them.
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-poppler: installing poppler-utils from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq poppler-utils >/dev/null
